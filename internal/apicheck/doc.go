// Package apicheck says offline what the Kubernetes API server would say
// about an object at `kubectl apply`, before any admission webhook runs:
//
//   - for the apisix.apache.org/v2 kinds, this project's own CRDs
//     (manifests/crds, embedded): object metadata, unknown fields (kubectl's
//     default strict field validation), defaults, the structural schema's
//     value validations and the CEL rules, evaluated by the library code the
//     API server uses (k8s.io/apiextensions-apiserver);
//   - for Ingress and IngressClass, Kubernetes' validation rules for those
//     kinds (object names, annotation keys, hosts, paths per pathType,
//     backends, ports), written here from kube-apiserver 1.37's
//     pkg/apis/networking/validation with the same field paths and wording
//     (importing k8s.io/kubernetes as a library is unsupported);
//   - for EndpointSlice, addresses (valid, of the slice's family, not
//     unspecified, loopback or link-local) and port names;
//   - for Secret and ConfigMap, keys, sizes and the keys each Secret type
//     requires; for Service, its ports (its cluster IP, type and traffic
//     policy rules are left to the API server).
//
// `validate`, `translate` and `migrate` run it first, so their verdict is
// kubectl's; tests/apicheck holds it to a real kube-apiserver.
package apicheck
