package main

import (
	"io"
	"os"
	"testing"

	"github.com/stretchr/testify/require"
	appsv1 "k8s.io/api/apps/v1"
	"sigs.k8s.io/yaml"
)

// TestDeploymentArgsAreServeFlags keeps manifests/base/deployment.yaml in
// step with `serve`: every argument it passes must be a flag serve knows.
func TestDeploymentArgsAreServeFlags(t *testing.T) {
	raw, err := os.ReadFile("../../manifests/base/deployment.yaml")
	require.NoError(t, err)
	var d appsv1.Deployment
	require.NoError(t, yaml.UnmarshalStrict(raw, &d))
	var args []string
	for _, c := range d.Spec.Template.Spec.Containers {
		if c.Name == "controller" || len(c.Args) > 0 && c.Args[0] == "serve" {
			args = c.Args
		}
	}
	require.NotEmpty(t, args)
	require.Equal(t, "serve", args[0])
	fs := newFlagSet("serve", io.Discard)
	var f serveFlags
	f.register(fs)
	require.NoError(t, fs.Parse(legacyArgs(fs, args[1:])))
	require.True(t, f.leaderElect)
	require.Equal(t, multiFlag{"http://apisix-admin.apisix.svc:9180"}, f.adminURLs)
	require.Equal(t, 9443, f.webhookPort)
}
