package datarefresh

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	sqladmin "google.golang.org/api/sqladmin/v1"

	"github.com/olympus-cloud/deploy-actions/internal/framework/step"
)

func TestLooksPersonal(t *testing.T) {
	for col, want := range map[string]string{
		"email": "email", "customer_email": "email", "billingAddress": "address", "ip_addr": "ip", "ipaddr": "ipaddr",
		"first_name": "name", "firstname": "firstname", "LastName": "name", "date_of_birth": "birth", "phone_number": "phone",
		"zipcode": "zipcode", "password_hash": "password", "reset_token": "token", "api_key": "apikey", "emailaddress": "email",
		"user_agent": "useragent", "iban": "iban", "ssn": "ssn", "SSN": "ssn", "telephone": "phone",
		// Not personal: the words are not there whole.
		"hostname": "", "filename": "", "zip_archive_id": "zip", "created_at": "", "total_cents": "", "status": "", "shipping": "",
		"description": "", "keyboard_layout": "", "tipping": "",
	} {
		if got := LooksPersonal(col, nil); got != want {
			t.Errorf("LooksPersonal(%q) = %q, want %q", col, got, want)
		}
	}
	if got := LooksPersonal("loyalty_number", []string{"loyalty"}); got != "loyalty" {
		t.Errorf("the manifest's words are not used: %q", got)
	}
}

func TestWords(t *testing.T) {
	for in, want := range map[string][]string{
		"billingAddress2": {"billing", "address"}, "IPAddress": {"ip", "address"}, "user_id": {"user", "id"}, "HTTPSProxy": {"https", "proxy"},
	} {
		if diff := cmp.Diff(want, words(in)); diff != "" {
			t.Errorf("words(%q) (-want +got):\n%s", in, diff)
		}
	}
}

func backupRun(id int64, status string, end time.Time) *sqladmin.BackupRun {
	return &sqladmin.BackupRun{Id: id, Status: status, EndTime: end.Format(time.RFC3339Nano)}
}

func TestChooseBackup(t *testing.T) {
	now := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	runs := []*sqladmin.BackupRun{
		backupRun(5, "RUNNING", now.Add(-10*time.Minute)),
		backupRun(4, "FAILED", now.Add(-time.Hour)),
		backupRun(3, "SUCCESSFUL", now.Add(-3*time.Hour)),
		backupRun(2, "SUCCESSFUL", now.Add(-27*time.Hour)),
		{Id: 1, Status: "SUCCESSFUL"}, // no end time: not usable
	}
	for name, tc := range map[string]struct {
		id     int64
		maxAge time.Duration
		want   int64
		refuse string
	}{
		"newest successful": {0, 26 * time.Hour, 3, ""},
		"given id":          {2, 28 * time.Hour, 2, ""},
		"given id too old":  {2, 26 * time.Hour, 0, "backup 2 of p/db ended 27h0m0s ago (2026-11-25T09:00:00Z), more than max-backup-age 26h0m0s"},
		"newest too old":    {0, 2 * time.Hour, 0, "backup 3 of p/db ended 3h0m0s ago"},
		"failed one":        {4, 26 * time.Hour, 0, "backup 4 of p/db is FAILED, not SUCCESSFUL"},
		"running one":       {5, 26 * time.Hour, 0, "is RUNNING, not SUCCESSFUL"},
		"unknown id":        {9, 26 * time.Hour, 0, "backup 9 is not among the backup runs of p/db"},
	} {
		got, _, err := ChooseBackup(runs, tc.id, now, tc.maxAge, "p/db")
		switch {
		case tc.refuse != "":
			if step.ExitCode(err) != step.ExitVerdict || !strings.Contains(err.Error(), tc.refuse) {
				t.Errorf("%s: err %v, want a refusal saying %q", name, err, tc.refuse)
			}
		case err != nil || got.Id != tc.want:
			t.Errorf("%s: %v, %v; want backup %d", name, got, err, tc.want)
		}
	}
	if _, _, err := ChooseBackup(runs[:2], 0, now, time.Hour, "p/db"); err == nil || !strings.Contains(err.Error(), "has no successful backup run") {
		t.Errorf("no successful run: %v", err)
	}
}

func TestCoverage(t *testing.T) {
	rules := &DatabaseRules{Name: "app", Columns: map[Column]Rule{
		{"public", "users", "email"}: {Kind: RuleFake},
		{"public", "users", "fax"}:   {Kind: RuleNull},
	}}
	cols := []Column{{"public", "users", "id"}, {"public", "users", "email"}, {"public", "users", "phone"}, {"audit", "events", "client_ip"}}
	var got []string
	for _, p := range Coverage("app", cols, rules, nil) {
		got = append(got, p.String())
	}
	want := []string{
		`app: column public.users.phone looks personal ("phone") and has no rule in the manifest; give it null, fake or hash (and SQL that does it), or keep with a reason`,
		`app: column audit.events.client_ip looks personal ("ip") and has no rule in the manifest; give it null, fake or hash (and SQL that does it), or keep with a reason`,
		"app: the manifest names column public.users.fax, which does not exist; remove it or fix its name",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
	// A database the manifest does not name is checked all the same.
	if p := Coverage("other", cols[:2], nil, nil); len(p) != 1 || !strings.Contains(p[0].Text, "public.users.email looks personal") {
		t.Errorf("unnamed database: %v", p)
	}
}

func TestJudge(t *testing.T) {
	for name, tc := range map[string]struct {
		rule    string
		sampled int
		count   Count
		ok      bool
		note    string
	}{
		"fake, gone":        {RuleFake, 10, Count{0, 300}, true, "no sampled value left"},
		"fake, left":        {RuleFake, 10, Count{4, 300}, false, "4 row(s) still hold a sampled value"},
		"hash, left":        {RuleHash, 10, Count{1, 300}, false, "1 row(s) still hold a sampled value"},
		"null, all null":    {RuleNull, 10, Count{0, 0}, true, "all null"},
		"null, one left":    {RuleNull, 10, Count{0, 1}, false, "1 value(s) are not null"},
		"fake, empty table": {RuleFake, 0, Count{0, 0}, true, "no value to sample"},
		"keep":              {RuleKeep, 0, Count{5, 5}, true, "kept: why"},
	} {
		ok, note := Judge(Rule{Kind: tc.rule, Reason: "why"}, tc.sampled, tc.count)
		if ok != tc.ok || note != tc.note {
			t.Errorf("%s: %v %q, want %v %q", name, ok, note, tc.ok, tc.note)
		}
	}
}

func TestManifest(t *testing.T) {
	good := `version: 1
personal-names: [loyalty]
databases:
  app:
    columns:
      users.email: fake
      public.users.phone: null
      public.users.fax: ~
      public.users.password: {rule: hash}
      public.users.country: {rule: keep, reason: " ISO codes "}
  empty: {}
`
	s, err := ParseManifest([]byte(good))
	if err != nil {
		t.Fatal(err)
	}
	want := map[Column]Rule{
		{"public", "users", "email"}:    {Kind: RuleFake},
		{"public", "users", "phone"}:    {Kind: RuleNull},
		{"public", "users", "fax"}:      {Kind: RuleNull},
		{"public", "users", "password"}: {Kind: RuleHash},
		{"public", "users", "country"}:  {Kind: RuleKeep, Reason: "ISO codes"},
	}
	if diff := cmp.Diff(want, s.Database("app").Columns); diff != "" || s.Database("empty") == nil || s.PersonalNames[0] != "loyalty" {
		t.Errorf("columns (-want +got):\n%s", diff)
	}
	for name, tc := range map[string]struct{ text, want string }{
		"not yaml":        {"version: [", "not a valid manifest"},
		"no version":      {"databases: {app: {}}", "version is 0"},
		"unknown field":   {"version: 1\ndatabase: app\n", "field database not found"},
		"no databases":    {"version: 1\n", "no databases"},
		"unknown rule":    {"version: 1\ndatabases: {app: {columns: {users.email: scramble}}}", `unknown rule "scramble"`},
		"keep, no reason": {"version: 1\ndatabases: {app: {columns: {users.email: {rule: keep}}}}", "keep needs a reason"},
		"bad column":      {"version: 1\ndatabases: {app: {columns: {email: fake}}}", `"email" is not schema.table.column`},
		"quoted column":   {"version: 1\ndatabases: {app: {columns: {\"users.E-mail\": fake}}}", "unquoted PostgreSQL names"},
		"twice":           {"version: 1\ndatabases: {app: {columns: {users.email: fake, public.users.email: null}}}", "public.users.email is listed twice"},
		"bad word":        {"version: 1\npersonal-names: [Loyalty Card]\ndatabases: {app: {}}", "is not a word"},
		"rule field":      {"version: 1\ndatabases: {app: {columns: {users.email: {rule: fake, why: x}}}}", `unknown field "why"`},
	} {
		if _, err := ParseManifest([]byte(tc.text)); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want %q", name, err, tc.want)
		}
	}
}

func TestLoadSanitizationReadsTheFilesInOrder(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) {
		os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755)
		os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644)
	}
	write("manifest.yaml", "version: 1\ndatabases: {app: {columns: {users.email: fake}}}\n")
	write("app/010-b.sql", "select 2;")
	write("app/002-a.sql", "select 1;")
	write("app/notes.md", "not SQL")
	s, err := LoadSanitization(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range s.Files() {
		got = append(got, f.Path+" "+f.SHA256[:8])
	}
	if diff := cmp.Diff([]string{"app/002-a.sql 354b7196", "app/010-b.sql b1bd6d0b"}, got); diff != "" {
		t.Errorf("files (-want +got):\n%s", diff)
	}
	write("other/1.sql", "select 3;")
	if _, err := LoadSanitization(dir); err == nil || !strings.Contains(err.Error(), "folder other names no database") {
		t.Errorf("a folder of no database: %v", err)
	}
	os.RemoveAll(filepath.Join(dir, "other"))
	os.RemoveAll(filepath.Join(dir, "app"))
	if _, err := LoadSanitization(dir); err == nil || !strings.Contains(err.Error(), "database app has rules to apply but no SQL") {
		t.Errorf("rules without SQL: %v", err)
	}
}

func TestScratchNameAndLabels(t *testing.T) {
	if got := ScratchName("olympus-staging-4b2a", "olympus-staging", "4242"); got != "olympus-staging-refresh-4242" {
		t.Errorf("ScratchName = %q", got)
	}
	long := ScratchName("olympus-staging-4b2a", strings.Repeat("d", 90), "12345678901")
	if err := ValidInstance(long); err != nil || len("olympus-staging-4b2a:"+long) > 98 {
		t.Errorf("long name %q: %v", long, err)
	}
	l := ScratchLabels("olympus-staging", "local-20261126", "Octo Cat (GitHub Actions run https://github.com/o/r/actions/runs/1)")
	if l[LabelStartedBy] != "octo-cat-github-actions-run-https-github-com-o-r-actions-runs-1" || l[LabelScratch] != "scratch" || l[LabelRun] != "local-20261126" {
		t.Errorf("labels %v", l)
	}
	mk := func(name, target, created string) *sqladmin.DatabaseInstance {
		return &sqladmin.DatabaseInstance{Name: name, CreateTime: created, Settings: &sqladmin.Settings{UserLabels: map[string]string{LabelScratch: "scratch", LabelTarget: target}}}
	}
	insts := []*sqladmin.DatabaseInstance{{Name: "olympus-staging", Settings: &sqladmin.Settings{}}, mk("b", "olympus-staging", "2026-11-26T02:00:00Z"),
		mk("a", "olympus-staging", "2026-11-26T01:00:00Z"), mk("c", "olympus-dev", "2026-11-26T00:00:00Z"), {Name: "no-settings"}}
	if h := Holder(insts, "olympus-staging"); h == nil || h.Name != "a" {
		t.Errorf("Holder = %+v", h)
	}
	if h := Holder(insts, "olympus-qa"); h != nil {
		t.Errorf("Holder of a free target = %+v", h)
	}
}

// README.md lists the words that make a column look personal: the list a
// manifest's author reads is the one the step applies.
func TestREADMEListsThePersonalNames(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, rest, _ := strings.Cut(string(b), "<!-- personal-names -->")
	listed, _, ok := strings.Cut(rest, "<!-- /personal-names -->")
	if !ok {
		t.Fatal("README.md has no <!-- personal-names --> list")
	}
	want := "`" + strings.Join(PersonalNames, "`, `") + "`"
	if listed != want {
		t.Errorf("README.md lists\n%s\nwant\n%s", listed, want)
	}
}
