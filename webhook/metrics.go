package webhook

import (
	"errors"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	admissionv1 "k8s.io/api/admission/v1"
)

// Verdicts counted by the requests metric.
const (
	verdictAllowed = "allowed"
	verdictWarned  = "allowed_with_warnings"
	verdictPatched = "patched"
	verdictDenied  = "denied"
	verdictErrored = "errored"
)

// metrics are the webhook's Prometheus collectors.
type metrics struct {
	latency *prometheus.HistogramVec
	total   *prometheus.CounterVec
}

func newMetrics(reg prometheus.Registerer) (*metrics, error) {
	lat := prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "apisix_ingress_admission_duration_seconds",
		Help:    "Time to decide one admission, by kind, webhook (validate or mutate) and operation.",
		Buckets: []float64{.0001, .00025, .0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
	}, []string{"kind", "webhook", "operation"})
	tot := prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "apisix_ingress_admission_requests_total",
		Help: "Admissions decided, by kind, webhook and verdict.",
	}, []string{"kind", "webhook", "verdict"})
	var err error
	if lat, err = register(reg, lat); err != nil {
		return nil, err
	}
	if tot, err = register(reg, tot); err != nil {
		return nil, err
	}
	return &metrics{latency: lat, total: tot}, nil
}

// register registers c, or returns the collector already registered under
// its name (Setup may run more than once per process, e.g. in tests).
func register[C prometheus.Collector](reg prometheus.Registerer, c C) (C, error) {
	err := reg.Register(c)
	var are prometheus.AlreadyRegisteredError
	if errors.As(err, &are) {
		if existing, ok := are.ExistingCollector.(C); ok {
			return existing, nil
		}
	}
	return c, err
}

func (m *metrics) observe(kind, hook string, op admissionv1.Operation, start time.Time, resp *admissionv1.AdmissionResponse) {
	m.latency.WithLabelValues(kind, hook, string(op)).Observe(time.Since(start).Seconds())
	m.total.WithLabelValues(kind, hook, verdictOf(resp)).Inc()
}

func verdictOf(r *admissionv1.AdmissionResponse) string {
	switch {
	case !r.Allowed && r.Result != nil && r.Result.Code >= 500:
		return verdictErrored
	case !r.Allowed && r.Result != nil && r.Result.Code == 400 && r.Result.Reason == "":
		return verdictErrored
	case !r.Allowed:
		return verdictDenied
	case r.PatchType != nil:
		return verdictPatched
	case len(r.Warnings) > 0:
		return verdictWarned
	}
	return verdictAllowed
}

// registerSchemaGauge registers the gauge of the plugin schemas loaded
// from APISIX, reading count; it replaces one registered before (by an
// earlier Setup of this process).
func registerSchemaGauge(reg prometheus.Registerer, count func() int) error {
	g := prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name: "apisix_ingress_admission_plugin_schemas",
		Help: "Plugin schemas fetched from APISIX that admissions check against (0: none fetched yet, or APISIX did not answer).",
	}, func() float64 { return float64(count()) })
	err := reg.Register(g)
	var are prometheus.AlreadyRegisteredError
	if errors.As(err, &are) {
		reg.Unregister(are.ExistingCollector)
		err = reg.Register(g)
	}
	return err
}
