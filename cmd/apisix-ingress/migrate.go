package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/clientcmd"

	"github.com/apisix-ingress/apisix-ingress/internal/manifestio"
	"github.com/apisix-ingress/apisix-ingress/migrate"
	"github.com/apisix-ingress/apisix-ingress/translator"
)

// runMigrate reports how manifests (or a cluster's objects) move off
// ingress-nginx and, with -o, writes them rewritten. Exit 0 ok, 1 when a
// --fail-on condition is met, 2 on usage or I/O errors.
func runMigrate(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("migrate", stderr)
	var files multiFlag
	fs.VarP(&files, "filename", "f", "file, directory (recursive) or - for stdin; repeatable (without -f: the cluster of --kubeconfig)")
	kubeconfig := fs.String("kubeconfig", "", "kubeconfig of the cluster to read (default: $KUBECONFIG or ~/.kube/config)")
	ns := fs.StringP("namespace", "n", "", "namespace: of the cluster to read, or of objects in files that name none (default \"default\")")
	all := fs.BoolP("all-namespaces", "A", false, "read every namespace of the cluster")
	to := fs.String("to", string(migrate.ModeIngress), "rewrite to: ingress (Ingresses for this controller), crd (ApisixRoute/ApisixUpstream/ApisixTls) or gateway-api (Gateway, HTTPRoutes, ApisixPluginConfigs)")
	gateway := fs.String("gateway", "", "with --to gateway-api: the existing Gateway (namespace/name) the HTTPRoutes attach to (default: write Gateway \""+migrate.DefaultGatewayName+"\" in --namespace, to gateway.yaml)")
	outDir := fs.StringP("output-dir", "o", "", "directory to write the rewritten manifests to (other documents are copied unchanged)")
	format := fs.String("format", migrate.FormatText, "report format: text, markdown or json")
	failOn := fs.String("fail-on", "", "exit 1 when the report has any of: blocked, changed, ignored, traps (comma separated)")
	class := fs.String("ingress-class", translator.DefaultIngressClass, "IngressClass of the rewritten objects")
	from := fs.String("from-class", migrate.DefaultFromClass, "ingress-nginx's class names, comma separated (classes of controller "+migrate.NginxController+" are added)")
	unclassed := fs.Bool("include-unclassed", true, "migrate Ingresses that name no class (ingress-nginx served them as the default class)")
	if code, done := parseFlags(fs, "migrate", args, stdout, stderr); done {
		return code
	}
	mode, err := migrate.ParseMode(*to)
	conds := splitList(*failOn)
	for _, c := range conds {
		if !migrate.ValidFailOn(c) {
			err = fmt.Errorf("--fail-on %q: use %v", c, migrate.FailOnConditions())
		}
	}
	if err == nil && *gateway != "" {
		err = checkGatewayFlag(*gateway, mode)
	}
	if err == nil && fs.NArg() > 0 {
		err = fmt.Errorf("unexpected arguments %v", fs.Args())
	}
	if err == nil && *format != migrate.FormatText && *format != migrate.FormatMarkdown && *format != migrate.FormatJSON {
		err = fmt.Errorf("--format %q: use text, markdown or json", *format)
	}
	if err != nil {
		fmt.Fprintln(stderr, "migrate:", err)
		return 2
	}
	start := time.Now()
	docs, err := readMigrateInput(files, stdin, *kubeconfig, *ns, *all)
	if err != nil {
		fmt.Fprintln(stderr, "migrate:", err)
		return 2
	}
	// What the API server would refuse is reported with its words and left
	// out: such an object could never be applied, before or after migrating.
	refused, docs, err := apiServerChecks(docs, defaultTo(*ns, "default"), false)
	if err != nil {
		fmt.Fprintln(stderr, "migrate:", err)
		return 2
	}
	printAPIServerRefusals(stderr, refused)
	opts := migrate.Options{
		Mode: mode, IngressClass: *class, FromClasses: splitList(*from), IncludeUnclassed: *unclassed,
		Namespace: *ns, Gateway: *gateway, Progress: stderr,
	}
	res, err := migrate.Run(docs, opts)
	if err != nil {
		fmt.Fprintln(stderr, "migrate:", err)
		return 2
	}
	if *outDir != "" {
		if err := writeFiles(*outDir, migrate.Files(res.Outputs, files)); err != nil {
			fmt.Fprintln(stderr, "migrate:", err)
			return 2
		}
	}
	if err := res.Report.Write(stdout, *format); err != nil {
		fmt.Fprintln(stderr, "migrate:", err)
		return 2
	}
	if len(docs) >= 1000 {
		fmt.Fprintf(stderr, "migrate: %d documents in %s\n", len(docs), time.Since(start).Round(time.Millisecond))
	}
	if res.Report.FailOn(conds) {
		fmt.Fprintf(stderr, "migrate: --fail-on %s: condition met\n", *failOn)
		return 1
	}
	if len(refused) > 0 {
		fmt.Fprintf(stderr, "migrate: %d objects the API server would refuse were left out\n", len(objectsOf(refused)))
		return 1
	}
	return 0
}

// checkGatewayFlag checks --gateway: namespace/name (or a name), only
// with --to gateway-api.
func checkGatewayFlag(gw string, mode migrate.Mode) error {
	if mode != migrate.ModeGateway {
		return fmt.Errorf("--gateway %q: only with --to %s", gw, migrate.ModeGateway)
	}
	ns, name, cut := strings.Cut(gw, "/")
	if !cut {
		ns, name = "default", gw
	}
	for _, part := range []string{ns, name} {
		if errs := validation.IsDNS1123Subdomain(part); len(errs) > 0 {
			return fmt.Errorf("--gateway %q: use namespace/name of an existing Gateway (%s)", gw, strings.Join(errs, "; "))
		}
	}
	return nil
}

func defaultTo(s, d string) string {
	if s == "" {
		return d
	}
	return s
}

// objectsOf is the distinct objects findings are about.
func objectsOf(fs []finding) map[string]bool {
	out := map[string]bool{}
	for _, f := range fs {
		out[f.Path+":"+fmt.Sprint(f.Line)] = true
	}
	return out
}

// readMigrateInput reads files, or lists the cluster when there are none.
func readMigrateInput(files []string, stdin io.Reader, kubeconfig, ns string, all bool) ([]manifestio.Document, error) {
	if len(files) > 0 {
		if kubeconfig != "" || all {
			return nil, fmt.Errorf("-f and --kubeconfig/--all-namespaces are exclusive")
		}
		return migrate.ReadPaths(files, stdin)
	}
	rules := clientcmd.NewDefaultClientConfigLoadingRules()
	rules.ExplicitPath = kubeconfig
	cc := clientcmd.NewNonInteractiveDeferredLoadingClientConfig(rules, &clientcmd.ConfigOverrides{})
	cfg, err := cc.ClientConfig()
	if err != nil {
		return nil, fmt.Errorf("no -f given and no cluster to read: %w", err)
	}
	cs, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		return nil, err
	}
	if ns == "" && !all {
		if ns, _, err = cc.Namespace(); err != nil {
			return nil, err
		}
	}
	if all {
		ns = ""
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	return migrate.LoadCluster(ctx, cs, ns)
}

// writeFiles writes the rewritten manifests under dir.
func writeFiles(dir string, files []migrate.File) error {
	for _, f := range files {
		p := filepath.Join(dir, f.Path)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			return err
		}
	}
	return nil
}
