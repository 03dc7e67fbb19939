package podsim

import (
	"context"
	"crypto/tls"
	"fmt"
	"path"
	"strconv"
	"strings"

	corev1 "k8s.io/api/core/v1"

	"github.com/apisix-ingress/apisix-ingress/internal/echobasic"
)

// startPod starts what p's container would run on ip: an echo-basic server
// when the image is echo-basic and no other mode (GRPC_ECHO_SERVER,
// TCP_ECHO_SERVER, UDP_ECHO_SERVER) is asked for, its gRPC echo when
// GRPC_ECHO_SERVER is set (plaintext, on HTTP_PORT); otherwise nothing (the
// Pod is still Ready: readiness is all the conformance suite checks of
// them). Its environment is read as the container would see it, with the
// downward API's metadata.name and metadata.namespace, and TLS files from
// the Secret volume they are mounted from.
func (s *Sim) startPod(ctx context.Context, p *corev1.Pod, ip string) (*podState, error) {
	st := &podState{namespace: p.Namespace, name: p.Name, ip: ip, log: &echobasic.Log{}}
	if len(p.Spec.Containers) == 0 {
		return st, nil
	}
	c := &p.Spec.Containers[0]
	env := podEnv(p, c)
	if !strings.Contains(c.Image, "echo-basic") || env["TCP_ECHO_SERVER"] != "" || env["UDP_ECHO_SERVER"] != "" {
		return st, nil
	}
	opts := echobasic.Options{
		IP: ip, Namespace: env["NAMESPACE"], Ingress: env["INGRESS_NAME"], Service: env["SERVICE_NAME"], Pod: env["POD_NAME"],
	}
	if env["GRPC_ECHO_SERVER"] != "" {
		if v := env["HTTP_PORT"]; v != "" {
			n, err := strconv.Atoi(v)
			if err != nil {
				return nil, fmt.Errorf("env HTTP_PORT=%q is not a port", v)
			}
			opts.HTTPPort = n
		}
		srv, err := echobasic.StartGRPC(opts)
		if err != nil {
			return nil, err
		}
		st.grpc, st.log = srv, srv.Log
		return st, nil
	}
	for name, port := range map[string]*int{"HTTP_PORT": &opts.HTTPPort, "H2C_PORT": &opts.H2CPort, "HTTPS_PORT": &opts.HTTPSPort} {
		if v := env[name]; v != "" {
			n, err := strconv.Atoi(v)
			if err != nil {
				return nil, fmt.Errorf("env %s=%q is not a port", name, v)
			}
			*port = n
		}
	}
	if env["TLS_SERVER_CERT"] != "" && env["TLS_SERVER_PRIVKEY"] != "" {
		crt, err := s.mountedFile(ctx, p, c, env["TLS_SERVER_CERT"])
		if err != nil {
			return nil, err
		}
		key, err := s.mountedFile(ctx, p, c, env["TLS_SERVER_PRIVKEY"])
		if err != nil {
			return nil, err
		}
		cert, err := tls.X509KeyPair(crt, key)
		if err != nil {
			return nil, fmt.Errorf("TLS_SERVER_CERT/TLS_SERVER_PRIVKEY: %w", err)
		}
		opts.Cert = &cert
	}
	srv, err := echobasic.Start(opts)
	if err != nil {
		return nil, err
	}
	st.echo, st.log = srv, srv.Log
	return st, nil
}

// podEnv is the container's environment: literal values, and the Pod's
// name and namespace through the downward API.
func podEnv(p *corev1.Pod, c *corev1.Container) map[string]string {
	env := map[string]string{}
	for _, e := range c.Env {
		switch {
		case e.ValueFrom == nil:
			env[e.Name] = e.Value
		case e.ValueFrom.FieldRef != nil:
			switch e.ValueFrom.FieldRef.FieldPath {
			case "metadata.name":
				env[e.Name] = p.Name
			case "metadata.namespace":
				env[e.Name] = p.Namespace
			case "spec.nodeName":
				env[e.Name] = p.Spec.NodeName
			}
		}
	}
	return env
}

// mountedFile reads file from the Secret volume mounted over it.
func (s *Sim) mountedFile(ctx context.Context, p *corev1.Pod, c *corev1.Container, file string) ([]byte, error) {
	for _, m := range c.VolumeMounts {
		rel, ok := strings.CutPrefix(path.Clean(file), path.Clean(m.MountPath)+"/")
		if !ok {
			continue
		}
		for _, v := range p.Spec.Volumes {
			if v.Name != m.Name || v.Secret == nil {
				continue
			}
			var sec corev1.Secret
			if err := s.c.Get(ctx, clientKey(p.Namespace, v.Secret.SecretName), &sec); err != nil {
				return nil, fmt.Errorf("volume %s: Secret %s: %w", v.Name, v.Secret.SecretName, err)
			}
			key := rel
			for _, it := range v.Secret.Items {
				if it.Path == rel {
					key = it.Key
				}
			}
			b, ok := sec.Data[key]
			if !ok {
				return nil, fmt.Errorf("volume %s: Secret %s has no key %q", v.Name, v.Secret.SecretName, key)
			}
			return b, nil
		}
	}
	return nil, fmt.Errorf("%s is not in a Secret volume of container %s", file, c.Name)
}
