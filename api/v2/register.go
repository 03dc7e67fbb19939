package v2

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
)

// GroupVersion is the API group and version of these types.
var GroupVersion = schema.GroupVersion{Group: "apisix.apache.org", Version: "v2"}

// AddToScheme registers every kind of this group version in a scheme.
func AddToScheme(s *runtime.Scheme) error {
	s.AddKnownTypes(GroupVersion,
		&ApisixRoute{}, &ApisixRouteList{},
		&ApisixUpstream{}, &ApisixUpstreamList{},
		&ApisixTls{}, &ApisixTlsList{},
		&ApisixPluginConfig{}, &ApisixPluginConfigList{},
		&ApisixConsumer{}, &ApisixConsumerList{},
		&ApisixGlobalRule{}, &ApisixGlobalRuleList{},
	)
	metav1.AddToGroupVersion(s, GroupVersion)
	return nil
}

// Kind names, as they appear in apiVersion/kind.
const (
	KindApisixRoute        = "ApisixRoute"
	KindApisixUpstream     = "ApisixUpstream"
	KindApisixTls          = "ApisixTls"
	KindApisixPluginConfig = "ApisixPluginConfig"
	KindApisixConsumer     = "ApisixConsumer"
	KindApisixGlobalRule   = "ApisixGlobalRule"
)
