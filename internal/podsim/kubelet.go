package podsim

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"math/big"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// kubelet answers the one kubelet API the API server forwards that tests
// use: GET /containerLogs/{namespace}/{pod}/{container} (pods/log), from the
// Pod's in-memory log, honouring sinceTime, sinceSeconds and timestamps. It
// serves HTTPS with a self-signed certificate: a test API server has no
// kubelet CA and does not verify it.
type kubelet struct {
	port int32
	srv  *http.Server
}

// logFunc returns a Pod's log since a time, or false when the Sim does not
// run that Pod.
type logFunc func(namespace, pod string, since time.Time, timestamps bool) (string, bool)

func startKubelet(ip string, logs logFunc) (*kubelet, error) {
	cert, err := selfSigned(ip)
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", net.JoinHostPort(ip, "0"))
	if err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /containerLogs/{namespace}/{pod}/{container}", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		var since time.Time
		if v := q.Get("sinceTime"); v != "" {
			t, err := time.Parse(time.RFC3339, v)
			if err != nil {
				http.Error(w, "sinceTime: "+err.Error(), http.StatusBadRequest)
				return
			}
			since = t
		}
		if v := q.Get("sinceSeconds"); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil {
				http.Error(w, "sinceSeconds: "+err.Error(), http.StatusBadRequest)
				return
			}
			since = time.Now().Add(-time.Duration(n) * time.Second)
		}
		out, ok := logs(r.PathValue("namespace"), r.PathValue("pod"), since, q.Get("timestamps") == "true")
		if !ok {
			http.Error(w, "pod "+r.PathValue("namespace")+"/"+r.PathValue("pod")+" is not running here", http.StatusNotFound)
			return
		}
		w.Header().Set("Content-Type", "text/plain")
		_, _ = w.Write([]byte(out))
	})
	k := &kubelet{port: int32(ln.Addr().(*net.TCPAddr).Port), srv: &http.Server{
		Handler: mux, ReadHeaderTimeout: 10 * time.Second,
		TLSConfig: &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12},
	}}
	go func() {
		if err := k.srv.ServeTLS(ln, "", ""); err != nil && !errors.Is(err, http.ErrServerClosed) {
			_ = err // the listener is gone; pods/log requests then fail and say so
		}
	}()
	return k, nil
}

func (k *kubelet) close() { _ = k.srv.Close() }

// podLog is the kubelet's logFunc.
func (s *Sim) podLog(namespace, pod string, since time.Time, timestamps bool) (string, bool) {
	s.mu.Lock()
	var p *podState
	for _, st := range s.pods {
		if st.namespace == namespace && st.name == pod {
			p = st
		}
	}
	s.mu.Unlock()
	if p == nil {
		return "", false
	}
	return p.log.Since(since, timestamps), true
}

// selfSigned makes a one-day certificate for ip.
func selfSigned(ip string) (tls.Certificate, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, err
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(time.Now().UnixNano()),
		Subject:      pkix.Name{CommonName: "podsim-kubelet"},
		NotBefore:    time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		KeyUsage:    x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IPAddresses: []net.IP{net.ParseIP(strings.TrimSpace(ip))},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return tls.Certificate{}, err
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, nil
}
