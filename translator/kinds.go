package translator

// The kinds of the objects a Snapshot holds, as ObjectRef.Kind names them
// (in statuses, ownership labels and the deleted refs given to Update).
const (
	KindIngress            = kindIngress
	KindIngressClass       = "IngressClass"
	KindService            = "Service"
	KindEndpointSlice      = "EndpointSlice"
	KindSecret             = "Secret"
	KindPod                = "Pod"
	KindConfigMap          = "ConfigMap"
	KindApisixRoute        = kindApisixRoute
	KindApisixUpstream     = kindApisixUpstream
	KindApisixTls          = kindApisixTls
	KindApisixPluginConfig = kindApisixPluginConfig
	KindApisixConsumer     = kindApisixConsumer
	KindApisixGlobalRule   = kindApisixGlobalRule
)
