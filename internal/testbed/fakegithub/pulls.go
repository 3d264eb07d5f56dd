package fakegithub

import (
	"net/http"
	"slices"
	"strconv"
)

// Pull is a pull request, as far as deploy's plan parity reads one: the
// commits associated with it and whether and how it was merged.
type Pull struct {
	Number         int     `json:"number"`
	State          string  `json:"state"`
	HTMLURL        string  `json:"html_url"`
	MergedAt       *string `json:"merged_at"`
	MergeCommitSHA string  `json:"merge_commit_sha"`
	Head           PullRef `json:"head"`
	Base           PullRef `json:"base"`
	User           User    `json:"user"`
	// Commits are the shas GitHub associates with the pull request (its
	// head and, once merged, its merge commit); not part of the answer.
	Commits []string `json:"-"`
}

// PullRef is the head or base of a pull request.
type PullRef struct {
	Ref string `json:"ref"`
	SHA string `json:"sha"`
}

// AddMergedPull records pull request number, from branch head at
// headSHA, merged into main as mergeSHA.
func (s *Server) AddMergedPull(number int, headSHA, mergeSHA string) {
	at := now()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pulls = append(s.pulls, &Pull{Number: number, State: "closed", MergedAt: &at, MergeCommitSHA: mergeSHA,
		HTMLURL: "https://github.com/olympus-cloud/olympus/pull/" + strconv.Itoa(number),
		Head:    PullRef{Ref: "feature-" + strconv.Itoa(number), SHA: headSHA}, Base: PullRef{Ref: "main", SHA: "base"},
		User: User{Login: "octocat", Type: "User"}, Commits: []string{headSHA, mergeSHA}})
}

// listCommitPulls answers GET /repos/{owner}/{repo}/commits/{sha}/pulls:
// the pull requests associated with the commit, newest first.
func (s *Server) listCommitPulls(w http.ResponseWriter, r *http.Request) {
	sha := r.PathValue("sha")
	s.mu.Lock()
	out := []Pull{}
	for _, p := range s.pulls {
		if slices.Contains(p.Commits, sha) {
			out = append(out, *p)
		}
	}
	s.mu.Unlock()
	slices.Reverse(out)
	paginate(w, r, out)
}
