package echo

import (
	"net/http"
	"testing"

	"golang.org/x/net/websocket"
)

// TestWebSocketEcho: an upgrade is answered with a WebSocket that echoes
// each message, prefixed with the backend's name, on the same connection;
// a plain request still gets the JSON echo.
func TestWebSocketEcho(t *testing.T) {
	s, err := Start("ws-a", "127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	c, err := websocket.Dial("ws://"+s.Addr()+"/ws", "", "http://test/")
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	for _, msg := range []string{"one", "two"} {
		if err := websocket.Message.Send(c, msg); err != nil {
			t.Fatal(err)
		}
		var got string
		if err := websocket.Message.Receive(c, &got); err != nil {
			t.Fatal(err)
		}
		if got != "ws-a: "+msg {
			t.Fatalf("got %q, want %q", got, "ws-a: "+msg)
		}
	}
	if n := s.WebSocketMessages(); n != 2 {
		t.Errorf("WebSocketMessages() = %d, want 2", n)
	}
	if n := s.WebSocketsOpen(); n != 1 {
		t.Errorf("WebSocketsOpen() = %d, want 1", n)
	}
	resp, err := http.Get("http://" + s.Addr() + "/plain")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.Header.Get("X-Backend") != "ws-a" {
		t.Errorf("plain request: %d from %q", resp.StatusCode, resp.Header.Get("X-Backend"))
	}
}
