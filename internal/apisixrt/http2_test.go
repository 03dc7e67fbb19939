package apisixrt

import "testing"

// TestSetListenHTTP2 pins the edit of nginx.conf's listen lines: only the
// given addresses change, http2 goes after ssl, and off undoes on.
func TestSetListenHTTP2(t *testing.T) {
	conf := "        listen 127.0.0.1:9080 default_server;\n" +
		"        listen 198.18.250.1:80 default_server;\n" +
		"        listen 198.18.250.1:443 ssl default_server;\n" +
		"        listen 198.18.250.2:80;\n"
	want := "        listen 127.0.0.1:9080 default_server;\n" +
		"        listen 198.18.250.1:80 http2 default_server;\n" +
		"        listen 198.18.250.1:443 ssl http2 default_server;\n" +
		"        listen 198.18.250.2:80 http2;\n"
	addrs := []string{"198.18.250.1:80", "198.18.250.1:443", "198.18.250.2:80"}
	got, n := setListenHTTP2(conf, true, addrs)
	if got != want || n != 3 {
		t.Errorf("on: changed %d lines, got\n%s\nwant\n%s", n, got, want)
	}
	if again, n := setListenHTTP2(got, true, addrs); again != want || n != 0 {
		t.Errorf("on twice: changed %d lines, got\n%s", n, again)
	}
	if back, n := setListenHTTP2(got, false, addrs); back != conf || n != 3 {
		t.Errorf("off: changed %d lines, got\n%s\nwant\n%s", n, back, conf)
	}
}
