package controller

import (
	"context"
	"fmt"
	"os"
	"strings"

	corev1 "k8s.io/api/core/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/apisix-ingress/apisix-ingress/apisix"
)

// AdminKey returns the Admin API key from the option that sets it (the key,
// a file, or a Secret read through r). Errors name where the key was looked
// for, never the key.
func AdminKey(ctx context.Context, r client.Reader, opts Options) (string, error) {
	switch {
	case opts.AdminKey != "":
		return opts.AdminKey, nil
	case opts.AdminKeyFile != "":
		b, err := os.ReadFile(opts.AdminKeyFile)
		if err != nil {
			return "", fmt.Errorf("controller: reading the Admin API key file: %w", err)
		}
		return strings.TrimSpace(string(b)), nil
	case opts.AdminKeySecret != nil:
		ref := *opts.AdminKeySecret
		if ref.Key == "" {
			ref.Key = "key"
		}
		var s corev1.Secret
		if err := r.Get(ctx, client.ObjectKey{Namespace: ref.Namespace, Name: ref.Name}, &s); err != nil {
			return "", fmt.Errorf("controller: reading the Admin API key from Secret %s/%s: %w", ref.Namespace, ref.Name, err)
		}
		v, ok := s.Data[ref.Key]
		if !ok || len(strings.TrimSpace(string(v))) == 0 {
			return "", fmt.Errorf("controller: Secret %s/%s has no key %q", ref.Namespace, ref.Name, ref.Key)
		}
		return strings.TrimSpace(string(v)), nil
	}
	return "", nil
}

// newAdminClient builds the Admin API client from opts.
func newAdminClient(ctx context.Context, r client.Reader, opts Options) (*apisix.Client, error) {
	if opts.AdminClient != nil {
		return opts.AdminClient, nil
	}
	key, err := AdminKey(ctx, r, opts)
	if err != nil {
		return nil, err
	}
	return apisix.NewClient(apisix.Config{
		BaseURLs: opts.AdminURLs,
		APIKey:   key,
		CABundle: opts.AdminCABundle,
		Timeout:  opts.AdminTimeout,
	})
}
