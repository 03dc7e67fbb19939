package main

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/apisix-ingress/apisix-ingress/internal/manifestio"
	"github.com/apisix-ingress/apisix-ingress/internal/snapshotio"
	"github.com/apisix-ingress/apisix-ingress/translator"
)

// runTranslate prints the APISIX state that manifests translate to, as JSON
// in Admin API v3 body form on stdout, and statuses and notices on stderr.
// Objects the API server would refuse are reported with its messages and
// left out of the translation, as a cluster never holds them.
// Exit 1 when any object has errors, 2 on usage or I/O errors.
func runTranslate(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("translate", stderr)
	var files multiFlag
	fs.VarP(&files, "filename", "f", "file, directory (recursive) or - for stdin; repeatable")
	ns := fs.StringP("namespace", "n", "default", "namespace of objects that name none")
	class := fs.String("ingress-class", translator.DefaultIngressClass, "IngressClass name this controller serves")
	extra := fs.String("extra-ingress-classes", "", "further class names to take over, comma separated (e.g. nginx)")
	showSecrets := fs.Bool("show-secrets", false, "print credentials and private keys instead of redacting them")
	var gw gatewayFlags
	gw.register(fs, false)
	if code, done := parseFlags(fs, "translate", args, stdout, stderr); done {
		return code
	}
	if len(files) == 0 {
		fmt.Fprintln(stderr, "translate: -f FILE|DIR|- is required")
		return 2
	}
	docs, err := manifestio.ReadPaths(files, stdin)
	if err != nil {
		fmt.Fprintln(stderr, "translate:", err)
		return 2
	}
	refused, docs, err := apiServerChecks(docs, *ns, true)
	if err != nil {
		fmt.Fprintln(stderr, "translate:", err)
		return 1
	}
	dec, err := snapshotio.Decode(docs, *ns)
	if err != nil {
		fmt.Fprintln(stderr, "translate:", err)
		return 1
	}
	topts := translator.Options{IngressClass: *class, ExtraIngressClasses: splitList(*extra)}
	gw.apply(&topts, nil)
	res := translator.Translate(dec.Snapshot, topts)
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	state := res.State
	if !*showSecrets {
		state = redactState(state)
	}
	if err := enc.Encode(state); err != nil {
		fmt.Fprintln(stderr, "translate:", err)
		return 2
	}
	printAPIServerRefusals(stderr, refused)
	if code := reportStatuses(res, dec, stderr); code != 0 || len(refused) == 0 {
		return code
	}
	return 1
}

// reportStatuses prints every error and notice as "path:line: object: field: message".
func reportStatuses(res *translator.Result, dec *snapshotio.Decoded, w io.Writer) int {
	code := 0
	where := func(ref translator.ObjectRef) string {
		if s, ok := dec.Sources[ref]; ok {
			return fmt.Sprintf("%s:%d: ", s.Path, s.Line)
		}
		return ""
	}
	for _, st := range res.Statuses {
		for _, e := range st.Errors {
			code = 1
			fmt.Fprintf(w, "%serror: %s: %s\n", where(st.Ref), st.Ref, e.Error())
		}
	}
	for _, n := range res.Notices {
		f := n.Field
		if f != "" {
			f += ": "
		}
		fmt.Fprintf(w, "%s%s: %s: %s%s\n", where(n.Ref), lower(string(n.Severity)), n.Ref, f, n.Message)
	}
	return code
}
