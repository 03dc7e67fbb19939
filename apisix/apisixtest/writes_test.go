package apisixtest_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/apisix-ingress/apisix-ingress/apisix/apisixtest"
)

// TestWriteAnswerEncrypts pins that a write's answer shows the fields APISIX
// encrypts (plugin encrypt_fields, with APISIX's default keyring) while reads
// show them in clear; the ciphertext is what APISIX 3.18.0 answered.
func TestWriteAnswerEncrypts(t *testing.T) {
	s := schemaServer(t)
	code, body := call(t, s, "PUT", "/apisix/admin/consumers", `{"username":"jill","plugins":{"key-auth":{"key":"abc"}}}`)
	assert.Equal(t, 201, code)
	assert.JSONEq(t, `{"key":"/apisix/consumers/jill","value":{"username":"jill","plugins":{"key-auth":{"key":"YG0RXsU1BHpUpWudCbZ0cw=="}},
		"create_time":1700000000,"update_time":1700000000}}`, body)
	_, body = call(t, s, "GET", "/apisix/admin/consumers/jill", "")
	assert.Contains(t, body, `"key-auth":{"key":"abc"}`)
}

// TestMalformedBodies pins APISIX's (lua-cjson's) wording of bodies that
// are not JSON, empty bodies and forbidden timestamps.
func TestMalformedBodies(t *testing.T) {
	s := newServer(t, apisixtest.Options{})
	for body, want := range map[string]string{
		`not json`:       `{"error_msg":"invalid request body: Expected value but found invalid token at character 1","req_body":"not json"}`,
		`{"uri":`:        `{"error_msg":"invalid request body: Expected value but found T_END at character 8","req_body":"{\"uri\":"}`,
		`{"uri":"/a",}`:  `{"error_msg":"invalid request body: Expected object key string but found T_OBJ_END at character 13","req_body":"{\"uri\":\"/a\",}"}`,
		`{"uri":"/a"} x`: `{"error_msg":"invalid request body: Expected the end but found invalid token at character 14","req_body":"{\"uri\":\"/a\"} x"}`,
		`{"uri":"/a\q"}`: `{"error_msg":"invalid request body: Expected value but found invalid escape code at character 11","req_body":"{\"uri\":\"/a\\q\"}"}`,
		`{"uri" "/a"}`:   `{"error_msg":"invalid request body: Expected colon but found T_STRING at character 8","req_body":"{\"uri\" \"/a\"}"}`,
		``:               `{"error_msg":"missing configurations"}`,
		`{"uri":"/a","upstream":{"nodes":{"a:1":1}},"create_time":1}`: `{"error_msg":"the property is forbidden:  create_time"}`,
	} {
		code, got := call(t, s, "PUT", "/apisix/admin/routes/r1", body)
		assert.Equal(t, 400, code, body)
		assert.JSONEq(t, want, got, body)
	}
}
