package fakegithub

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// User is the author of a comment or issue.
type User struct {
	Login string `json:"login"`
	Type  string `json:"type"`
}

// Comment is an issue or pull request comment.
type Comment struct {
	ID        int64  `json:"id"`
	Body      string `json:"body"`
	User      User   `json:"user"`
	HTMLURL   string `json:"html_url"`
	CreatedAt string `json:"created_at"`
	UpdatedAt string `json:"updated_at"`
}

// Label is an issue label.
type Label struct {
	Name string `json:"name"`
}

// Issue is an issue.
type Issue struct {
	ID          int64   `json:"id"`
	Number      int     `json:"number"`
	Title       string  `json:"title"`
	Body        string  `json:"body"`
	State       string  `json:"state"`
	StateReason string  `json:"state_reason,omitempty"`
	Labels      []Label `json:"labels"`
	HTMLURL     string  `json:"html_url"`
	User        User    `json:"user"`
	CreatedAt   string  `json:"created_at"`
	UpdatedAt   string  `json:"updated_at"`
	ClosedAt    *string `json:"closed_at"`
}

// Deployment is a deployment record.
type Deployment struct {
	ID          int64  `json:"id"`
	SHA         string `json:"sha"`
	Ref         string `json:"ref"`
	Task        string `json:"task"`
	Environment string `json:"environment"`
	Description string `json:"description"`
	Payload     any    `json:"payload"`
	Creator     User   `json:"creator"`
	CreatedAt   string `json:"created_at"`
}

// DeploymentStatus is one status of a deployment.
type DeploymentStatus struct {
	ID             int64  `json:"id"`
	State          string `json:"state"`
	Description    string `json:"description"`
	Environment    string `json:"environment"`
	LogURL         string `json:"log_url"`
	EnvironmentURL string `json:"environment_url"`
	CreatedAt      string `json:"created_at"`
}

// Compare is the answer to a base...head comparison.
type Compare struct {
	Status   string `json:"status"` // ahead, behind, identical, diverged
	AheadBy  int    `json:"ahead_by"`
	BehindBy int    `json:"behind_by"`
}

var bot = User{Login: "github-actions[bot]", Type: "Bot"}

// user answers GET /user: the token's user when the fake plays a personal
// token (Login), else as GitHub does for an installation token such as
// GITHUB_TOKEN: it is not a user, so the call is refused.
func (s *Server) user(w http.ResponseWriter, r *http.Request) {
	if u := s.author(r); u.Type == "User" {
		writeJSON(w, http.StatusOK, map[string]any{"login": u.Login, "type": "User", "id": 4242})
		return
	}
	writeError(w, http.StatusForbidden, "Resource not accessible by integration")
}

// graphql answers the one query the steps send, viewer { login }, with the
// bot the token acts as.
func (s *Server) graphql(w http.ResponseWriter, r *http.Request) {
	var in struct{ Query string }
	if !decode(w, r, &in) {
		return
	}
	if !strings.Contains(in.Query, "viewer") || !strings.Contains(in.Query, "login") {
		writeJSON(w, http.StatusOK, map[string]any{"errors": []map[string]string{{"message": "the fake answers only viewer { login }"}}})
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"data": map[string]any{"viewer": map[string]string{"login": s.author(r).Login}}})
}

// Comments returns the comments on an issue or pull request.
func (s *Server) Comments(number int) []Comment {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Comment
	for _, c := range s.comments[number] {
		out = append(out, *c)
	}
	return out
}

// AddComment adds a comment as if a person wrote it.
func (s *Server) AddComment(number int, login, body string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.comments[number] = append(s.comments[number], &Comment{ID: s.id(), Body: body, User: User{Login: login, Type: "User"}, CreatedAt: now(), UpdatedAt: now()})
}

// Issues returns every issue.
func (s *Server) Issues() []Issue {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Issue
	for _, i := range s.issues {
		out = append(out, *i)
	}
	return out
}

// Deployments returns every deployment, oldest first.
func (s *Server) Deployments() []Deployment {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Deployment
	for _, d := range s.deployments {
		out = append(out, *d)
	}
	return out
}

// Statuses returns a deployment's statuses, oldest first.
func (s *Server) Statuses(id int64) []DeploymentStatus {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []DeploymentStatus
	for _, st := range s.statuses[id] {
		out = append(out, *st)
	}
	return out
}

// AddDeployment records a deployment with a final status, as an earlier run
// would have left it.
func (s *Server) AddDeployment(sha, ref, environment, state string) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	d := &Deployment{ID: s.id(), SHA: sha, Ref: ref, Task: "deploy", Environment: environment, Creator: bot, CreatedAt: now()}
	s.deployments = append(s.deployments, d)
	s.statuses[d.ID] = append(s.statuses[d.ID], &DeploymentStatus{ID: s.id(), State: state, Environment: environment, CreatedAt: now()})
	return d.ID
}

// SetCompare sets the answer for base...head.
func (s *Server) SetCompare(base, head string, c Compare) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.compares[base+"..."+head] = c
}

// AddIssue adds an issue as if login wrote it, and returns its number.
func (s *Server) AddIssue(login, title, body string, labels ...string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	i := &Issue{ID: s.id(), Number: len(s.issues) + 1, Title: title, Body: body, State: "open",
		User: User{Login: login, Type: "User"}, CreatedAt: now(), UpdatedAt: now()}
	for _, l := range labels {
		i.Labels = append(i.Labels, Label{Name: l})
	}
	i.HTMLURL = "https://github.com/" + "olympus-cloud/olympus/issues/" + strconv.Itoa(i.Number)
	s.issues = append(s.issues, i)
	return i.Number
}

// SetIssueTimes backdates an issue, as if it had been made or changed
// earlier.
func (s *Server) SetIssueTimes(number int, created, updated time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, i := range s.issues {
		if i.Number == number {
			i.CreatedAt, i.UpdatedAt = created.UTC().Format(time.RFC3339), updated.UTC().Format(time.RFC3339)
		}
	}
}

// author is who the request's token acts as: github-actions[bot] for the
// default GITHUB_TOKEN, or Login when the fake plays a personal token, or
// the user of a token added with AddToken.
func (s *Server) author(r *http.Request) User {
	s.mu.Lock()
	login, other := s.others[token(r)]
	s.mu.Unlock()
	switch {
	case other:
		return User{Login: login, Type: "User"}
	case s.Login != "":
		return User{Login: s.Login, Type: "User"}
	}
	return bot
}

func (s *Server) listComments(w http.ResponseWriter, r *http.Request) {
	n, err := pathInt(r, "number")
	if err != nil {
		writeError(w, http.StatusNotFound, "Not Found")
		return
	}
	s.mu.Lock()
	var out []Comment
	for _, c := range s.comments[int(n)] {
		out = append(out, *c)
	}
	s.mu.Unlock()
	paginate(w, r, out)
}

func (s *Server) createComment(w http.ResponseWriter, r *http.Request) {
	n, err := pathInt(r, "number")
	var in struct{ Body *string }
	if err != nil || !decode(w, r, &in) {
		return
	}
	if in.Body == nil {
		writeError(w, http.StatusUnprocessableEntity, "Validation Failed: body is missing")
		return
	}
	if tooLong(w, "IssueComment", *in.Body) {
		return
	}
	author := s.author(r)
	s.mu.Lock()
	c := &Comment{ID: s.id(), Body: *in.Body, User: author, CreatedAt: now(), UpdatedAt: now()}
	c.HTMLURL = s.htmlURL(r, "pull/"+strconv.Itoa(int(n))+"#issuecomment-"+strconv.FormatInt(c.ID, 10))
	s.comments[int(n)] = append(s.comments[int(n)], c)
	out := *c
	s.mu.Unlock()
	writeJSON(w, http.StatusCreated, out)
}

func (s *Server) updateComment(w http.ResponseWriter, r *http.Request) {
	id, err := pathInt(r, "id")
	var in struct{ Body *string }
	if err != nil || !decode(w, r, &in) {
		return
	}
	if in.Body == nil {
		writeError(w, http.StatusUnprocessableEntity, "Validation Failed: body is missing")
		return
	}
	if tooLong(w, "IssueComment", *in.Body) {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c, _, _ := s.findComment(id)
	if c == nil {
		writeError(w, http.StatusNotFound, "Not Found")
		return
	}
	c.Body, c.UpdatedAt = *in.Body, now()
	writeJSON(w, http.StatusOK, *c)
}

// findComment returns the comment with id, its pull request and index;
// s.mu is held.
func (s *Server) findComment(id int64) (*Comment, int, int) {
	for n, list := range s.comments {
		for i, c := range list {
			if c.ID == id {
				return c, n, i
			}
		}
	}
	return nil, 0, 0
}

func (s *Server) getComment(w http.ResponseWriter, r *http.Request) {
	id, err := pathInt(r, "id")
	s.mu.Lock()
	defer s.mu.Unlock()
	c, _, _ := s.findComment(id)
	if err != nil || c == nil {
		writeError(w, http.StatusNotFound, "Not Found")
		return
	}
	writeJSON(w, http.StatusOK, *c)
}

func (s *Server) deleteComment(w http.ResponseWriter, r *http.Request) {
	id, err := pathInt(r, "id")
	s.mu.Lock()
	defer s.mu.Unlock()
	c, n, i := s.findComment(id)
	if err != nil || c == nil {
		writeError(w, http.StatusNotFound, "Not Found")
		return
	}
	s.comments[n] = append(s.comments[n][:i], s.comments[n][i+1:]...)
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) listIssues(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	state := q.Get("state")
	if state == "" {
		state = "open"
	}
	want := splitComma(q.Get("labels"))
	since, _ := time.Parse(time.RFC3339, q.Get("since"))
	s.mu.Lock()
	var out []Issue
	for _, i := range s.issues {
		if state != "all" && i.State != state {
			continue
		}
		if !hasLabels(i, want) {
			continue
		}
		if c := q.Get("creator"); c != "" && !strings.EqualFold(c, i.User.Login) {
			continue
		}
		// since filters on the last update, as GitHub's does.
		if updated, _ := time.Parse(time.RFC3339, i.UpdatedAt); !since.IsZero() && updated.Before(since) {
			continue
		}
		out = append(out, *i)
	}
	s.mu.Unlock()
	slices.Reverse(out) // newest first, GitHub's default sort
	paginate(w, r, out)
}

func (s *Server) createIssue(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Title  *string
		Body   string
		Labels []string
	}
	if !decode(w, r, &in) {
		return
	}
	if in.Title == nil || *in.Title == "" {
		writeError(w, http.StatusUnprocessableEntity, "Validation Failed: title is missing")
		return
	}
	if tooLong(w, "Issue", in.Body) {
		return
	}
	author := s.author(r)
	s.mu.Lock()
	i := &Issue{ID: s.id(), Number: len(s.issues) + 1, Title: *in.Title, Body: in.Body, State: "open", User: author, CreatedAt: now(), UpdatedAt: now()}
	for _, l := range in.Labels {
		i.Labels = append(i.Labels, Label{Name: l})
	}
	i.HTMLURL = s.htmlURL(r, "issues/"+strconv.Itoa(i.Number))
	s.issues = append(s.issues, i)
	out := *i
	s.mu.Unlock()
	writeJSON(w, http.StatusCreated, out)
}

func (s *Server) findIssue(r *http.Request) *Issue {
	n, err := pathInt(r, "number")
	if err != nil {
		return nil
	}
	for _, i := range s.issues {
		if i.Number == int(n) {
			return i
		}
	}
	return nil
}

func (s *Server) getIssue(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if i := s.findIssue(r); i != nil {
		writeJSON(w, http.StatusOK, *i)
		return
	}
	writeError(w, http.StatusNotFound, "Not Found")
}

func (s *Server) updateIssue(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Title, Body, State *string
		StateReason        *string `json:"state_reason"`
		Labels             *[]string
	}
	if !decode(w, r, &in) {
		return
	}
	if in.Body != nil && tooLong(w, "Issue", *in.Body) {
		return
	}
	if in.State != nil && *in.State != "open" && *in.State != "closed" {
		writeError(w, http.StatusUnprocessableEntity, "Validation Failed: state is not included in the list")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	i := s.findIssue(r)
	if i == nil {
		writeError(w, http.StatusNotFound, "Not Found")
		return
	}
	i.UpdatedAt = now()
	if in.State != nil && *in.State != i.State {
		i.StateReason = ""
		if *in.State == "closed" {
			t := now()
			i.ClosedAt, i.StateReason = &t, "completed"
		} else {
			i.ClosedAt, i.StateReason = nil, "reopened"
		}
	}
	if in.StateReason != nil {
		i.StateReason = *in.StateReason
	}
	if in.Title != nil {
		i.Title = *in.Title
	}
	if in.Body != nil {
		i.Body = *in.Body
	}
	if in.State != nil {
		i.State = *in.State
	}
	if in.Labels != nil {
		i.Labels = nil
		for _, l := range *in.Labels {
			i.Labels = append(i.Labels, Label{Name: l})
		}
	}
	writeJSON(w, http.StatusOK, *i)
}

func (s *Server) listDeployments(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	s.mu.Lock()
	var out []Deployment
	for _, d := range s.deployments {
		if (q.Get("sha") == "" || q.Get("sha") == d.SHA) &&
			(q.Get("ref") == "" || q.Get("ref") == d.Ref) &&
			(q.Get("environment") == "" || q.Get("environment") == d.Environment) &&
			(q.Get("task") == "" || q.Get("task") == d.Task) {
			out = append(out, *d)
		}
	}
	s.mu.Unlock()
	slices.Reverse(out) // newest first, as GitHub lists them
	paginate(w, r, out)
}

func (s *Server) createDeployment(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Ref              *string
		SHA              string
		Task             string
		Environment      string
		Description      string
		Payload          any
		AutoMerge        *bool    `json:"auto_merge"`
		RequiredContexts []string `json:"required_contexts"`
	}
	if !decode(w, r, &in) {
		return
	}
	if in.Ref == nil || *in.Ref == "" {
		writeError(w, http.StatusUnprocessableEntity, "Validation Failed: ref is missing")
		return
	}
	if in.Task == "" {
		in.Task = "deploy"
	}
	if in.Environment == "" {
		in.Environment = "production"
	}
	sha := in.SHA
	if sha == "" {
		sha = *in.Ref
	}
	// GitHub records who created it: whom the token belongs to.
	creator := s.author(r)
	s.mu.Lock()
	d := &Deployment{ID: s.id(), SHA: sha, Ref: *in.Ref, Task: in.Task, Environment: in.Environment,
		Description: in.Description, Payload: in.Payload, Creator: creator, CreatedAt: now()}
	s.deployments = append(s.deployments, d)
	out := *d
	s.mu.Unlock()
	writeJSON(w, http.StatusCreated, out)
}

func (s *Server) listStatuses(w http.ResponseWriter, r *http.Request) {
	id, _ := pathInt(r, "id")
	s.mu.Lock()
	var out []DeploymentStatus
	for _, st := range s.statuses[id] {
		out = append(out, *st)
	}
	s.mu.Unlock()
	slices.Reverse(out) // newest first
	paginate(w, r, out)
}

var deploymentStates = []string{"error", "failure", "inactive", "in_progress", "queued", "pending", "success"}

func (s *Server) createStatus(w http.ResponseWriter, r *http.Request) {
	id, _ := pathInt(r, "id")
	var in struct {
		State          string
		Description    string
		Environment    string
		LogURL         string `json:"log_url"`
		EnvironmentURL string `json:"environment_url"`
	}
	if !decode(w, r, &in) {
		return
	}
	if !slices.Contains(deploymentStates, in.State) {
		writeError(w, http.StatusUnprocessableEntity, "Validation Failed: state is not included in the list")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var dep *Deployment
	for _, d := range s.deployments {
		if d.ID == id {
			dep = d
		}
	}
	if dep == nil {
		writeError(w, http.StatusNotFound, "Not Found")
		return
	}
	if in.Environment == "" {
		in.Environment = dep.Environment
	}
	st := &DeploymentStatus{ID: s.id(), State: in.State, Description: in.Description, Environment: in.Environment,
		LogURL: in.LogURL, EnvironmentURL: in.EnvironmentURL, CreatedAt: now()}
	s.statuses[id] = append(s.statuses[id], st)
	writeJSON(w, http.StatusCreated, *st)
}

func (s *Server) compare(w http.ResponseWriter, r *http.Request) {
	base, head, ok := splitBasehead(r.PathValue("basehead"))
	if !ok {
		writeError(w, http.StatusNotFound, "Not Found")
		return
	}
	s.mu.Lock()
	c, found := s.compares[base+"..."+head]
	s.mu.Unlock()
	if !found {
		writeError(w, http.StatusNotFound, "Not Found")
		return
	}
	writeJSON(w, http.StatusOK, c)
}

func splitComma(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func hasLabels(i *Issue, want []string) bool {
	for _, w := range want {
		if !slices.ContainsFunc(i.Labels, func(l Label) bool { return l.Name == w }) {
			return false
		}
	}
	return true
}
