package translator

import (
	"math"

	"k8s.io/apimachinery/pkg/util/validation/field"

	apiv2 "github.com/apisix-ingress/apisix-ingress/api/v2"
	"github.com/apisix-ingress/apisix-ingress/apisix"
)

// healthChecks translates an ApisixUpstream healthCheck into APISIX's
// upstream checks, renaming the fields (httpCodes -> http_statuses,
// strictTLS -> https_verify_certificate, requestHeaders -> req_headers,
// durations -> whole seconds). APISIX needs active checks whenever passive
// ones are set.
func healthChecks(e *emitter, hc *apiv2.HealthCheck, fp *field.Path) *apisix.HealthCheck {
	if hc.Active == nil {
		e.err(field.Required(fp.Child("active"), "APISIX runs passive health checks only together with active ones"))
		return nil
	}
	out := &apisix.HealthCheck{}
	ok := true
	out.Active, ok = activeCheck(e, hc.Active, fp.Child("active"))
	if hc.Passive != nil {
		out.Passive = passiveCheck(hc.Passive)
	}
	if !ok {
		return nil
	}
	return out
}

func activeCheck(e *emitter, a *apiv2.ActiveHealthCheck, fp *field.Path) (*apisix.ActiveCheck, bool) {
	out := &apisix.ActiveCheck{
		Type:     a.Type,
		Host:     a.Host,
		Port:     int(a.Port),
		HTTPPath: a.HTTPPath,
	}
	if a.Timeout != nil {
		out.Timeout = apisix.Ptr(*a.Timeout)
	}
	if a.StrictTLS != nil {
		out.HTTPSVerifyCertificate = apisix.Ptr(*a.StrictTLS)
	}
	if a.Concurrency > 0 {
		out.Concurrency = apisix.Ptr(a.Concurrency)
	}
	if len(a.RequestHeaders) > 0 {
		out.ReqHeaders = append([]string(nil), a.RequestHeaders...)
	}
	ok := true
	if h := a.Healthy; h != nil {
		iv, good := intervalSeconds(e, h.Interval, fp.Child("healthy", "interval"))
		ok = ok && good
		out.Healthy = &apisix.ActiveHealthy{Interval: iv, HTTPStatuses: ints(h.HTTPCodes), Successes: h.Successes}
	}
	if u := a.Unhealthy; u != nil {
		iv, good := intervalSeconds(e, u.Interval, fp.Child("unhealthy", "interval"))
		ok = ok && good
		out.Unhealthy = &apisix.ActiveUnhealthy{
			Interval:     iv,
			HTTPStatuses: ints(u.HTTPCodes),
			HTTPFailures: u.HTTPFailures,
			TCPFailures:  u.TCPFailures,
			Timeouts:     timeouts(&u.PassiveHealthCheckUnhealthy),
		}
	}
	return out, ok
}

func passiveCheck(p *apiv2.PassiveHealthCheck) *apisix.PassiveCheck {
	out := &apisix.PassiveCheck{Type: p.Type}
	if h := p.Healthy; h != nil {
		out.Healthy = &apisix.PassiveHealthy{HTTPStatuses: ints(h.HTTPCodes), Successes: positive(h.Successes)}
	}
	if u := p.Unhealthy; u != nil {
		out.Unhealthy = &apisix.PassiveUnhealthy{
			HTTPStatuses: ints(u.HTTPCodes),
			HTTPFailures: positive(u.HTTPFailures),
			TCPFailures:  positive(u.TCPFailures),
			Timeouts:     positive(timeouts(u)),
		}
	}
	return out
}

// timeouts reads the 1.x spelling, else the 2.x one.
func timeouts(u *apiv2.PassiveHealthCheckUnhealthy) int {
	if u.Timeouts > 0 {
		return u.Timeouts
	}
	return u.Timeout
}

// intervalSeconds converts a probe interval; APISIX counts whole seconds.
func intervalSeconds(e *emitter, d apiv2.Duration, fp *field.Path) (int, bool) {
	if d == "" {
		return 0, true
	}
	sec, ferr := durationSeconds(d, fp)
	if ferr == nil && (sec < 1 || sec != math.Trunc(sec)) {
		ferr = field.Invalid(fp, string(d), "APISIX probes at intervals of whole seconds (at least 1s)")
	}
	if ferr != nil {
		e.err(ferr)
		return 0, false
	}
	return int(sec), true
}

func positive(v int) *int {
	if v <= 0 {
		return nil
	}
	return apisix.Ptr(v)
}

func ints(in []int) []int {
	if len(in) == 0 {
		return nil
	}
	return append([]int(nil), in...)
}

// cloneChecks copies a health check so emitted upstreams share nothing.
func cloneChecks(c *apisix.HealthCheck) *apisix.HealthCheck {
	out := &apisix.HealthCheck{}
	if a := c.Active; a != nil {
		ac := *a
		ac.ReqHeaders = append([]string(nil), a.ReqHeaders...)
		ac.Timeout = clonePtr(a.Timeout)
		ac.Concurrency = clonePtr(a.Concurrency)
		ac.HTTPSVerifyCertificate = clonePtr(a.HTTPSVerifyCertificate)
		if a.Healthy != nil {
			h := *a.Healthy
			h.HTTPStatuses = ints(h.HTTPStatuses)
			ac.Healthy = &h
		}
		if a.Unhealthy != nil {
			u := *a.Unhealthy
			u.HTTPStatuses = ints(u.HTTPStatuses)
			ac.Unhealthy = &u
		}
		out.Active = &ac
	}
	if p := c.Passive; p != nil {
		pc := *p
		if p.Healthy != nil {
			h := *p.Healthy
			h.HTTPStatuses = ints(h.HTTPStatuses)
			h.Successes = clonePtr(h.Successes)
			pc.Healthy = &h
		}
		if p.Unhealthy != nil {
			u := *p.Unhealthy
			u.HTTPStatuses = ints(u.HTTPStatuses)
			u.HTTPFailures = clonePtr(u.HTTPFailures)
			u.TCPFailures = clonePtr(u.TCPFailures)
			u.Timeouts = clonePtr(u.Timeouts)
			pc.Unhealthy = &u
		}
		out.Passive = &pc
	}
	return out
}

func clonePtr[T any](p *T) *T {
	if p == nil {
		return nil
	}
	return apisix.Ptr(*p)
}
