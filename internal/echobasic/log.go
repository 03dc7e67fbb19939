package echobasic

import (
	"fmt"
	"strings"
	"sync"
	"time"
)

// Log is a Pod's container log: what echo-basic prints on stdout, kept in
// memory with the time of each line so that a log request with sinceTime
// gets only the lines written since.
type Log struct {
	mu    sync.Mutex
	lines []line
}

type line struct {
	at   time.Time
	text string
}

// maxLines bounds a Pod's log (the oldest lines go first).
const maxLines = 10000

// Printf appends one line.
func (l *Log) Printf(format string, args ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lines = append(l.lines, line{at: time.Now(), text: fmt.Sprintf(format, args...)})
	if len(l.lines) > maxLines {
		l.lines = append([]line(nil), l.lines[len(l.lines)-maxLines:]...)
	}
}

// Since returns the lines written at or after t (all of them for the zero
// time), each ending in a newline; with timestamps, each line starts with
// its RFC 3339 time and a space, as a kubelet writes them.
func (l *Log) Since(t time.Time, timestamps bool) string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var b strings.Builder
	for _, ln := range l.lines {
		if ln.at.Before(t) {
			continue
		}
		if timestamps {
			b.WriteString(ln.at.UTC().Format(time.RFC3339Nano))
			b.WriteByte(' ')
		}
		b.WriteString(ln.text)
		b.WriteByte('\n')
	}
	return b.String()
}
