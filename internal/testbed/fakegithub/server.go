// Package fakegithub is an in-memory GitHub REST API for tests: issue
// comments, issues, deployments and their statuses, and commit comparison,
// with the status codes, headers and pagination of the real one. It records
// every request and can inject faults.
package fakegithub

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"
)

// Request is one recorded request.
type Request struct {
	Method string
	Path   string
	Query  string
	Body   string
}

// Fault answers matching requests with an error instead of serving them.
type Fault struct {
	Method string // "" matches any method
	// PathPrefix matches the start of the request path.
	PathPrefix string
	Status     int
	// RetryAfter, when set, is sent as the Retry-After header (seconds).
	RetryAfter int
	// Times is how many requests the fault answers; then it is spent.
	Times int
	// Skip is how many matching requests are served first.
	Skip int
	// Message is the error body's message.
	Message string
	// DocURL is the error body's documentation_url.
	DocURL string
}

// SecondaryRateLimit is the 403 GitHub sends when a client writes too fast,
// with the body clients such as go-github recognise.
func SecondaryRateLimit(pathPrefix string, retryAfter, times int) Fault {
	return Fault{
		PathPrefix: pathPrefix,
		Status:     http.StatusForbidden,
		RetryAfter: retryAfter,
		Times:      times,
		Message:    "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
		DocURL:     "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits",
	}
}

// Server is the fake. Its fields are safe to read after the test's calls
// have returned; use the methods while requests may be in flight.
type Server struct {
	*httptest.Server
	Token string
	// Login, when set, is the user the token belongs to (a personal
	// token); empty plays GITHUB_TOKEN, which acts as github-actions[bot].
	Login string

	mu sync.Mutex
	// others are more tokens, each another user's personal token.
	others      map[string]string
	requests    []Request
	faults      []*Fault
	nextID      int64
	comments    map[int][]*Comment
	issues      []*Issue
	deployments []*Deployment
	statuses    map[int64][]*DeploymentStatus
	compares    map[string]Compare
	pulls       []*Pull
	// Delay slows every request, to test timeouts.
	delay time.Duration
}

// New starts a fake that accepts token; it is closed when the test ends.
func New(t testing.TB, token string) *Server {
	s := &Server{
		Token:    token,
		nextID:   1000,
		comments: map[int][]*Comment{},
		statuses: map[int64][]*DeploymentStatus{},
		compares: map[string]Compare{},
	}
	s.Server = httptest.NewServer(s.routes())
	t.Cleanup(s.Close)
	return s
}

// AddToken accepts token as login's personal token: what is created with
// it (deployments, issues, comments) is created by login, as on GitHub.
func (s *Server) AddToken(token, login string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.others == nil {
		s.others = map[string]string{}
	}
	s.others[token] = login
}

// Inject adds a fault.
func (s *Server) Inject(f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ff := f
	s.faults = append(s.faults, &ff)
}

// SetDelay slows every request by d.
func (s *Server) SetDelay(d time.Duration) {
	s.mu.Lock()
	s.delay = d
	s.mu.Unlock()
}

// Requests returns what was received so far.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// Writes returns the recorded requests that may change something: not
// GETs, and not GraphQL queries (a read sent as a POST).
func (s *Server) Writes() []Request {
	var out []Request
	for _, r := range s.Requests() {
		if r.Method == http.MethodGet || (r.Path == "/graphql" && graphqlQuery(r.Body)) {
			continue
		}
		out = append(out, r)
	}
	return out
}

// graphqlQuery reports whether a GraphQL request only reads.
func graphqlQuery(body string) bool {
	var in struct{ Query string }
	if json.Unmarshal([]byte(body), &in) != nil {
		return false
	}
	q := strings.TrimSpace(in.Query)
	return strings.HasPrefix(q, "query") || strings.HasPrefix(q, "{")
}

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	const repo = "/repos/{owner}/{repo}"
	// One pattern for both reads: ServeMux cannot tell
	// issues/{number}/comments from issues/comments/{id}.
	mux.HandleFunc("GET "+repo+"/issues/{a}/{b}", func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.PathValue("a") == "comments":
			r.SetPathValue("id", r.PathValue("b"))
			s.getComment(w, r)
		case r.PathValue("b") == "comments":
			r.SetPathValue("number", r.PathValue("a"))
			s.listComments(w, r)
		default:
			writeError(w, http.StatusNotFound, "Not Found")
		}
	})
	mux.HandleFunc("POST "+repo+"/issues/{number}/comments", s.createComment)
	mux.HandleFunc("PATCH "+repo+"/issues/comments/{id}", s.updateComment)
	mux.HandleFunc("DELETE "+repo+"/issues/comments/{id}", s.deleteComment)
	mux.HandleFunc("GET "+repo+"/issues", s.listIssues)
	mux.HandleFunc("POST "+repo+"/issues", s.createIssue)
	mux.HandleFunc("GET "+repo+"/issues/{number}", s.getIssue)
	mux.HandleFunc("PATCH "+repo+"/issues/{number}", s.updateIssue)
	mux.HandleFunc("GET "+repo+"/deployments", s.listDeployments)
	mux.HandleFunc("POST "+repo+"/deployments", s.createDeployment)
	mux.HandleFunc("GET "+repo+"/deployments/{id}/statuses", s.listStatuses)
	mux.HandleFunc("POST "+repo+"/deployments/{id}/statuses", s.createStatus)
	mux.HandleFunc("GET "+repo+"/compare/{basehead}", s.compare)
	mux.HandleFunc("GET "+repo+"/commits/{sha}/pulls", s.listCommitPulls)
	mux.HandleFunc("GET /user", s.user)
	mux.HandleFunc("POST /graphql", s.graphql)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(strings.NewReader(string(body)))
		s.mu.Lock()
		s.requests = append(s.requests, Request{Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery, Body: string(body)})
		delay := s.delay
		fault := s.takeFault(r)
		s.mu.Unlock()
		if delay > 0 {
			select {
			case <-time.After(delay):
			case <-r.Context().Done():
				return
			}
		}
		if s.Token != "" && !s.authorized(r) {
			writeError(w, http.StatusUnauthorized, "Bad credentials")
			return
		}
		if fault != nil {
			if fault.RetryAfter > 0 {
				w.Header().Set("Retry-After", strconv.Itoa(fault.RetryAfter))
			}
			msg := fault.Message
			if msg == "" {
				msg = http.StatusText(fault.Status)
			}
			writeErrorDoc(w, fault.Status, msg, fault.DocURL)
			return
		}
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Header().Set("X-GitHub-Api-Version", "2022-11-28")
		mux.ServeHTTP(w, r)
	})
}

// takeFault returns the first live fault matching r; s.mu is held.
func (s *Server) takeFault(r *http.Request) *Fault {
	for _, f := range s.faults {
		if f.Times <= 0 || (f.Method != "" && f.Method != r.Method) || !strings.HasPrefix(r.URL.Path, f.PathPrefix) {
			continue
		}
		if f.Skip > 0 {
			f.Skip--
			continue
		}
		f.Times--
		return f
	}
	return nil
}

// token is the request's token, as GitHub reads the Authorization header.
func token(r *http.Request) string {
	h := r.Header.Get("Authorization")
	if t, ok := strings.CutPrefix(h, "Bearer "); ok {
		return t
	}
	t, _ := strings.CutPrefix(h, "token ")
	return t
}

func (s *Server) authorized(r *http.Request) bool {
	t := token(r)
	if t == "" {
		return false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	_, other := s.others[t]
	return t == s.Token || other
}

// bodyLimit is GitHub's limit on issue and comment bodies, in characters.
const bodyLimit = 65536

// tooLong answers a body over the limit as GitHub does: 422 Validation
// Failed, naming the field.
func tooLong(w http.ResponseWriter, resource, body string) bool {
	if utf8.RuneCountInString(body) <= bodyLimit {
		return false
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(http.StatusUnprocessableEntity)
	json.NewEncoder(w).Encode(map[string]any{
		"message": "Validation Failed",
		"errors": []map[string]string{{"resource": resource, "code": "custom", "field": "body",
			"message": fmt.Sprintf("body is too long (maximum is %d characters)", bodyLimit)}},
		"documentation_url": "https://docs.github.com/rest",
	})
	return true
}

func writeError(w http.ResponseWriter, status int, msg string) {
	writeErrorDoc(w, status, msg, "")
}

func writeErrorDoc(w http.ResponseWriter, status int, msg, doc string) {
	if doc == "" {
		doc = "https://docs.github.com/rest"
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]string{"message": msg, "documentation_url": doc})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

func decode(w http.ResponseWriter, r *http.Request, v any) bool {
	if err := json.NewDecoder(r.Body).Decode(v); err != nil {
		writeError(w, http.StatusBadRequest, "Problems parsing JSON")
		return false
	}
	return true
}

// paginate serves one page of items with a Link header, as GitHub does.
func paginate[T any](w http.ResponseWriter, r *http.Request, items []T) {
	q := r.URL.Query()
	per, _ := strconv.Atoi(q.Get("per_page"))
	if per <= 0 {
		per = 30
	}
	if per > 100 {
		per = 100
	}
	page, _ := strconv.Atoi(q.Get("page"))
	if page <= 0 {
		page = 1
	}
	start := min((page-1)*per, len(items))
	end := min(start+per, len(items))
	if end < len(items) {
		next := *r.URL
		nq := next.Query()
		nq.Set("page", strconv.Itoa(page+1))
		nq.Set("per_page", strconv.Itoa(per))
		next.RawQuery = nq.Encode()
		w.Header().Set("Link", fmt.Sprintf("<%s>; rel=\"next\"", "http://"+r.Host+next.RequestURI()))
	}
	out := items[start:end]
	if out == nil {
		out = []T{}
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) id() int64 {
	s.nextID++
	return s.nextID
}

func (s *Server) htmlURL(r *http.Request, rest string) string {
	return fmt.Sprintf("https://github.com/%s/%s/%s", r.PathValue("owner"), r.PathValue("repo"), rest)
}

func pathInt(r *http.Request, name string) (int64, error) {
	return strconv.ParseInt(r.PathValue(name), 10, 64)
}

func now() string { return time.Now().UTC().Format(time.RFC3339) }

// splitBasehead splits "base...head".
func splitBasehead(bh string) (string, string, bool) {
	bh, _ = url.PathUnescape(bh)
	base, head, ok := strings.Cut(bh, "...")
	return base, head, ok
}
