package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// validateFormats are validate's -o values.
var validateFormats = []string{"text", "json", "sarif", "github"}

// writeSARIF writes findings as a SARIF 2.1.0 log, for code-scanning tools:
// one result per finding, at its file and line; errors are level "error",
// warnings "warning". Rule ids say which side refused: "apiserver" for what
// kubectl apply's API server refuses, "admission" for the webhook.
func writeSARIF(w io.Writer, findings []finding, version string) error {
	type region struct {
		StartLine int `json:"startLine"`
	}
	type location struct {
		PhysicalLocation struct {
			ArtifactLocation struct {
				URI string `json:"uri"`
			} `json:"artifactLocation"`
			Region region `json:"region"`
		} `json:"physicalLocation"`
	}
	type result struct {
		RuleID  string `json:"ruleId"`
		Level   string `json:"level"`
		Message struct {
			Text string `json:"text"`
		} `json:"message"`
		Locations []location `json:"locations"`
	}
	type rule struct {
		ID               string `json:"id"`
		ShortDescription struct {
			Text string `json:"text"`
		} `json:"shortDescription"`
	}
	rules := []rule{{ID: "apiserver"}, {ID: "admission"}, {ID: "admission-warning"}}
	rules[0].ShortDescription.Text = "The Kubernetes API server refuses the object (schema, CEL or built-in validation)."
	rules[1].ShortDescription.Text = "The apisix-ingress admission webhook refuses the object."
	rules[2].ShortDescription.Text = "The apisix-ingress admission webhook admits the object with a warning."
	results := make([]result, 0, len(findings))
	for _, f := range findings {
		var r result
		r.RuleID, r.Level = f.rule(), f.Severity
		r.Message.Text = f.summary()
		var loc location
		loc.PhysicalLocation.ArtifactLocation.URI = f.Path
		loc.PhysicalLocation.Region.StartLine = max(f.Line, 1)
		r.Locations = []location{loc}
		results = append(results, r)
	}
	log := map[string]any{
		"version": "2.1.0",
		"$schema": "https://json.schemastore.org/sarif-2.1.0.json",
		"runs": []any{map[string]any{
			"tool": map[string]any{"driver": map[string]any{
				"name": "apisix-ingress", "version": version, "rules": rules,
				"informationUri": "https://github.com/apisix-ingress/apisix-ingress",
			}},
			"results": results,
		}},
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(log)
}

// writeGitHub writes findings as GitHub Actions workflow commands
// (`::error file=F,line=N,title=T::message`), which annotate the pull
// request's files.
func writeGitHub(w io.Writer, findings []finding) {
	for _, f := range findings {
		fmt.Fprintf(w, "::%s file=%s,line=%d,title=%s::%s\n", f.Severity, ghProperty(f.Path), max(f.Line, 1),
			ghProperty(f.object()), ghData(f.summary()))
	}
}

// rule is the SARIF rule id of a finding.
func (f finding) rule() string {
	switch {
	case f.Severity == "warning":
		return "admission-warning"
	case f.APIServer:
		return "apiserver"
	}
	return "admission"
}

// object is "Kind ns/name".
func (f finding) object() string {
	if f.Namespace != "" {
		return f.Kind + " " + f.Namespace + "/" + f.Name
	}
	return f.Kind + " " + f.Name
}

// summary is the object, the field and the message on one line.
func (f finding) summary() string {
	if f.Field == "" {
		return f.object() + ": " + f.Message
	}
	return f.object() + ": " + f.Field + ": " + f.Message
}

// ghData escapes a workflow command's message.
func ghData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// ghProperty escapes a workflow command's property value.
func ghProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
