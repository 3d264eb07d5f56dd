package datarefresh

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode"

	sqladmin "google.golang.org/api/sqladmin/v1"
)

// Decisions, as pure functions of what the API and the database said.

// PersonalNames are the words that make a column name look personal or
// secret. A column whose name holds one of them as a word (email,
// customer_email, billingAddress, ip_addr) must have a rule in the
// manifest. The manifest's personal-names adds words; none can be taken
// away: a column that only looks personal gets keep with its reason.
// README.md lists them (TestREADMEListsThePersonalNames).
var PersonalNames = []string{
	"email", "mail", "phone", "mobile", "fax",
	"name", "firstname", "lastname", "fullname", "surname", "username", "nickname",
	"address", "street", "city", "zip", "zipcode", "postcode", "postal",
	"birth", "birthday", "birthdate", "dob", "gender",
	"ssn", "social", "passport", "license", "iban", "card", "cvv", "tax", "vat",
	"token", "password", "passwd", "secret", "salt", "otp", "apikey",
	"ip", "ipaddr", "latitude", "longitude", "useragent",
}

// words splits a column name into lower-case words at underscores, digits
// and case changes: billingAddress2 is billing, address.
func words(name string) []string {
	var out []string
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			out = append(out, strings.ToLower(string(cur)))
			cur = cur[:0]
		}
	}
	rs := []rune(name)
	for i, r := range rs {
		switch {
		case !unicode.IsLetter(r):
			flush()
		case unicode.IsUpper(r) && i > 0 && (unicode.IsLower(rs[i-1]) || (i+1 < len(rs) && unicode.IsLower(rs[i+1]) && unicode.IsUpper(rs[i-1]))):
			flush()
			cur = append(cur, r)
		default:
			cur = append(cur, r)
		}
	}
	flush()
	return out
}

// LooksPersonal returns the word that makes a column name look personal,
// or "". Words are matched whole, and so are two words written as one
// (firstname, ipaddress): "hostname" does not match "name", "zipcode"
// matches "zip".
func LooksPersonal(column string, extra []string) string {
	list := append(slices.Clone(PersonalNames), extra...)
	ws := words(column)
	for _, w := range ws {
		for _, p := range list {
			if w == p {
				return p
			}
		}
	}
	// Words run together: firstname, emailaddress, zipcode.
	joined := strings.Join(ws, "")
	for _, p := range list {
		if len(p) >= 4 && strings.HasPrefix(joined, p) || len(p) >= 5 && strings.Contains(joined, p) {
			return p
		}
	}
	return ""
}

// Problem is one reason to refuse.
type Problem struct {
	Database string
	Text     string
}

func (p Problem) String() string { return p.Database + ": " + p.Text }

// Coverage compares a database's columns (as information_schema lists
// them) with its manifest rules: a column that looks personal without a
// rule, and a rule whose column no longer exists, are problems. rules is
// nil for a database the manifest does not name.
func Coverage(db string, columns []Column, rules *DatabaseRules, extra []string) []Problem {
	var out []Problem
	have := map[Column]bool{}
	for _, c := range columns {
		have[c] = true
		if rules != nil {
			if _, ok := rules.Columns[c]; ok {
				continue
			}
		}
		if w := LooksPersonal(c.Name, extra); w != "" {
			out = append(out, Problem{db, fmt.Sprintf("column %s looks personal (%q) and has no rule in the manifest; "+
				"give it null, fake or hash (and SQL that does it), or keep with a reason", c, w)})
		}
	}
	if rules != nil {
		for _, c := range rules.SortedColumns() {
			if !have[c] {
				out = append(out, Problem{db, fmt.Sprintf("the manifest names column %s, which does not exist; remove it or fix its name", c)})
			}
		}
	}
	return out
}

// ChooseBackup picks the backup to restore among the source's backup runs:
// the given id, or the newest successful one; never one that did not
// succeed or that ended more than maxAge before now.
func ChooseBackup(runs []*sqladmin.BackupRun, id int64, now time.Time, maxAge time.Duration, source string) (*sqladmin.BackupRun, time.Time, error) {
	var best *sqladmin.BackupRun
	var bestEnd time.Time
	for _, r := range runs {
		end, err := time.Parse(time.RFC3339Nano, r.EndTime)
		if r.Status != "SUCCESSFUL" || err != nil {
			if id != 0 && r.Id == id {
				return nil, time.Time{}, refuse("backup %d of %s is %s, not SUCCESSFUL; choose a successful one", id, source, r.Status)
			}
			continue
		}
		if id != 0 && r.Id != id {
			continue
		}
		if best == nil || end.After(bestEnd) {
			best, bestEnd = r, end
		}
	}
	switch {
	case best == nil && id != 0:
		return nil, time.Time{}, refuse("backup %d is not among the backup runs of %s", id, source)
	case best == nil:
		return nil, time.Time{}, refuse("%s has no successful backup run", source)
	}
	if age := now.Sub(bestEnd); age > maxAge {
		return nil, time.Time{}, refuse("backup %d of %s ended %s ago (%s), more than max-backup-age %s; "+
			"check the source's backups, or raise max-backup-age", best.Id, source, age.Round(time.Minute), bestEnd.UTC().Format(time.RFC3339), maxAge)
	}
	return best, bestEnd.UTC(), nil
}

// LatestSuccessful is the newest successful backup run, or nil.
func LatestSuccessful(runs []*sqladmin.BackupRun) *sqladmin.BackupRun {
	var best *sqladmin.BackupRun
	for _, r := range runs {
		if r.Status == "SUCCESSFUL" && (best == nil || r.EndTime > best.EndTime) {
			best = r
		}
	}
	return best
}

// Labels of a scratch instance: they mark it, say whose it is, and are
// the lock a second refresh of the same target finds.
const (
	LabelScratch   = "olympus-data-refresh"
	LabelTarget    = "olympus-refresh-target"
	LabelRun       = "olympus-run"
	LabelStartedBy = "olympus-started-by"
)

var labelUnsafe = regexp.MustCompile(`[^a-z0-9_-]+`)

// LabelValue makes s a label value: lower-case letters, digits, _ and -,
// at most 63 characters.
func LabelValue(s string) string {
	v := strings.Trim(labelUnsafe.ReplaceAllString(strings.ToLower(s), "-"), "-")
	return v[:min(len(v), 63)]
}

// ScratchLabels are the scratch instance's labels.
func ScratchLabels(target, runID, who string) map[string]string {
	return map[string]string{LabelScratch: "scratch", LabelTarget: LabelValue(target), LabelRun: LabelValue(runID), LabelStartedBy: LabelValue(who)}
}

// ScratchName is the scratch instance's name: <target>-refresh-<run>,
// the target cut so that the name fits the project's connection name.
// Cloud SQL keeps a deleted instance's name for a week, so the run makes
// it new each time.
func ScratchName(project, target, runID string) string {
	suffix := "-refresh-" + LabelValue(runID)
	room := maxConnectionName - len(project) - 1 - len(suffix)
	base := target[:max(0, min(len(target), room))]
	return strings.TrimRight(base, "-") + suffix
}

// Holder is a scratch instance of another refresh of the same target,
// or nil: its labels say who holds the target.
func Holder(instances []*sqladmin.DatabaseInstance, target string) *sqladmin.DatabaseInstance {
	var found []*sqladmin.DatabaseInstance
	for _, inst := range instances {
		if inst.Settings == nil {
			continue
		}
		l := inst.Settings.UserLabels
		if l[LabelScratch] == "scratch" && l[LabelTarget] == LabelValue(target) {
			found = append(found, inst)
		}
	}
	if len(found) == 0 {
		return nil
	}
	sort.Slice(found, func(i, j int) bool { return found[i].CreateTime < found[j].CreateTime })
	return found[0]
}

// HolderText says who holds a target, from a scratch instance's labels.
func HolderText(inst *sqladmin.DatabaseInstance) string {
	l := inst.Settings.UserLabels
	s := fmt.Sprintf("scratch instance %q of run %s, started by %s", inst.Name, orUnknown(l[LabelRun]), orUnknown(l[LabelStartedBy]))
	if inst.CreateTime != "" {
		s += " at " + inst.CreateTime
	}
	return s
}

func orUnknown(s string) string {
	if s == "" {
		return "(unknown)"
	}
	return s
}

// maxConnectionName is Cloud SQL's limit on project:instance.
const maxConnectionName = 98

// privateNetwork is an instance's private network, or "".
func privateNetwork(inst *sqladmin.DatabaseInstance) string {
	if inst.Settings == nil || inst.Settings.IpConfiguration == nil {
		return ""
	}
	return inst.Settings.IpConfiguration.PrivateNetwork
}

// IAMUser is the database user of a service account for IAM database
// authentication: its email without .gserviceaccount.com.
func IAMUser(serviceAccount string) string {
	return strings.TrimSuffix(serviceAccount, ".gserviceaccount.com")
}

// systemDatabases are Cloud SQL's own, never sanitized or checked.
var systemDatabases = []string{"cloudsqladmin", "template0", "template1"}

// userDatabases drops the system databases from a list.
func userDatabases(dbs []*sqladmin.Database) []string {
	var out []string
	for _, d := range dbs {
		if !slices.Contains(systemDatabases, d.Name) {
			out = append(out, d.Name)
		}
	}
	sort.Strings(out)
	return out
}
