package terraform

import (
	"bytes"
	"io"
	"sync"
)

// PrefixWriter starts every line with a prefix, so that the output of
// several workers stays apart in one log.
type PrefixWriter struct {
	mu      sync.Mutex
	W       io.Writer
	Prefix  string
	midLine bool
}

// SetPrefix changes the prefix of the lines that follow.
func (p *PrefixWriter) SetPrefix(s string) {
	p.mu.Lock()
	p.Prefix = s
	p.mu.Unlock()
}

func (p *PrefixWriter) Write(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	var buf bytes.Buffer
	for _, line := range bytes.SplitAfter(b, []byte("\n")) {
		if len(line) == 0 {
			continue
		}
		if !p.midLine {
			buf.WriteString(p.Prefix)
		}
		buf.Write(line)
		p.midLine = line[len(line)-1] != '\n'
	}
	if _, err := p.W.Write(buf.Bytes()); err != nil {
		return 0, err
	}
	return len(b), nil
}
