package demoapp

import (
	"context"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/olympus-cloud/deploy-actions/internal/adapters/cloudrun"
	"github.com/olympus-cloud/deploy-actions/internal/adapters/verify"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/localstore"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/runemu"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/tfenv"
)

func TestMain(m *testing.M) {
	code := m.Run()
	tfenv.Cleanup()
	os.Exit(code)
}

const (
	project = "olympus-dev-7d1e"
	region  = "us-central1"
)

func get(t *testing.T, url string) (int, string, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, strings.TrimSpace(string(b)), resp.Header.Get("X-Revision")
}

func start(t *testing.T, stores ...localstore.Store) *Server {
	t.Helper()
	srv, err := Start("", stores...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Stop)
	return srv
}

// The serving revision answers: healthy, broken, or as its env says.
func TestAnswers(t *testing.T) {
	store := localstore.Store{Root: t.TempDir()}
	other := localstore.Store{Root: t.TempDir()}
	srv := start(t, store, other)
	apply := func(st localstore.Store, name, image string, env map[string]string) string {
		t.Helper()
		svc, _, err := st.ApplyServiceConfig(name, image, env)
		if err != nil {
			t.Fatal(err)
		}
		return svc.LatestRevision()
	}
	for _, tc := range []struct {
		desc, service, image string
		env                  map[string]string
		status               int
		body                 string
	}{
		{desc: "a healthy image", service: "api", image: "api:v1", status: 200, body: "ok: revision {rev} of api (image api:v1)"},
		{desc: "a broken image", service: "api", image: "api:v2-broken", status: 503, body: "broken: revision {rev} of api (image api:v2-broken)"},
		{desc: "env decides", service: "api", image: "api:v3", env: map[string]string{"DEMO_STATUS": "418", "DEMO_BODY": "teapot", "API_KEY": "k-secret"},
			status: 418, body: "teapot"},
		{desc: "env values are never shown", service: "api", image: "api:v4", env: map[string]string{"API_KEY": "k-secret"},
			status: 200, body: "ok: revision {rev} of api (image api:v4)"},
	} {
		rev := apply(store, tc.service, tc.image, tc.env)
		status, body, header := get(t, srv.URL(tc.service)+"/healthz")
		want := strings.ReplaceAll(tc.body, "{rev}", rev)
		if status != tc.status || body != want || header != rev {
			t.Errorf("%s: %d %q (%s), want %d %q (%s)", tc.desc, status, body, header, tc.status, want, rev)
		}
	}

	// The second store's services answer too.
	rev := apply(other, "web", "web:v1", nil)
	if status, _, header := get(t, srv.URL("web")); status != 200 || header != rev {
		t.Errorf("a service of the second store: %d %s", status, header)
	}
	if status, body, _ := get(t, srv.URL("nope")+"/healthz"); status != 404 || !strings.Contains(body, `no service "nope"`) {
		t.Errorf("an unknown service: %d %q", status, body)
	}

	// A revision that is not Ready, and a service with no traffic.
	if _, err := store.UpdateService("api", func(s *localstore.Service) error {
		s.Revisions[len(s.Revisions)-1].Ready = false
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if status, body, _ := get(t, srv.URL("api")); status != 503 || !strings.Contains(body, "is not ready") {
		t.Errorf("not ready: %d %q", status, body)
	}
	if _, err := store.UpdateService("api", func(s *localstore.Service) error { s.Traffic = nil; return nil }); err != nil {
		t.Fatal(err)
	}
	if status, body, _ := get(t, srv.URL("api")); status != 503 || body != "no revision of api serves traffic" {
		t.Errorf("no traffic: %d %q", status, body)
	}
}

// Split traffic answers in proportion, deterministically.
func TestSplitTraffic(t *testing.T) {
	store := localstore.Store{Root: t.TempDir()}
	srv := start(t, store)
	a, _, _ := store.ApplyServiceConfig("api", "api:v1", nil)
	b, _, _ := store.ApplyServiceConfig("api", "api:v2-broken", nil)
	revA, revB := a.Revisions[0].Name, b.Revisions[1].Name
	if _, err := store.UpdateService("api", func(s *localstore.Service) error {
		s.Traffic = []localstore.TrafficTarget{{Revision: revA, Percent: 90}, {Latest: true, Percent: 10}}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	counts := map[string]int{}
	for range 200 {
		_, _, rev := get(t, srv.URL("api"))
		counts[rev]++
	}
	if counts[revA] != 180 || counts[revB] != 20 {
		t.Errorf("200 requests went %v, want 180 to %s and 20 to %s", counts, revA, revB)
	}
}

// A check after a bad deploy fails against the service, and a traffic
// rollback through the Cloud Run emulator (with the client
// traffic-rollback uses, internal/adapters/cloudrun) makes it pass again: the
// emulator's traffic decides who answers.
func TestRollbackThroughTheEmulatorFixesTheCheck(t *testing.T) {
	store := localstore.Store{Root: t.TempDir()}
	srv := start(t, store)
	good, _, _ := store.ApplyServiceConfig("olympus-api-dev", "api:v1", nil)
	goodRev := good.LatestRevision()
	if _, _, err := store.ApplyServiceConfig("olympus-api-dev", "api:v2-broken", nil); err != nil {
		t.Fatal(err)
	}
	check := []verify.Check{{Entry: 1, URL: srv.URL("olympus-api-dev") + "/healthz", Status: 200, Contains: "ok", Timeout: 5 * time.Second, Attempts: 2}}
	run := &verify.Runner{Redact: func(s string) string { return s }, Backoff: func(int) time.Duration { return 0 }}
	if r := run.Run(context.Background(), check)[0]; r.Passed || r.Status != 503 || !strings.HasPrefix(r.Excerpt, "broken: ") {
		t.Fatalf("the check after the bad deploy: %+v", r)
	}

	emu, err := runemu.Start(store, project, region)
	if err != nil {
		t.Fatal(err)
	}
	defer emu.Stop()
	ctx := context.Background()
	api, err := cloudrun.Dial(ctx, emu.Addr)
	if err != nil {
		t.Fatal(err)
	}
	defer api.Close()
	svc, err := api.GetService(ctx, "projects/"+project+"/locations/"+region+"/services/olympus-api-dev")
	if err != nil {
		t.Fatal(err)
	}
	if err := api.SetTraffic(ctx, svc, cloudrun.Move{Revision: goodRev}); err != nil {
		t.Fatal(err)
	}
	if r := run.Run(ctx, check)[0]; !r.Passed || !strings.Contains(r.Excerpt, goodRev) {
		t.Errorf("the check after the rollback: %+v", r)
	}
}

// End to end with real terraform on examples/local: each apply's new
// revision changes what the service answers, so a bad deploy fails its
// check; the example's API key is in no answer.
func TestTerraformApplyChangesTheAnswer(t *testing.T) {
	if testing.Short() {
		t.Skip("runs terraform")
	}
	cfg := tfenv.Shared(t)
	dir := t.TempDir()
	tfenv.CopyDir(t, filepath.Join("..", "..", "..", "examples", "local"), dir)
	const apiKey = "k-CANARY-7f3a91"
	tf := func(args ...string) {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, "terraform", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+cfg, "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1", "TF_VAR_api_key="+apiKey)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("terraform %s: %v\n%s", args[0], err, out)
		}
	}
	apply := func(image string) {
		t.Helper()
		tf("apply", "-input=false", "-auto-approve", "-no-color", "-var-file=environments/dev/terraform.tfvars", "-var=image="+image)
	}
	tf("init", "-input=false", "-no-color", "-backend-config=environments/dev/backend.tfbackend")
	store := localstore.Store{Root: filepath.Join(dir, ".localcloud", "dev")}
	srv := start(t, store)
	run := &verify.Runner{Redact: func(s string) string { return s }, Backoff: func(int) time.Duration { return 0 }}
	check := []verify.Check{{Entry: 1, URL: srv.URL("olympus-api-dev") + "/healthz", Status: 200, Contains: "ok", Timeout: 5 * time.Second, Attempts: 1}}

	apply("api:v1")
	first := run.Run(context.Background(), check)[0]
	if !first.Passed || !strings.Contains(first.Excerpt, "(image api:v1)") {
		t.Errorf("after deploying api:v1: %+v", first)
	}
	apply("api:v2-broken")
	second := run.Run(context.Background(), check)[0]
	if second.Passed || second.Status != 503 || !strings.Contains(second.Excerpt, "(image api:v2-broken)") {
		t.Errorf("after deploying api:v2-broken: %+v", second)
	}
	for _, r := range []verify.Result{first, second} {
		if strings.Contains(r.Excerpt+r.Err, apiKey) {
			t.Errorf("the API key is in an answer: %+v", r)
		}
	}
}
