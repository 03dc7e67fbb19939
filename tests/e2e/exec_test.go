package e2e

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"

	"github.com/apisix-ingress/apisix-ingress/tests/testenv"
)

func execCommand(ctx context.Context, name string, args ...string) *exec.Cmd {
	return exec.CommandContext(ctx, name, args...)
}

// lookKubectl finds kubectl beside the control plane's binaries or on PATH.
func lookKubectl() (string, error) {
	if assets, err := testenv.Assets(); err == nil {
		if p := filepath.Join(assets, "kubectl"); fileExists(p) {
			return p, nil
		}
	}
	return exec.LookPath("kubectl")
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}
