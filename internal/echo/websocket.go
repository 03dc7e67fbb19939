package echo

import (
	"net/http"
	"strings"

	"golang.org/x/net/websocket"
)

// A backend also answers WebSocket upgrades (RFC 6455, through
// golang.org/x/net/websocket): it echoes every message back on the same
// connection, prefixed with its name and ": ", so a client sees both that
// the connection still works and which backend holds it.

// isWebSocket reports whether r asks to upgrade to WebSocket.
func isWebSocket(r *http.Request) bool {
	return strings.EqualFold(r.Header.Get("Upgrade"), "websocket") &&
		headerHasToken(r.Header, "Connection", "upgrade")
}

func headerHasToken(h http.Header, name, token string) bool {
	for _, v := range h.Values(name) {
		for _, t := range strings.Split(v, ",") {
			if strings.EqualFold(strings.TrimSpace(t), token) {
				return true
			}
		}
	}
	return false
}

// serveWebSocket completes the handshake (any Origin is accepted: the
// clients are tests and the dev demo) and echoes messages until the client
// closes the connection.
func (s *Server) serveWebSocket(w http.ResponseWriter, r *http.Request) {
	s.wsOpen.Add(1)
	defer s.wsOpen.Add(-1)
	websocket.Server{Handler: func(c *websocket.Conn) {
		defer c.Close()
		for {
			var msg string
			if err := websocket.Message.Receive(c, &msg); err != nil {
				return
			}
			s.wsMessages.Add(1)
			if err := websocket.Message.Send(c, s.Name+": "+msg); err != nil {
				return
			}
		}
	}}.ServeHTTP(w, r)
}

// WebSocketsOpen is the number of WebSocket connections open now.
func (s *Server) WebSocketsOpen() int64 { return s.wsOpen.Load() }

// WebSocketMessages is the number of WebSocket messages echoed.
func (s *Server) WebSocketMessages() int64 { return s.wsMessages.Load() }
