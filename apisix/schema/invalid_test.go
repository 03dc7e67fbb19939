package schema_test

import (
	"encoding/json"
	"testing"

	"github.com/apisix-ingress/apisix-ingress/apisix"
)

// invalidCase is an object APISIX rejects. where is R (a resource of kind
// target), P (a route-level config of plugin target) or C (a consumer
// config of plugin target). typed is the CheckTypedPlugin error, for P and C
// ("" where the typed config accepts and only the schema rejects).
type invalidCase struct {
	where, target, name, body string
	schema, typed             string
}

var invalidCases = []invalidCase{
	{"R", "route", "bad id", `{"id":"r 1","uri":"/","upstream_id":"u1"}`,
		"invalid configuration: property \"id\" validation failed: object matches none of the required",
		""},
	{"R", "route", "id too long", `{"id":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","uri":"/","upstream_id":"u1"}`,
		"invalid configuration: property \"id\" validation failed: object matches none of the required",
		""},
	{"R", "route", "label value with a space", `{"id":"r1","uri":"/","upstream_id":"u1","labels":{"k8s-name":"a b"}}`,
		"invalid configuration: property \"labels\" validation failed: failed to validate k8s-name (matching \".*\"): failed to match pattern \"^\\\\S+$\" with \"a b\"",
		""},
	{"R", "route", "empty label value", `{"id":"r1","uri":"/","upstream_id":"u1","labels":{"k8s-name":""}}`,
		"invalid configuration: property \"labels\" validation failed: failed to validate k8s-name (matching \".*\"): string too short, expected at least 1, got 0",
		""},
	{"R", "route", "no uri", `{"id":"r1","upstream_id":"u1"}`,
		"invalid configuration: allOf 1 failed: value should match only one schema, but matches none",
		""},
	{"R", "route", "uri and uris", `{"id":"r1","uri":"/","uris":["/a"],"upstream_id":"u1"}`,
		"invalid configuration: allOf 1 failed: value should match only one schema, but matches both schemas 1 and 2",
		""},
	{"R", "route", "nothing to route to", `{"id":"r1","uri":"/"}`,
		"invalid configuration: object matches none of the required: [\"plugins\",\"uri\"] or [\"upstream\",\"uri\"] or [\"upstream_id\",\"uri\"] or [\"service_id\",\"uri\"] or [\"plugins\",\"uris\"] or [\"upstream\",\"uris\"] or [\"upstream_id\",\"uris\"] or [\"service_id\",\"uris\"] or [\"script\",\"uri\"] or [\"script\",\"uris\"]",
		""},
	{"R", "route", "bad method", `{"id":"r1","uri":"/","upstream_id":"u1","methods":["GET","FETCH"]}`,
		"invalid configuration: property \"methods\" validation failed: failed to validate item 2: matches none of the enum values",
		""},
	{"R", "route", "duplicate methods", `{"id":"r1","uri":"/","upstream_id":"u1","methods":["GET","GET"]}`,
		"invalid configuration: property \"methods\" validation failed: expected unique items but items 1 and 2 are equal",
		""},
	{"R", "route", "bad status", `{"id":"r1","uri":"/","upstream_id":"u1","status":2}`,
		"invalid configuration: property \"status\" validation failed: matches none of the enum values",
		""},
	{"R", "route", "bad host", `{"id":"r1","uri":"/","upstream_id":"u1","host":"a b.com"}`,
		"invalid configuration: property \"host\" validation failed: failed to match pattern \"^\\\\*$|^\\\\*?[0-9a-zA-Z-._\\\\[\\\\]:]+$\" with \"a b.com\"",
		""},
	{"R", "route", "empty hosts", `{"id":"r1","uri":"/","upstream_id":"u1","hosts":[]}`,
		"invalid configuration: property \"hosts\" validation failed: expect array to have at least 1 items",
		""},
	{"R", "route", "host and hosts", `{"id":"r1","uri":"/","upstream_id":"u1","host":"a.com","hosts":["b.com"]}`,
		"invalid configuration: allOf 2 failed: value should match only one schema, but matches both schemas 2 and 3",
		""},
	{"R", "route", "uri wrong type", `{"id":"r1","uri":1,"upstream_id":"u1"}`,
		"invalid configuration: property \"uri\" validation failed: wrong type: expected string, got number",
		""},
	{"R", "route", "zero timeout", `{"id":"r1","uri":"/","upstream_id":"u1","timeout":{"connect":0,"send":1,"read":1}}`,
		"invalid configuration: property \"timeout\" validation failed: property \"connect\" validation failed: expected 0 to be greater than 0",
		""},
	{"R", "route", "incomplete timeout", `{"id":"r1","uri":"/","upstream_id":"u1","timeout":{"connect":1,"send":1}}`,
		"invalid configuration: property \"timeout\" validation failed: property \"read\" is required",
		""},
	{"R", "route", "unknown field", `{"id":"r1","uri":"/","upstream_id":"u1","paths":["/"]}`,
		"invalid configuration: additional properties forbidden, found paths",
		""},
	{"R", "route", "short filter_func", `{"id":"r1","uri":"/","upstream_id":"u1","filter_func":"function"}`,
		"invalid configuration: property \"filter_func\" validation failed: string too short, expected at least 10, got 8",
		""},
	{"R", "route", "unknown plugin", `{"id":"r1","uri":"/","upstream_id":"u1","plugins":{"no-such-plugin":{}}}`,
		"unknown plugin [no-such-plugin]",
		""},
	{"R", "route", "inline upstream bad node port", `{"id":"r1","uri":"/","upstream":{"nodes":[{"host":"a","port":70000,"weight":1}]}}`,
		"invalid configuration: property \"upstream\" validation failed: property \"nodes\" validation failed: object matches none of the required",
		""},
	{"R", "upstream", "negative weight", `{"id":"u1","nodes":[{"host":"10.0.0.1","port":80,"weight":-1}]}`,
		"invalid configuration: property \"nodes\" validation failed: object matches none of the required",
		""},
	{"R", "upstream", "node without weight", `{"id":"u1","nodes":[{"host":"10.0.0.1","port":80}]}`,
		"invalid configuration: property \"nodes\" validation failed: object matches none of the required",
		""},
	{"R", "upstream", "nodes not a list", `{"id":"u1","nodes":"10.0.0.1:80"}`,
		"invalid configuration: property \"nodes\" validation failed: object matches none of the required",
		""},
	{"R", "upstream", "bad scheme", `{"id":"u1","nodes":[],"scheme":"ftp"}`,
		"invalid configuration: property \"scheme\" validation failed: matches none of the enum values",
		""},
	{"R", "upstream", "bad pass_host", `{"id":"u1","nodes":[],"pass_host":"keep"}`,
		"invalid configuration: property \"pass_host\" validation failed: matches none of the enum values",
		""},
	{"R", "upstream", "bad hash_on", `{"id":"u1","nodes":[],"hash_on":"ip"}`,
		"invalid configuration: property \"hash_on\" validation failed: matches none of the enum values",
		""},
	{"R", "upstream", "negative retries", `{"id":"u1","nodes":[],"retries":-1}`,
		"invalid configuration: property \"retries\" validation failed: expected -1 to be greater than 0",
		""},
	{"R", "upstream", "nodes and discovery", `{"id":"u1","nodes":[],"service_name":"a","discovery_type":"dns"}`,
		"invalid configuration: value should match only one schema, but matches both schemas 1 and 2",
		""},
	{"R", "upstream", "neither nodes nor discovery", `{"id":"u1"}`,
		"invalid configuration: value should match only one schema, but matches none",
		""},
	{"R", "upstream", "bad keepalive pool", `{"id":"u1","nodes":[],"keepalive_pool":{"size":0}}`,
		"invalid configuration: property \"keepalive_pool\" validation failed: property \"size\" validation failed: expected 0 to be greater than 1",
		""},
	{"R", "upstream", "bad health check successes", `{"id":"u1","nodes":[],"checks":{"active":{"healthy":{"successes":255}}}}`,
		"invalid configuration: property \"checks\" validation failed: property \"active\" validation failed: property \"healthy\" validation failed: property \"successes\" validation failed: expected 255 to be smaller than 254",
		""},
	{"R", "upstream", "passive only", `{"id":"u1","nodes":[],"checks":{"passive":{"type":"http"}}}`,
		"invalid configuration: property \"checks\" validation failed: object matches none of the required: [\"active\"] or [\"active\",\"passive\"]",
		""},
	{"R", "ssl", "short cert", `{"id":"c1","cert":"x","key":"yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy","sni":"a.com"}`,
		"invalid configuration: property \"cert\" validation failed: string too short, expected at least 128, got 1",
		""},
	{"R", "ssl", "bad ssl_protocols", `{"id":"c1","ssl_protocols":["TLSv1.0"]}`,
		"invalid configuration: property \"ssl_protocols\" validation failed: failed to validate item 1: matches none of the enum values",
		""},
	{"R", "consumer", "bad username", `{"username":"alice smith"}`,
		"invalid configuration: property \"username\" validation failed: failed to match pattern \"^[a-zA-Z0-9_\\\\-]+$\" with \"alice smith\"",
		""},
	{"R", "consumer", "missing username", `{"desc":"x"}`,
		"invalid configuration: property \"username\" is required",
		""},
	{"R", "global_rule", "labels not allowed", `{"id":"g1","plugins":{},"labels":{"a":"b"}}`,
		"invalid configuration: additional properties forbidden, found labels",
		""},
	{"R", "plugin_config", "missing plugins", `{"id":"pc1"}`,
		"invalid configuration: property \"plugins\" is required",
		""},
	{"R", "stream_route", "bad server_port", `{"id":"sr1","upstream_id":"u1","server_port":0}`,
		"invalid configuration: property \"server_port\" validation failed: expected 0 to be greater than 1",
		""},
	{"P", "limit-req", "rate zero", `{"rate":0,"burst":1,"key":"remote_addr"}`,
		"failed to check the configuration of plugin limit-req err: property \"rate\" validation failed: expected 0 to be greater than 0",
		"failed to check the configuration of plugin limit-req err: property \"rate\" validation failed: expected 0 to be greater than 0"},
	{"P", "limit-req", "missing key", `{"rate":1,"burst":1}`,
		"failed to check the configuration of plugin limit-req err: property \"key\" is required",
		"failed to check the configuration of plugin limit-req err: property \"key\" is required"},
	{"P", "limit-req", "bad rejected_code", `{"rate":1,"burst":1,"key":"remote_addr","rejected_code":600}`,
		"failed to check the configuration of plugin limit-req err: property \"rejected_code\" validation failed: expected 600 to be smaller than 599",
		"failed to check the configuration of plugin limit-req err: property \"rejected_code\" validation failed: expected 600 to be smaller than 599"},
	{"P", "limit-req", "bad policy", `{"rate":1,"burst":1,"key":"remote_addr","policy":"memcached"}`,
		"failed to check the configuration of plugin limit-req err: property \"policy\" validation failed: matches none of the enum values",
		"failed to check the configuration of plugin limit-req err: property \"policy\" validation failed: matches none of the enum values"},
	{"P", "limit-conn", "negative burst", `{"conn":1,"burst":-1,"default_conn_delay":0.1,"key":"remote_addr"}`,
		"failed to check the configuration of plugin limit-conn err: property \"burst\" validation failed: value should match only one schema, but matches none",
		"failed to check the configuration of plugin limit-conn err: property \"burst\" validation failed: expected -1 to be greater than 0"},
	{"P", "proxy-rewrite", "relative uri", `{"uri":"v2"}`,
		"failed to check the configuration of plugin proxy-rewrite err: property \"uri\" validation failed: failed to match pattern \"^\\\\/.*\" with \"v2\"",
		"failed to check the configuration of plugin proxy-rewrite err: property \"uri\" validation failed: failed to match pattern \"^\\\\/.*\" with \"v2\""},
	{"P", "proxy-rewrite", "bad method", `{"uri":"/","method":"FETCH"}`,
		"failed to check the configuration of plugin proxy-rewrite err: property \"method\" validation failed: matches none of the enum values",
		"failed to check the configuration of plugin proxy-rewrite err: property \"method\" validation failed: matches none of the enum values"},
	{"P", "proxy-rewrite", "bad host", `{"host":"a b"}`,
		"failed to check the configuration of plugin proxy-rewrite err: property \"host\" validation failed: failed to match pattern \"^[0-9a-zA-Z-.]+(:\\\\d{1,5})?$\" with \"a b\"",
		"failed to check the configuration of plugin proxy-rewrite err: property \"host\" validation failed: failed to match pattern \"^[0-9a-zA-Z-.]+(:\\\\d{1,5})?$\" with \"a b\""},
	{"P", "proxy-rewrite", "short regex_uri", `{"regex_uri":["^/a"]}`,
		"failed to check the configuration of plugin proxy-rewrite err: property \"regex_uri\" validation failed: expect array to have at least 2 items",
		"failed to check the configuration of plugin proxy-rewrite err: property \"regex_uri\" validation failed: expect array to have at least 2 items"},
	{"P", "limit-count", "redis policy without redis_host", `{"count":10,"time_window":60,"policy":"redis"}`,
		"failed to check the configuration of plugin limit-count err: then clause did not match",
		"failed to check the configuration of plugin limit-count err: property \"redis_host\" is required"},
	{"P", "redirect", "nothing", `{"ret_code":301}`,
		"failed to check the configuration of plugin redirect err: value should match only one schema, but matches none",
		"failed to check the configuration of plugin redirect err: value should match only one schema, but matches none"},
	{"P", "redirect", "uri and http_to_https", `{"uri":"/new","http_to_https":true}`,
		"failed to check the configuration of plugin redirect err: value should match only one schema, but matches both schemas 1 and 3",
		"failed to check the configuration of plugin redirect err: value should match only one schema, but matches both schemas 1 and 3"},
	{"P", "redirect", "bad ret_code", `{"http_to_https":true,"ret_code":100}`,
		"failed to check the configuration of plugin redirect err: property \"ret_code\" validation failed: expected 100 to be greater than 200",
		"failed to check the configuration of plugin redirect err: property \"ret_code\" validation failed: expected 100 to be greater than 200"},
	{"P", "cors", "bad allow_origins", `{"allow_origins":"example.com"}`,
		"failed to check the configuration of plugin cors err: property \"allow_origins\" validation failed: failed to match pattern \"^(\\\\*|\\\\*\\\\*|null|\\\\w+://[^,]+(,\\\\w+://[^,]+)*)$\" with \"example.com\"",
		"failed to check the configuration of plugin cors err: property \"allow_origins\" validation failed: failed to match pattern \"^(\\\\*|\\\\*\\\\*|null|\\\\w+://[^,]+(,\\\\w+://[^,]+)*)$\" with \"example.com\""},
	{"P", "ip-restriction", "bad address", `{"whitelist":["10.0.0.256"]}`,
		"failed to check the configuration of plugin ip-restriction err: property \"whitelist\" validation failed: failed to validate item 1: object matches none of the required",
		"failed to check the configuration of plugin ip-restriction err: property \"whitelist\" validation failed: failed to validate item 1: object matches none of the required"},
	{"P", "ip-restriction", "both lists", `{"whitelist":["10.0.0.1"],"blacklist":["10.0.0.2"]}`,
		"failed to check the configuration of plugin ip-restriction err: value should match only one schema, but matches both schemas 1 and 2",
		"failed to check the configuration of plugin ip-restriction err: value should match only one schema, but matches both schemas 1 and 2"},
	{"P", "ip-restriction", "bad response_code", `{"whitelist":["10.0.0.1"],"response_code":401}`,
		"failed to check the configuration of plugin ip-restriction err: property \"response_code\" validation failed: expected 401 to be greater than 403",
		"failed to check the configuration of plugin ip-restriction err: property \"response_code\" validation failed: expected 401 to be greater than 403"},
	{"P", "forward-auth", "missing uri", `{"request_method":"GET"}`,
		"failed to check the configuration of plugin forward-auth err: property \"uri\" is required",
		"failed to check the configuration of plugin forward-auth err: property \"uri\" is required"},
	{"P", "forward-auth", "bad request_method", `{"uri":"http://a","request_method":"PUT"}`,
		"failed to check the configuration of plugin forward-auth err: property \"request_method\" validation failed: matches none of the enum values",
		"failed to check the configuration of plugin forward-auth err: property \"request_method\" validation failed: matches none of the enum values"},
	{"P", "forward-auth", "timeout too large", `{"uri":"http://a","timeout":60001}`,
		"failed to check the configuration of plugin forward-auth err: property \"timeout\" validation failed: expected 60001 to be smaller than 60000",
		"failed to check the configuration of plugin forward-auth err: property \"timeout\" validation failed: expected 60001 to be smaller than 60000"},
	{"P", "basic-auth", "realm with quote", `{"realm":"a\"b"}`,
		"failed to check the configuration of plugin basic-auth err: property \"realm\" validation failed: failed to match pattern \"^[ -!#-[\\\\]-~]+$\" with \"a\\\"b\"",
		"failed to check the configuration of plugin basic-auth err: property \"realm\" validation failed: failed to match pattern \"^[ -!#-[\\\\]-~]+$\" with \"a\\\"b\""},
	{"P", "key-auth", "header wrong type", `{"header":1}`,
		"failed to check the configuration of plugin key-auth err: property \"header\" validation failed: wrong type: expected string, got number",
		"failed to check the configuration of plugin key-auth err: property \"header\" validation failed: wrong type: expected string, got number"},
	{"P", "jwt-auth", "bad claim", `{"claims_to_verify":["iat"]}`,
		"failed to check the configuration of plugin jwt-auth err: property \"claims_to_verify\" validation failed: failed to validate item 1: matches none of the enum values",
		"failed to check the configuration of plugin jwt-auth err: property \"claims_to_verify\" validation failed: failed to validate item 1: matches none of the enum values"},
	{"P", "traffic-split", "too many upstreams", `{"rules":[{"weighted_upstreams":[{"weight":1},{"weight":1},{"weight":1},{"weight":1},{"weight":1},{"weight":1},{"weight":1},{"weight":1},{"weight":1},{"weight":1},{"weight":1},{"weight":1},{"weight":1},{"weight":1},{"weight":1},{"weight":1},{"weight":1},{"weight":1},{"weight":1},{"weight":1},{"weight":1}]}]}`,
		"failed to check the configuration of plugin traffic-split err: property \"rules\" validation failed: failed to validate item 1: property \"weighted_upstreams\" validation failed: expect array to have at most 20 items",
		"failed to check the configuration of plugin traffic-split err: property \"rules\" validation failed: failed to validate item 1: property \"weighted_upstreams\" validation failed: expect array to have at most 20 items"},
	{"P", "traffic-split", "negative weight", `{"rules":[{"weighted_upstreams":[{"weight":-1}]}]}`,
		"failed to check the configuration of plugin traffic-split err: property \"rules\" validation failed: failed to validate item 1: property \"weighted_upstreams\" validation failed: failed to validate item 1: property \"weight\" validation failed: expected -1 to be greater than 0",
		"failed to check the configuration of plugin traffic-split err: property \"rules\" validation failed: failed to validate item 1: property \"weighted_upstreams\" validation failed: failed to validate item 1: property \"weight\" validation failed: expected -1 to be greater than 0"},
	{"P", "response-rewrite", "bad status_code", `{"status_code":599}`,
		"failed to check the configuration of plugin response-rewrite err: property \"status_code\" validation failed: expected 599 to be smaller than 598",
		"failed to check the configuration of plugin response-rewrite err: property \"status_code\" validation failed: expected 599 to be smaller than 598"},
	{"P", "response-rewrite", "body and filters", `{"body":"x","filters":[{"regex":"a","replace":"b"}]}`,
		"failed to check the configuration of plugin response-rewrite err: failed to validate dependent schema for \"body\": value wasn't supposed to match schema",
		"failed to check the configuration of plugin response-rewrite err: failed to validate dependent schema for \"body\": value wasn't supposed to match schema"},
	{"P", "proxy-mirror", "bad host", `{"host":"mirror:8080"}`,
		"failed to check the configuration of plugin proxy-mirror err: property \"host\" validation failed: failed to match pattern \"^(http(s)?|grpc(s)?):\\\\/\\\\/([\\\\da-zA-Z.-]+|\\\\[[\\\\da-fA-F:]+\\\\])(:\\\\d+)?$\" with \"mirror:8080\"",
		"failed to check the configuration of plugin proxy-mirror err: property \"host\" validation failed: failed to match pattern \"^(http(s)?|grpc(s)?):\\\\/\\\\/([\\\\da-zA-Z.-]+|\\\\[[\\\\da-fA-F:]+\\\\])(:\\\\d+)?$\" with \"mirror:8080\""},
	{"P", "proxy-mirror", "sample_ratio too large", `{"host":"http://mirror","sample_ratio":2}`,
		"failed to check the configuration of plugin proxy-mirror err: property \"sample_ratio\" validation failed: expected 2 to be smaller than 1",
		"failed to check the configuration of plugin proxy-mirror err: property \"sample_ratio\" validation failed: expected 2 to be smaller than 1"},
	{"P", "client-control", "negative max_body_size", `{"max_body_size":-1}`,
		"failed to check the configuration of plugin client-control err: property \"max_body_size\" validation failed: expected -1 to be greater than 0",
		"failed to check the configuration of plugin client-control err: property \"max_body_size\" validation failed: expected -1 to be greater than 0"},
	{"P", "real-ip", "missing source", `{"recursive":true}`,
		"failed to check the configuration of plugin real-ip err: property \"source\" is required",
		"failed to check the configuration of plugin real-ip err: property \"source\" is required"},
	{"P", "fault-injection", "abort status too low", `{"abort":{"http_status":100}}`,
		"failed to check the configuration of plugin fault-injection err: property \"abort\" validation failed: property \"http_status\" validation failed: expected 100 to be greater than 200",
		"failed to check the configuration of plugin fault-injection err: property \"abort\" validation failed: property \"http_status\" validation failed: expected 100 to be greater than 200"},
	{"P", "fault-injection", "percentage over 100", `{"delay":{"duration":1,"percentage":101}}`,
		"failed to check the configuration of plugin fault-injection err: property \"delay\" validation failed: property \"percentage\" validation failed: expected 101 to be smaller than 100",
		"failed to check the configuration of plugin fault-injection err: property \"delay\" validation failed: property \"percentage\" validation failed: expected 101 to be smaller than 100"},
	{"P", "csrf", "missing key", `{"name":"x"}`,
		"failed to check the configuration of plugin csrf err: property \"key\" is required",
		"failed to check the configuration of plugin csrf err: property \"key\" is required"},
	{"P", "request-id", "bad algorithm", `{"algorithm":"snowflake"}`,
		"failed to check the configuration of plugin request-id err: property \"algorithm\" validation failed: matches none of the enum values",
		"failed to check the configuration of plugin request-id err: property \"algorithm\" validation failed: matches none of the enum values"},
	{"P", "request-id", "short range_id length", `{"algorithm":"range_id","range_id":{"length":5}}`,
		"failed to check the configuration of plugin request-id err: property \"range_id\" validation failed: property \"length\" validation failed: expected 5 to be greater than 6",
		"failed to check the configuration of plugin request-id err: property \"range_id\" validation failed: property \"length\" validation failed: expected 5 to be greater than 6"},
	{"P", "api-breaker", "missing break_response_code", `{"max_breaker_sec":10}`,
		"failed to check the configuration of plugin api-breaker err: property \"break_response_code\" is required",
		"failed to check the configuration of plugin api-breaker err: property \"break_response_code\" is required"},
	{"P", "api-breaker", "unhealthy status not 5xx", `{"break_response_code":502,"unhealthy":{"http_statuses":[404]}}`,
		"failed to check the configuration of plugin api-breaker err: property \"unhealthy\" validation failed: property \"http_statuses\" validation failed: failed to validate item 1: expected 404 to be greater than 500",
		"failed to check the configuration of plugin api-breaker err: property \"unhealthy\" validation failed: property \"http_statuses\" validation failed: failed to validate item 1: expected 404 to be greater than 500"},
	{"P", "api-breaker", "max_breaker_sec too small", `{"break_response_code":502,"max_breaker_sec":2}`,
		"failed to check the configuration of plugin api-breaker err: property \"max_breaker_sec\" validation failed: expected 2 to be greater than 3",
		"failed to check the configuration of plugin api-breaker err: property \"max_breaker_sec\" validation failed: expected 2 to be greater than 3"},
	{"C", "jwt-auth", "consumer missing key", `{"secret":"s"}`,
		"failed to check the configuration of plugin jwt-auth err: property \"key\" is required",
		"failed to check the configuration of plugin jwt-auth err: property \"key\" is required"},
	{"C", "hmac-auth", "consumer long key_id", `{"key_id":"","secret_key":"s"}`,
		"failed to check the configuration of plugin hmac-auth err: property \"key_id\" validation failed: string too short, expected at least 1, got 0",
		"failed to check the configuration of plugin hmac-auth err: property \"key_id\" is required"},
}

func resourceKind(target string) apisix.Kind {
	if target == "ssl" {
		return apisix.KindSSL
	}
	return apisix.Kind(target + "s")
}

func TestInvalidObjects(t *testing.T) {
	s := load(t)
	for _, c := range invalidCases {
		t.Run(c.target+"/"+c.name, func(t *testing.T) {
			var serr, terr error
			switch c.where {
			case "R":
				serr = s.CheckResource(resourceKind(c.target), []byte(c.body))
			case "P":
				serr = s.CheckPlugin(c.target, []byte(c.body))
				_, terr = apisix.CheckTypedPlugin(c.target, json.RawMessage(c.body))
			case "C":
				serr = s.CheckConsumerPlugin(c.target, []byte(c.body))
				_, terr = apisix.CheckTypedConsumerPlugin(c.target, json.RawMessage(c.body))
			}
			if serr == nil || serr.Error() != c.schema {
				t.Errorf("schema error\n got: %v\nwant: %s", serr, c.schema)
			}
			if c.where == "R" {
				return
			}
			if c.typed == "" { // the typed config leaves this check to the schema
				if terr != nil {
					t.Errorf("typed error\n got: %v\nwant: none", terr)
				}
				return
			}
			if terr == nil || terr.Error() != c.typed {
				t.Errorf("typed error\n got: %v\nwant: %s", terr, c.typed)
			}
		})
	}
}
