package sqlemu

import (
	"encoding/json"
	"net/http"

	sqladmin "google.golang.org/api/sqladmin/v1"
)

// writeJSON answers as the API does: JSON, UTF-8.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=UTF-8")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// writeError answers with Google's JSON error body, which the Go client
// turns into a *googleapi.Error with the code, message and reason.
func writeError(w http.ResponseWriter, status int, reason, message string) {
	type item struct {
		Message string `json:"message"`
		Domain  string `json:"domain"`
		Reason  string `json:"reason"`
	}
	var body struct {
		Error struct {
			Code    int    `json:"code"`
			Message string `json:"message"`
			Errors  []item `json:"errors"`
		} `json:"error"`
	}
	body.Error.Code, body.Error.Message = status, message
	body.Error.Errors = []item{{Message: message, Domain: "global", Reason: reason}}
	writeJSON(w, status, body)
}

// clone deep-copies an instance through its JSON.
func clone(inst *sqladmin.DatabaseInstance) *sqladmin.DatabaseInstance {
	b, _ := json.Marshal(inst)
	var out sqladmin.DatabaseInstance
	json.Unmarshal(b, &out)
	return &out
}

// discard is the response writer of a request served before its fault.
type discard struct{}

func (discard) Header() http.Header         { return http.Header{} }
func (discard) Write(b []byte) (int, error) { return len(b), nil }
func (discard) WriteHeader(int)             {}
