package apisixtest

import (
	"fmt"
	"maps"
	"net"
	"slices"
	"strconv"
	"strings"

	"github.com/apisix-ingress/apisix-ingress/apisix"
)

// The checks below are those APISIX 3.18's Admin API runs besides the JSON
// schemas: a route's exclusive members (before the schema), an upstream's
// own rules (after it), and a route's vars expression (after its plugins).

// preSchemaCheck returns APISIX's error for a route that sets both forms of
// an exclusive member, or "".
func preSchemaCheck(kind apisix.Kind, o object) string {
	if kind != apisix.KindRoute {
		return ""
	}
	if _, ok := o["host"]; ok {
		if _, ok := o["hosts"]; ok {
			return "only one of host or hosts is allowed"
		}
	}
	if _, ok := o["remote_addr"]; ok {
		if _, ok := o["remote_addrs"]; ok {
			return "only one of remote_addr or remote_addrs is allowed"
		}
	}
	return ""
}

// upstreamCheck returns APISIX's error for the upstream of o (o itself for
// an upstream, else its inline upstream), or "".
func upstreamCheck(kind apisix.Kind, o object) string {
	u := o
	if kind != apisix.KindUpstream {
		u, _ = o["upstream"].(object)
	}
	if u == nil {
		return ""
	}
	if nodes, ok := u["nodes"].(object); ok {
		for addr := range nodes {
			if _, p, err := net.SplitHostPort(addr); err == nil {
				if port, err := strconv.Atoi(p); err == nil && (port < 1 || port > 65535) {
					return "invalid port " + p
				}
			}
		}
	}
	if u["pass_host"] == "rewrite" && (u["upstream_host"] == nil || u["upstream_host"] == "") {
		return "`upstream_host` can't be empty when `pass_host` is `rewrite`"
	}
	if u["type"] == "chash" && u["hash_on"] != "consumer" && u["key"] == nil {
		return "missing key"
	}
	return ""
}

// varsCheck returns APISIX's error for a route's vars expression that
// lua-resty-expr cannot compile, or "".
func varsCheck(kind apisix.Kind, o object) string {
	if kind != apisix.KindRoute {
		return ""
	}
	rule, ok := o["vars"].([]any)
	if !ok || len(rule) == 0 {
		return ""
	}
	if _, nested := rule[0].([]any); !nested && !isLogicOp(rule[0]) {
		return "failed to validate the 'vars' expression: rule should be wrapped inside brackets"
	}
	if err := compileRule(rule); err != "" {
		return "failed to validate the 'vars' expression: " + err
	}
	return ""
}

func isLogicOp(v any) bool {
	s, ok := v.(string)
	switch strings.ToUpper(s) {
	case "OR", "!OR", "AND", "!AND":
		return ok
	}
	return false
}

// compileRule checks a rule: a list of rules, a logical operator with its
// operands, or one expression.
func compileRule(rule []any) string {
	if len(rule) == 0 {
		return "rule too short"
	}
	if _, nested := rule[0].([]any); nested {
		for _, r := range rule {
			sub, _ := r.([]any)
			if err := compileRule(sub); err != "" {
				return err
			}
		}
		return ""
	}
	if isLogicOp(rule[0]) {
		if len(rule) <= 2 {
			return "rule too short"
		}
		for _, r := range rule[1:] {
			sub, _ := r.([]any)
			if err := compileRule(sub); err != "" {
				return err
			}
		}
		return ""
	}
	return compileExpr(rule)
}

// exprOps are lua-resty-expr's comparison operators.
var exprOps = map[string]bool{
	"==": true, "~=": true, ">": true, ">=": true, "<": true, "<=": true,
	"~~": true, "~*": true, "in": true, "has": true, "ipmatch": true,
}

// compileExpr checks one [var, op, value] or [var, "!", op, value].
func compileExpr(e []any) string {
	at := func(i int) any {
		if i < len(e) {
			return e[i]
		}
		return nil
	}
	l, op, r := at(0), at(1), at(2)
	if len(e) == 4 {
		if at(1) != "!" {
			return "bad 'not' expression"
		}
		op, r = at(2), at(3)
	}
	opStr, isStr := op.(string)
	if isStr {
		opStr = strings.ToLower(opStr)
	}
	if r == nil && !exprOps[opStr] {
		r, opStr, isStr = op, "==", true
		if r == nil {
			return "invalid expression"
		}
	}
	if l == nil || !isStr {
		return "invalid expression"
	}
	if !exprOps[opStr] {
		return fmt.Sprintf("invalid operator '%s'", opStr)
	}
	if opStr == "ipmatch" && (r == "" || isEmptyList(r)) {
		return "invalid ip address"
	}
	return ""
}

func isEmptyList(v any) bool {
	a, ok := v.([]any)
	return ok && len(a) == 0
}

// globalPluginTaken returns APISIX's error for a global rule that
// configures a plugin another global rule already does (a plugin is global
// once), or "". Where several overlap APISIX names the first it meets in
// Lua's hash order; this names the first by id, then plugin name. The
// caller holds s.mu.
func (s *Server) globalPluginTaken(kind apisix.Kind, id string, o object) string {
	if kind != apisix.KindGlobalRule {
		return ""
	}
	plugins, _ := o["plugins"].(object)
	for _, other := range s.store.ids(kind) {
		if other == id {
			continue
		}
		theirs, _ := s.store.get(kind, other).value["plugins"].(object)
		for _, name := range slices.Sorted(maps.Keys(plugins)) {
			if _, ok := theirs[name]; ok {
				return fmt.Sprintf("plugin '%s' already exists in global rule with id '%s'", name, other)
			}
		}
	}
	return ""
}
