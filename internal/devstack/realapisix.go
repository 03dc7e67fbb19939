package devstack

import (
	"context"
	"fmt"
	"path/filepath"

	"github.com/apisix-ingress/apisix-ingress/internal/apisixrt"
)

// startRealAPISIX starts a real APISIX through the launcher of
// opts.APISIXRuntime, and the demo's pods. Without a launcher, or when it
// fails, it leaves a note and the in-process Admin API is used instead; a
// real APISIX without pods is still useful (its Admin API and proxy), so a
// failure to start them is a note too.
func (s *Stack) startRealAPISIX(ctx context.Context, opts Options) error {
	if opts.AdminURL != "" {
		return nil
	}
	if opts.APISIXRuntime == "" {
		s.Notes = append(s.Notes, "no real APISIX: no apisix-runtime launcher given (--apisix-runtime PATH; make run passes "+
			"one when it is available), so the in-process Admin API stands in and requests "+
			"cannot be sent through a gateway")
		return nil
	}
	in, err := apisixrt.Start(ctx, filepath.Join(s.dir, "apisix"), apisixrt.Options{Launcher: opts.APISIXRuntime, AdminKey: devAdminKey})
	if err != nil {
		s.Notes = append(s.Notes, fmt.Sprintf("no real APISIX: starting it with %s failed, so the in-process Admin API stands in: %v",
			opts.APISIXRuntime, err))
		return nil
	}
	s.apisix, s.HTTPURL = in, in.HTTPURL
	pods, err := startPods()
	if err != nil {
		s.Notes = append(s.Notes, fmt.Sprintf("no demo pods, so the demo's requests through APISIX get 502: %v", err))
		return nil
	}
	s.Pods = pods
	return nil
}

// devAdminKey is the Admin API key of the stack's own APISIX (in-process or
// started here): a fixed development key, printed in the usage, for a
// listener on 127.0.0.1 that lives as long as the stack.
const devAdminKey = "dev-admin-key"
