package regopolicy

import (
	"bytes"
	"io"
	"sync"

	tfjson "github.com/hashicorp/terraform-json"
)

// ReadPlan is how a step reads `terraform show -json` as terraform writes
// it (terraform.ReadPlan).
type ReadPlan = func(io.Reader) (*tfjson.Plan, []string, error)

// Capture keeps the JSON of the plans a step reads, so that the policies
// judge the very document terraform showed, while the step's own reader
// keeps only what it renders. It is read later, once the plan's secrets are
// masked: the input is redacted when it is made (see Input).
type Capture struct {
	mu  sync.Mutex
	raw map[*tfjson.Plan][]byte
}

// Wrap returns read keeping a copy of what it reads, by the plan it
// returns.
func (c *Capture) Wrap(read ReadPlan) ReadPlan {
	return func(r io.Reader) (*tfjson.Plan, []string, error) {
		var buf bytes.Buffer
		p, secrets, err := read(io.TeeReader(r, &buf))
		if err != nil {
			return p, secrets, err
		}
		// What the reader left unread (a trailing newline) is kept too.
		if _, err := io.Copy(&buf, r); err != nil {
			return nil, nil, err
		}
		c.mu.Lock()
		defer c.mu.Unlock()
		if c.raw == nil {
			c.raw = map[*tfjson.Plan][]byte{}
		}
		c.raw[p] = buf.Bytes()
		return p, secrets, nil
	}
}

// Open returns a Plan.Open for the JSON read into p, which it then forgets;
// nil when p was not read through Wrap.
func (c *Capture) Open(p *tfjson.Plan) func() (io.ReadCloser, error) {
	c.mu.Lock()
	raw, ok := c.raw[p]
	delete(c.raw, p)
	c.mu.Unlock()
	if !ok {
		return nil
	}
	return func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(raw)), nil }
}
