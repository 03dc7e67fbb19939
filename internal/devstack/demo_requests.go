package devstack

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strings"
	"time"
)

// demoHost is the host of the demo's legacy Ingress and its canary.
const demoHost = "www.example.com"

// showRequests sends the demo's requests through the real APISIX, as curl
// would, and prints what came back: the canary split over 100 requests,
// the canary header, and the host of the rejected snippet Ingress. Without
// a real APISIX, or without pods, it says what it skipped and why.
func showRequests(ctx context.Context, s *Stack, out io.Writer) error {
	if s.HTTPURL == "" || s.Pods == nil {
		fmt.Fprintln(out, "skipped:")
		for _, n := range s.Notes {
			fmt.Fprintf(out, "  %s\n", n)
		}
		return nil
	}
	fmt.Fprintf(out, "APISIX_HTTP_URL=%s\n", s.HTTPURL)
	c := &http.Client{Timeout: 5 * time.Second}
	get := func(host string, header ...string) (int, string, string, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.HTTPURL+"/", nil)
		if err != nil {
			return 0, "", "", err
		}
		req.Host = host
		for i := 0; i+1 < len(header); i += 2 {
			req.Header.Set(header[i], header[i+1])
		}
		resp, err := c.Do(req)
		if err != nil {
			return 0, "", "", err
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
		return resp.StatusCode, resp.Header.Get("X-Backend"), strings.TrimSpace(string(body)), nil
	}
	// The routes are in APISIX's etcd (step 5); its watch delivers them
	// within milliseconds.
	if err := waitFor(ctx, 30*time.Second, func() error {
		code, backend, body, err := get(demoHost, "X-Canary", "always")
		if err == nil && (code != http.StatusOK || !strings.HasPrefix(backend, "web-canary")) {
			err = fmt.Errorf("%d from %q: %.200s", code, backend, body)
		}
		return err
	}); err != nil {
		return fmt.Errorf("the canary route did not answer through APISIX: %w", err)
	}

	fmt.Fprintf(out, "$ for i in $(seq 100); do curl -s -o /dev/null -w '%%{http_code} %%header{x-backend}\\n' -H 'Host: %s' $APISIX_HTTP_URL/; done | sort | uniq -c\n", demoHost)
	counts := map[string]int{}
	for range 100 {
		code, backend, _, err := get(demoHost)
		if err != nil {
			return err
		}
		counts[fmt.Sprintf("%d %s", code, backend)]++
	}
	keys := make([]string, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Fprintf(out, "%7d %s\n", counts[k], k)
	}

	fmt.Fprintf(out, "$ curl -s -H 'Host: %s' -H 'X-Canary: always' $APISIX_HTTP_URL/\n", demoHost)
	code, backend, body, err := get(demoHost, "X-Canary", "always")
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "%s\n(HTTP %d from %s)\n", body, code, backend)

	fmt.Fprintf(out, "$ curl -s -H 'Host: snippet.example.com' $APISIX_HTTP_URL/   # its Ingress was rejected in step 2\n")
	code, _, body, err = get("snippet.example.com")
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "%s\n(HTTP %d: no route)\n", body, code)
	return nil
}

// waitFor retries try until it succeeds or the timeout passes.
func waitFor(ctx context.Context, timeout time.Duration, try func() error) error {
	deadline := time.Now().Add(timeout)
	for {
		err := try()
		if err == nil || time.Now().After(deadline) {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
}
