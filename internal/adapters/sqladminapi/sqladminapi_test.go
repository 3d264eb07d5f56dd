package sqladminapi

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	sqladmin "google.golang.org/api/sqladmin/v1"
)

func TestOperationError(t *testing.T) {
	op := &sqladmin.Operation{Error: &sqladmin.OperationErrors{Errors: []*sqladmin.OperationError{
		{Code: "INTERNAL_ERROR", Message: "disk quota"}, {Message: "retry later"}}}}
	if got := OperationError(op); got != "INTERNAL_ERROR: disk quota; retry later" {
		t.Errorf("OperationError = %q", got)
	}
	if got := OperationError(&sqladmin.Operation{Status: "DONE"}); got != "" {
		t.Errorf("no error gave %q", got)
	}
}

func TestPollDelayDoublesUpToTheMost(t *testing.T) {
	var got []time.Duration
	for n := range 7 {
		got = append(got, PollDelay(n, time.Second, 10*time.Second))
	}
	want := []time.Duration{1, 2, 4, 8, 10, 10, 10}
	for i := range want {
		want[i] *= time.Second
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("delays (-want +got):\n%s", diff)
	}
}
