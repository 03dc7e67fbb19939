// Package apisix models Apache APISIX's Admin API v3: the resources the
// controller writes (routes, upstreams, ssls, ...), typed configurations of the
// plugins the translator emits, an Admin API client, and the diff that turns
// desired and current state into the minimal ordered list of writes.
package apisix

// Kind names an Admin API v3 resource collection, spelled as in its URL path
// (/apisix/admin/<kind>).
type Kind string

// The Admin API v3 resource kinds this project reads and writes.
const (
	KindUpstream      Kind = "upstreams"
	KindService       Kind = "services"
	KindPluginConfig  Kind = "plugin_configs"
	KindConsumerGroup Kind = "consumer_groups"
	KindConsumer      Kind = "consumers"
	KindSSL           Kind = "ssls"
	KindGlobalRule    Kind = "global_rules"
	KindRoute         Kind = "routes"
	KindStreamRoute   Kind = "stream_routes"
)

// Kinds lists every kind in dependency order: an object may reference only
// objects of kinds listed before its own. Creates go in this order, deletes in
// reverse.
var Kinds = []Kind{
	KindUpstream,
	KindService,
	KindPluginConfig,
	KindConsumerGroup,
	KindConsumer,
	KindSSL,
	KindGlobalRule,
	KindRoute,
	KindStreamRoute,
}

// AdminPrefix is the path prefix of every Admin API v3 endpoint.
const AdminPrefix = "/apisix/admin/"

// Path returns the collection path of the kind, e.g. /apisix/admin/routes.
func (k Kind) Path() string { return AdminPrefix + string(k) }

// Ownership labels carried by every object this project writes to APISIX.
// The controller lists, updates and deletes only objects that carry
// LabelManagedBy with its own controller name.
const (
	LabelManagedBy       = "managed-by"
	LabelSourceKind      = "k8s-kind"
	LabelSourceNamespace = "k8s-namespace"
	LabelSourceName      = "k8s-name"
)
