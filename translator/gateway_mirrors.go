package translator

import (
	"strings"

	"github.com/apisix-ingress/apisix-ingress/apisix"
)

// mirrorsFunction sends a rule's second and later RequestMirror filters
// (extended feature RequestMultipleMirrors; the first is APISIX's
// proxy-mirror, which mirrors to one host only): a serverless-pre-function
// in the access phase, after proxy-rewrite, copies the request (method,
// URI as rewritten, headers, body) to each mirror from a timer, so the
// client's answer never waits for a mirror and a mirror's answer is
// dropped. Each mirror keeps its share (sample ratio).
func mirrorsFunction(ms []*apisix.ProxyMirror) map[string]any {
	var targets strings.Builder
	for _, m := range ms {
		ratio := 1.0
		if m.SampleRatio != nil {
			ratio = *m.SampleRatio
		}
		targets.WriteString("{" + apisix.LuaQuote(m.Host) + ", " + apisix.LuaNumber(ratio) + "}, ")
	}
	fn := `return function(conf, ctx)
  local targets = {` + strings.TrimSuffix(targets.String(), ", ") + `}
  local uri = ctx.var.upstream_uri
  if not uri or uri == "" then
    uri = ngx.var.uri .. ngx.var.is_args .. (ngx.var.args or "")
  end
  ngx.req.read_body()
  local body = ngx.req.get_body_data()
  if not body then
    local path = ngx.req.get_body_file()
    if path then
      local f = io.open(path, "rb")
      if f then
        body = f:read("*a")
        f:close()
      end
    end
  end
  local headers = ngx.req.get_headers()
  headers["transfer-encoding"] = nil
  local method = ngx.req.get_method()
  for _, t in ipairs(targets) do
    if t[2] >= 1 or math.random() < t[2] then
      ngx.timer.at(0, function(premature, host)
        if premature then
          return
        end
        local c = require("resty.http").new()
        c:set_timeout(10000)
        c:request_uri(host .. uri, {method = method, headers = headers, body = body})
      end, t[1])
    end
  end
end`
	return map[string]any{"phase": "access", "functions": []string{fn}}
}
