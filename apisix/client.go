package apisix

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Defaults applied by NewClient to zero Config fields.
const (
	DefaultTimeout        = 10 * time.Second
	DefaultMaxRetries     = 4
	DefaultBackoffInitial = 50 * time.Millisecond
	DefaultBackoffMax     = 2 * time.Second
	DefaultPageSize       = 500
)

// Config configures a Client.
type Config struct {
	// BaseURLs are the Admin API endpoints, e.g. http://apisix-admin:9180,
	// tried in order; on a connection error or 5xx the client fails over to
	// the next one and keeps using whichever answered last.
	BaseURLs []string
	// APIKey is sent as the X-API-KEY header. It never appears in logs or
	// errors.
	APIKey string
	// HTTPClient, when set, is used as is (CABundle and
	// InsecureSkipVerify are then ignored).
	HTTPClient *http.Client
	// CABundle is a PEM bundle of the CAs trusted for https endpoints; empty
	// means the system pool.
	CABundle []byte
	// InsecureSkipVerify disables TLS verification (tests only).
	InsecureSkipVerify bool
	// Timeout bounds each attempt (not the whole call; the context's deadline
	// bounds that). Default DefaultTimeout.
	Timeout time.Duration
	// MaxRetries is the number of retries after the first attempt of an
	// idempotent call (GET, PUT, DELETE). Zero means DefaultMaxRetries; a
	// negative value disables retries.
	MaxRetries int
	// Backoff is the delay policy between attempts.
	Backoff Backoff
	// PageSize is the page_size of List (10..500). Default DefaultPageSize.
	PageSize int
	// Seed, when non-zero, makes the backoff jitter deterministic.
	Seed uint64
	// Logger receives a debug line per retried attempt. Nil discards.
	Logger *slog.Logger
}

// Backoff is an exponential backoff with full jitter: the n-th retry waits a
// random duration in [0, min(Max, Initial*2^(n-1))].
type Backoff struct {
	Initial time.Duration // default DefaultBackoffInitial
	Max     time.Duration // default DefaultBackoffMax
}

// Item is one Admin API v3 object as APISIX returns it.
type Item struct {
	Key           string          `json:"key"`   // e.g. /apisix/routes/1
	Value         json.RawMessage `json:"value"` // the object, with server-filled fields
	CreatedIndex  int64           `json:"createdIndex,omitempty"`
	ModifiedIndex int64           `json:"modifiedIndex,omitempty"`
}

// ID returns the last segment of the item's key.
func (it Item) ID() string {
	if i := strings.LastIndexByte(it.Key, '/'); i >= 0 {
		return it.Key[i+1:]
	}
	return it.Key
}

// Client talks to the APISIX Admin API v3 with raw JSON bodies. It is safe for
// concurrent use.
type Client struct {
	bases      []*url.URL
	apiKey     string
	hc         *http.Client
	timeout    time.Duration
	maxRetries int
	backoff    Backoff
	pageSize   int
	log        *slog.Logger

	preferred atomic.Int64 // index into bases of the endpoint that answered last

	rngMu sync.Mutex
	rng   *rand.Rand
}

// NewClient validates cfg and returns a Client.
func NewClient(cfg Config) (*Client, error) {
	if len(cfg.BaseURLs) == 0 {
		return nil, errors.New("apisix: at least one admin api base URL is required")
	}
	c := &Client{
		apiKey:     cfg.APIKey,
		hc:         cfg.HTTPClient,
		timeout:    cfg.Timeout,
		maxRetries: cfg.MaxRetries,
		backoff:    cfg.Backoff,
		pageSize:   cfg.PageSize,
		log:        cfg.Logger,
	}
	for _, raw := range cfg.BaseURLs {
		u, err := url.Parse(strings.TrimRight(raw, "/"))
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, fmt.Errorf("apisix: invalid admin api base URL %q: want http(s)://host[:port]", redactURL(raw))
		}
		c.bases = append(c.bases, u)
	}
	if c.timeout <= 0 {
		c.timeout = DefaultTimeout
	}
	switch {
	case c.maxRetries == 0:
		c.maxRetries = DefaultMaxRetries
	case c.maxRetries < 0:
		c.maxRetries = 0
	}
	if c.backoff.Initial <= 0 {
		c.backoff.Initial = DefaultBackoffInitial
	}
	if c.backoff.Max <= 0 {
		c.backoff.Max = DefaultBackoffMax
	}
	if c.pageSize == 0 {
		c.pageSize = DefaultPageSize
	}
	if c.pageSize < 10 || c.pageSize > 500 {
		return nil, fmt.Errorf("apisix: page size %d out of range 10..500", c.pageSize)
	}
	if c.log == nil {
		c.log = slog.New(slog.DiscardHandler)
	}
	seed := cfg.Seed
	if seed == 0 {
		seed = rand.Uint64()
	}
	c.rng = rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	if c.hc == nil {
		hc, err := newHTTPClient(cfg)
		if err != nil {
			return nil, err
		}
		c.hc = hc
	}
	return c, nil
}

// newHTTPClient builds an http.Client with its own transport, trusting
// cfg.CABundle for https endpoints.
func newHTTPClient(cfg Config) (*http.Client, error) {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = 64
	if len(cfg.CABundle) > 0 || cfg.InsecureSkipVerify {
		tc := &tls.Config{MinVersion: tls.VersionTLS12, InsecureSkipVerify: cfg.InsecureSkipVerify} //nolint:gosec // opt-in for tests
		if len(cfg.CABundle) > 0 {
			pool := x509.NewCertPool()
			if !pool.AppendCertsFromPEM(cfg.CABundle) {
				return nil, errors.New("apisix: CA bundle holds no PEM certificate")
			}
			tc.RootCAs = pool
		}
		tr.TLSClientConfig = tc
	}
	return &http.Client{Transport: tr}, nil
}

// redactURL drops any user info from a URL for messages.
func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "<unparsable>"
	}
	return u.Redacted()
}
