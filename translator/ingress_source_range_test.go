package translator

import (
	"reflect"
	"testing"

	"github.com/apisix-ingress/apisix-ingress/apisix"
	"github.com/apisix-ingress/apisix-ingress/translator/annotations"
)

func TestIPRestrictionAllowMinusDeny(t *testing.T) {
	for _, c := range []struct {
		name        string
		allow, deny []string
		want        *apisix.IPRestriction
	}{
		{"none", nil, nil, nil},
		{"allow only", []string{"10.0.0.0/8"}, nil, &apisix.IPRestriction{Whitelist: []string{"10.0.0.0/8"}}},
		{"deny only", nil, []string{"10.1.2.3"}, &apisix.IPRestriction{Blacklist: []string{"10.1.2.3"}}},
		{"deny inside allow", []string{"10.1.0.0/16"}, []string{"10.1.2.0/24"}, &apisix.IPRestriction{Whitelist: []string{
			"10.1.128.0/17", "10.1.64.0/18", "10.1.32.0/19", "10.1.16.0/20", "10.1.8.0/21", "10.1.4.0/22", "10.1.0.0/23", "10.1.3.0/24"}}},
		{"single address", []string{"192.168.0.0/30"}, []string{"192.168.0.1"}, &apisix.IPRestriction{Whitelist: []string{
			"192.168.0.2/31", "192.168.0.0/32"}}},
		{"untouched entries kept as written", []string{"10.1.0.0/31", "172.16.0.1", "2001:db8::/127"}, []string{"10.1.0.1", "2001:db8::"},
			&apisix.IPRestriction{Whitelist: []string{"10.1.0.0/32", "172.16.0.1", "2001:db8::1/128"}}},
		{"families apart", []string{"2001:db8::/32"}, []string{"0.0.0.0/0"}, &apisix.IPRestriction{Whitelist: []string{"2001:db8::/32"}}},
		{"deny covers allow", []string{"10.1.2.0/24", "10.1.3.4"}, []string{"10.1.0.0/16"}, &apisix.IPRestriction{Blacklist: []string{"0.0.0.0/0", "::/0"}}},
		{"two denies", []string{"10.0.0.0/30"}, []string{"10.0.0.0", "10.0.0.3"}, &apisix.IPRestriction{Whitelist: []string{"10.0.0.2/32", "10.0.0.1/32"}}},
	} {
		got := ipRestriction(annotations.Access{Allow: c.allow, Deny: c.deny})
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: got %+v, want %+v", c.name, got, c.want)
		}
	}
}
