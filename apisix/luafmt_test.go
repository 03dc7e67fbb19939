package apisix_test

import (
	"os/exec"
	"testing"

	"github.com/apisix-ingress/apisix-ingress/apisix"
)

// luaQuoteCases are values a user can put in a field the translator writes
// into generated Lua (header names and values, hosts): each must come back
// byte for byte, and none may end the string literal.
var luaQuoteCases = []string{
	"", "plain", `a"b`, `back\slash`, "line\nbreak", "cr\rlf", "nul\x0012", `"]] os.exit(1) --`, `\"`, "tab\tend", "ünï",
}

func TestLuaQuote(t *testing.T) {
	for in, want := range map[string]string{
		`a"b`:        `"a\"b"`,
		`back\slash`: `"back\\slash"`,
		"nul\x0012":  `"nul\00012"`,
		"nul\x00a":   `"nul\0a"`,
		"cr\r":       `"cr\r"`,
	} {
		if got := apisix.LuaQuote(in); got != want {
			t.Errorf("LuaQuote(%q) = %s, want %s", in, got, want)
		}
	}
}

// TestLuaQuoteRoundTrip has LuaJIT (when installed, as the APISIX runtime
// installs it) read each quoted value back: generated Lua (serverless functions) quotes
// user values with it.
func TestLuaQuoteRoundTrip(t *testing.T) {
	luajit, err := exec.LookPath("luajit")
	if err != nil {
		t.Skip("luajit not installed")
	}
	for _, in := range luaQuoteCases {
		out, err := exec.Command(luajit, "-e", "io.write("+apisix.LuaQuote(in)+")").CombinedOutput()
		if err != nil || string(out) != in {
			t.Errorf("LuaQuote(%q) read back as %q (%v)", in, out, err)
		}
	}
}
