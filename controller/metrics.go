package controller

import (
	"errors"

	"github.com/prometheus/client_golang/prometheus"
	crmetrics "sigs.k8s.io/controller-runtime/pkg/metrics"
)

// metrics are the controller's Prometheus collectors.
type metrics struct {
	syncDuration      *prometheus.HistogramVec
	translateDuration prometheus.Histogram
	adminCalls        *prometheus.CounterVec
	sources           *prometheus.GaugeVec
	apisixObjects     *prometheus.GaugeVec
	queueDepth        *prometheus.GaugeVec
}

func newMetrics(reg prometheus.Registerer) (*metrics, error) {
	if reg == nil {
		reg = crmetrics.Registry
	}
	m := &metrics{
		syncDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "apisix_ingress_sync_duration_seconds",
			Help:    "Duration of a sync to APISIX (diff and writes), by result.",
			Buckets: prometheus.ExponentialBuckets(0.001, 2, 16),
		}, []string{"result"}),
		translateDuration: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "apisix_ingress_translate_duration_seconds",
			Help:    "Duration of snapshot building and translation.",
			Buckets: prometheus.ExponentialBuckets(0.0005, 2, 16),
		}),
		adminCalls: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "apisix_ingress_admin_api_requests_total",
			Help: "Admin API calls made by the sync, by verb, kind and result.",
		}, []string{"verb", "kind", "result"}),
		sources: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "apisix_ingress_sources",
			Help: "Source objects by kind and state (synced, failed, rejected).",
		}, []string{"kind", "state"}),
		apisixObjects: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "apisix_ingress_apisix_objects",
			Help: "Owned APISIX objects known to be in APISIX, by kind.",
		}, []string{"kind"}),
		queueDepth: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "apisix_ingress_queue_depth",
			Help: "Pending work: events since the last snapshot, Admin API writes waiting, status writes waiting.",
		}, []string{"queue"}),
	}
	var err error
	m.syncDuration, err = register(reg, m.syncDuration)
	if err != nil {
		return nil, err
	}
	if m.translateDuration, err = register(reg, m.translateDuration); err != nil {
		return nil, err
	}
	if m.adminCalls, err = register(reg, m.adminCalls); err != nil {
		return nil, err
	}
	if m.sources, err = register(reg, m.sources); err != nil {
		return nil, err
	}
	if m.apisixObjects, err = register(reg, m.apisixObjects); err != nil {
		return nil, err
	}
	if m.queueDepth, err = register(reg, m.queueDepth); err != nil {
		return nil, err
	}
	return m, nil
}

// register registers c, or returns the collector already registered under
// the same description (several controllers in one process, as in tests).
func register[C prometheus.Collector](reg prometheus.Registerer, c C) (C, error) {
	if err := reg.Register(c); err != nil {
		var are prometheus.AlreadyRegisteredError
		if errors.As(err, &are) {
			if existing, ok := are.ExistingCollector.(C); ok {
				return existing, nil
			}
		}
		return c, err
	}
	return c, nil
}
