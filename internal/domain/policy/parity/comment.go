package parity

import "fmt"

// CommentMarker is the first line of plan-comment's comment for the
// working directory dir (as the working-directory input names it), so
// that deploy finds the comment of its own root module among the pull
// request's comments: plan-comment writes it, deploy looks for it, and a
// step never imports another.
func CommentMarker(dir string) string {
	return fmt.Sprintf("<!-- olympus:plan-comment dir=%q -->", dir)
}
