package report

import (
	"strconv"

	"github.com/olympus-cloud/deploy-actions/internal/domain/policy"
	"github.com/olympus-cloud/deploy-actions/internal/framework/step"
)

// SetCounts sets the outputs every step that plans gives its changes:
// has-changes, add, change, destroy and replace.
func SetCounts(rep step.Reporter, c policy.Counts) {
	rep.SetOutput("has-changes", strconv.FormatBool(c.HasChanges()))
	rep.SetOutput("add", strconv.Itoa(c.Add))
	rep.SetOutput("change", strconv.Itoa(c.Change))
	rep.SetOutput("destroy", strconv.Itoa(c.Destroy))
	rep.SetOutput("replace", strconv.Itoa(c.Replace))
}

// SummaryShare is the room each of n sections of a summary gets: an equal
// part of SummaryLimit, 4 KiB kept for the heading and the notes around
// them.
func SummaryShare(n int) int { return (SummaryLimit - 4096) / max(n, 1) }
