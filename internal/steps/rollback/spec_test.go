package rollback

import "testing"

func TestValidTarget(t *testing.T) {
	for v, ok := range map[string]bool{"LATEST": true, "api-00002-abc": true, "latest": true, "Latest": true, "LATEST/x": false} {
		if err := validTarget(v); (err == nil) != ok {
			t.Errorf("validTarget(%q) = %v", v, err)
		}
	}
}
