package parity

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
)

var (
	create  = tfjson.Actions{tfjson.ActionCreate}
	update  = tfjson.Actions{tfjson.ActionUpdate}
	destroy = tfjson.Actions{tfjson.ActionDelete}
	replace = tfjson.Actions{tfjson.ActionDelete, tfjson.ActionCreate}
	noop    = tfjson.Actions{tfjson.ActionNoop}
	forget  = tfjson.Actions{tfjson.ActionForget}
	read    = tfjson.Actions{tfjson.ActionRead}
)

type obj = map[string]any

// change is a resource change; opts set its masks and more.
func change(addr string, actions tfjson.Actions, before, after any, opts ...func(*tfjson.ResourceChange)) *tfjson.ResourceChange {
	rc := &tfjson.ResourceChange{Address: addr, Mode: tfjson.ManagedResourceMode, Type: strings.Split(addr, ".")[0],
		Change: &tfjson.Change{Actions: actions, Before: before, After: after}}
	for _, o := range opts {
		o(rc)
	}
	return rc
}

func unknown(mask any) func(*tfjson.ResourceChange) {
	return func(rc *tfjson.ResourceChange) { rc.Change.AfterUnknown = mask }
}

func sensitive(mask any) func(*tfjson.ResourceChange) {
	return func(rc *tfjson.ResourceChange) { rc.Change.BeforeSensitive, rc.Change.AfterSensitive = mask, mask }
}

func movedFrom(prev string) func(*tfjson.ResourceChange) {
	return func(rc *tfjson.ResourceChange) { rc.PreviousAddress = prev }
}

func deposed(key string) func(*tfjson.ResourceChange) {
	return func(rc *tfjson.ResourceChange) { rc.DeposedKey = key }
}

func data(rc *tfjson.ResourceChange) { rc.Mode = tfjson.DataResourceMode }

// raw gives the values as plan.Parse keeps them: compact JSON.
func raw(rc *tfjson.ResourceChange) {
	c := rc.Change
	for _, f := range []*any{&c.Before, &c.After, &c.AfterUnknown, &c.BeforeSensitive, &c.AfterSensitive} {
		if *f != nil {
			b, _ := json.Marshal(*f)
			*f = json.RawMessage(b)
		}
	}
}

func plan(changes ...*tfjson.ResourceChange) *tfjson.Plan {
	return &tfjson.Plan{ResourceChanges: changes}
}

func withOutputs(p *tfjson.Plan, outputs map[string]*tfjson.Change) *tfjson.Plan {
	p.OutputChanges = outputs
	return p
}

var (
	svcV1  = obj{"name": "api", "image": "api:v1", "revision": "api-1", "env": obj{"LOG_LEVEL": "info"}}
	svcV2  = obj{"name": "api", "image": "api:v2", "revision": nil, "env": obj{"LOG_LEVEL": "info"}}
	svcV3  = obj{"name": "api", "image": "api:v3", "revision": nil, "env": obj{"LOG_LEVEL": "info"}}
	revUnk = unknown(obj{"revision": true})
	db     = obj{"name": "db", "tier": "small"}
	dbBig  = obj{"name": "db", "tier": "big"}
)

// The reviewed pull request: the service gets image v2 (a new revision,
// known after apply) and the database is resized.
func reviewedPlan() *tfjson.Plan {
	return plan(
		change("svc.api", update, svcV1, svcV2, revUnk),
		change("sql.db", update, db, dbBig),
	)
}

type want struct {
	exact   bool
	refused bool
	// kinds of the differences by address ("" for those without one).
	kinds map[string]Kind
	// attributes of the one difference that has them.
	attributes []string
}

func TestCompare(t *testing.T) {
	for _, tc := range []struct {
		desc     string
		reviewed *tfjson.Plan
		fresh    *tfjson.Plan
		secrets  []string
		want     want
	}{
		{desc: "the same change set, a value known only at apply time in both",
			reviewed: reviewedPlan(), fresh: reviewedPlan(), want: want{exact: true}},
		{desc: "the same change set read raw, as plan.Parse keeps it",
			reviewed: reviewedPlan(),
			fresh:    plan(change("svc.api", update, svcV1, svcV2, revUnk, raw), change("sql.db", update, db, dbBig, raw)),
			want:     want{exact: true}},
		{desc: "a data source read in one plan only is no change",
			reviewed: reviewedPlan(),
			fresh:    plan(change("svc.api", update, svcV1, svcV2, revUnk), change("sql.db", update, db, dbBig), change("data.x.y", read, nil, obj{"a": "1"}, data)),
			want:     want{exact: true}},
		{desc: "a no-op in one plan only is no change",
			reviewed: reviewedPlan(),
			fresh:    plan(change("svc.api", update, svcV1, svcV2, revUnk), change("sql.db", update, db, dbBig), change("x.same", noop, db, db)),
			want:     want{exact: true}},
		{desc: "a stale branch: another image on main is a value difference, applied",
			reviewed: reviewedPlan(),
			fresh:    plan(change("svc.api", update, svcV1, svcV3, revUnk), change("sql.db", update, db, dbBig)),
			want:     want{kinds: map[string]Kind{"svc.api": ValuesDiffer}, attributes: []string{"image"}}},
		{desc: "a value unknown at review and known now is an apply-time difference, applied",
			reviewed: reviewedPlan(),
			fresh:    plan(change("svc.api", update, svcV1, obj{"name": "api", "image": "api:v2", "revision": "api-2", "env": obj{"LOG_LEVEL": "info"}}), change("sql.db", update, db, dbBig)),
			want:     want{kinds: map[string]Kind{"svc.api": ApplyTimeValues}, attributes: []string{"revision"}}},
		{desc: "a newly changed attribute is a value difference, named",
			reviewed: reviewedPlan(),
			fresh:    plan(change("svc.api", update, svcV1, svcV2, revUnk), change("sql.db", update, db, obj{"name": "db", "tier": "big", "disk": 20.0})),
			want:     want{kinds: map[string]Kind{"sql.db": ValuesDiffer}, attributes: []string{"disk"}}},
		{desc: "an attribute that does not change is no difference",
			reviewed: reviewedPlan(),
			fresh:    plan(change("svc.api", update, svcV1, svcV2, revUnk), change("sql.db", update, obj{"name": "db", "tier": "small", "disk": 10.0}, obj{"name": "db", "tier": "big", "disk": 10.0})),
			want:     want{exact: true}},
		{desc: "a reviewed attribute change no longer planned is a value difference",
			reviewed: plan(change("sql.db", update, obj{"name": "db", "tier": "small", "disk": 10.0}, obj{"name": "db", "tier": "big", "disk": 20.0})),
			fresh:    plan(change("sql.db", update, obj{"name": "db", "tier": "small", "disk": 20.0}, obj{"name": "db", "tier": "big", "disk": 20.0})),
			want:     want{kinds: map[string]Kind{"sql.db": ValuesDiffer}, attributes: []string{""}}},
		{desc: "an unreviewed destroy of a resource the review updated is refused",
			reviewed: reviewedPlan(),
			fresh:    plan(change("svc.api", update, svcV1, svcV2, revUnk), change("sql.db", destroy, db, nil)),
			want:     want{refused: true, kinds: map[string]Kind{"sql.db": UnreviewedDestroy}}},
		{desc: "an unreviewed destroy of a resource not in the review is refused",
			reviewed: reviewedPlan(),
			fresh:    plan(change("svc.api", update, svcV1, svcV2, revUnk), change("sql.db", update, db, dbBig), change("bucket.logs", destroy, obj{"name": "logs"}, nil)),
			want:     want{refused: true, kinds: map[string]Kind{"bucket.logs": UnreviewedDestroy}}},
		{desc: "an unreviewed replace is refused",
			reviewed: reviewedPlan(),
			fresh:    plan(change("svc.api", update, svcV1, svcV2, revUnk), change("sql.db", replace, db, obj{"name": "db2", "tier": "big"})),
			want:     want{refused: true, kinds: map[string]Kind{"sql.db": UnreviewedReplace}}},
		{desc: "a reviewed replace that is now a destroy is refused",
			reviewed: plan(change("sql.db", replace, db, dbBig)),
			fresh:    plan(change("sql.db", destroy, db, nil)),
			want:     want{refused: true, kinds: map[string]Kind{"sql.db": UnreviewedDestroy}}},
		{desc: "a reviewed replace and destroy, the same now",
			reviewed: plan(change("sql.db", replace, db, dbBig), change("bucket.logs", destroy, obj{"name": "logs"}, nil)),
			fresh:    plan(change("sql.db", replace, db, dbBig), change("bucket.logs", destroy, obj{"name": "logs"}, nil)),
			want:     want{exact: true}},
		{desc: "a resource created that the review did not have is refused",
			reviewed: reviewedPlan(),
			fresh:    plan(change("svc.api", update, svcV1, svcV2, revUnk), change("sql.db", update, db, dbBig), change("sql.replica", create, nil, db)),
			want:     want{refused: true, kinds: map[string]Kind{"sql.replica": NotReviewed}}},
		{desc: "a resource updated that the review did not touch is refused",
			reviewed: plan(change("svc.api", update, svcV1, svcV2, revUnk)),
			fresh:    plan(change("svc.api", update, svcV1, svcV2, revUnk), change("sql.db", update, db, dbBig)),
			want:     want{refused: true, kinds: map[string]Kind{"sql.db": NotReviewed}}},
		{desc: "an unreviewed forget is refused",
			reviewed: plan(change("svc.api", update, svcV1, svcV2, revUnk)),
			fresh:    plan(change("svc.api", update, svcV1, svcV2, revUnk), change("sql.db", forget, db, nil)),
			want:     want{refused: true, kinds: map[string]Kind{"sql.db": UnreviewedForget}}},
		{desc: "an unreviewed destroy of a deposed object is refused, named",
			reviewed: reviewedPlan(),
			fresh:    plan(change("svc.api", update, svcV1, svcV2, revUnk), change("sql.db", update, db, dbBig), change("sql.db", destroy, db, nil, deposed("0badc0de"))),
			want:     want{refused: true, kinds: map[string]Kind{"sql.db (deposed 0badc0de)": UnreviewedDestroy}}},
		{desc: "a reviewed change no longer planned is shown and applied",
			reviewed: reviewedPlan(),
			fresh:    plan(change("svc.api", update, svcV1, svcV2, revUnk)),
			want:     want{kinds: map[string]Kind{"sql.db": NoLongerPlanned}}},
		{desc: "a reviewed replace that is now an update destroys nothing",
			reviewed: plan(change("sql.db", replace, db, dbBig)),
			fresh:    plan(change("sql.db", update, db, dbBig)),
			want:     want{kinds: map[string]Kind{"sql.db": ActionChanged}}},
		{desc: "a reviewed update that is now a create (the object is gone) destroys nothing",
			reviewed: plan(change("sql.db", update, db, dbBig)),
			fresh:    plan(change("sql.db", create, nil, dbBig)),
			want:     want{kinds: map[string]Kind{"sql.db": ActionChanged}}},
		{desc: "a move that appeared is an action change",
			reviewed: plan(change("sql.db", update, db, dbBig)),
			fresh:    plan(change("sql.db", update, db, dbBig, movedFrom("sql.old"))),
			want:     want{kinds: map[string]Kind{"sql.db": ActionChanged}}},
		{desc: "a move to an address the review did not have is refused",
			reviewed: plan(change("sql.old", update, db, dbBig)),
			fresh:    plan(change("sql.db", update, db, dbBig, movedFrom("sql.old"))),
			want:     want{refused: true, kinds: map[string]Kind{"sql.db": NotReviewed, "sql.old": NoLongerPlanned}}},
		{desc: "a sensitive value that differs was never shown: no difference",
			reviewed: plan(change("sql.db", update, obj{"pw": "a"}, obj{"pw": "old-secret"}, sensitive(obj{"pw": true}))),
			fresh:    plan(change("sql.db", update, obj{"pw": "a"}, obj{"pw": "new-secret"}, sensitive(obj{"pw": true}))),
			want:     want{exact: true}},
		{desc: "a sensitive value set where the review removed it differs",
			reviewed: plan(change("sql.db", update, obj{"pw": "a"}, obj{"pw": nil}, sensitive(obj{"pw": true}))),
			fresh:    plan(change("sql.db", update, obj{"pw": "a"}, obj{"pw": "new-secret"}, sensitive(obj{"pw": true}))),
			want:     want{kinds: map[string]Kind{"sql.db": ValuesDiffer}, attributes: []string{"pw"}}},
		{desc: "an env value was shown redacted: no difference",
			reviewed: plan(change("svc.api", update, svcV1, obj{"name": "api", "image": "api:v1", "revision": "api-1", "env": obj{"LOG_LEVEL": "debug"}})),
			fresh:    plan(change("svc.api", update, svcV1, obj{"name": "api", "image": "api:v1", "revision": "api-1", "env": obj{"LOG_LEVEL": "warn"}})),
			want:     want{exact: true}},
		{desc: "a value under a secret-named key of an object: no difference",
			reviewed: plan(change("x.cfg", update, obj{"cfg": obj{"a": "1"}}, obj{"cfg": obj{"a": "2", "api_key": "k-one"}})),
			fresh:    plan(change("x.cfg", update, obj{"cfg": obj{"a": "1"}}, obj{"cfg": obj{"a": "2", "api_key": "k-two"}})),
			want:     want{exact: true}},
		{desc: "a value holding one of the plan's secrets is withheld: no difference",
			reviewed: plan(change("x.url", update, obj{"url": "pg://u:s3cr3t-1@h"}, obj{"url": "pg://u:s3cr3t-1@h2"})),
			fresh:    plan(change("x.url", update, obj{"url": "pg://u:s3cr3t-2@h"}, obj{"url": "pg://u:s3cr3t-2@h2"})),
			secrets:  []string{"s3cr3t-1", "s3cr3t-2"},
			want:     want{exact: true}},
		{desc: "an output that differs is shown and applied",
			reviewed: withOutputs(reviewedPlan(), map[string]*tfjson.Change{"url": {Actions: update, Before: "http://a", After: "http://b"}}),
			fresh:    withOutputs(reviewedPlan(), map[string]*tfjson.Change{"url": {Actions: update, Before: "http://a", After: "http://c"}}),
			want:     want{kinds: map[string]Kind{"url": OutputDiffers}}},
		{desc: "an output unknown in both is no difference",
			reviewed: withOutputs(reviewedPlan(), map[string]*tfjson.Change{"rev": {Actions: update, Before: "r1", AfterUnknown: true}}),
			fresh:    withOutputs(reviewedPlan(), map[string]*tfjson.Change{"rev": {Actions: update, Before: "r1", AfterUnknown: true}}),
			want:     want{exact: true}},
		{desc: "a refusal among values differences",
			reviewed: reviewedPlan(),
			fresh:    plan(change("svc.api", update, svcV1, svcV3, revUnk), change("sql.db", destroy, db, nil)),
			want:     want{refused: true, kinds: map[string]Kind{"svc.api": ValuesDiffer, "sql.db": UnreviewedDestroy}, attributes: []string{"image"}}},
	} {
		t.Run(tc.desc, func(t *testing.T) {
			reviewed, err := Digest(tc.reviewed, tc.secrets)
			if err != nil {
				t.Fatal(err)
			}
			got := Compare(reviewed, tc.fresh, tc.secrets)
			check(t, got, tc.want)
			// Through a record at each detail: refusals depend only on
			// addresses and actions, which every detail but Summary keeps.
			for _, d := range []Detail{Attributes, Resources, Keys, Summary} {
				s, err := encode(reviewed.record(d))
				if err != nil {
					t.Fatal(err)
				}
				back, err := Decode(s)
				if err != nil {
					t.Fatalf("%s: %v", d, err)
				}
				got := Compare(back, tc.fresh, tc.secrets)
				if got.Exact != tc.want.exact {
					t.Errorf("%s: exact %v, want %v: %v", d, got.Exact, tc.want.exact, got.Differences)
				}
				wantRefused := tc.want.refused
				if d == Summary {
					wantRefused = !tc.want.exact && !slices.Equal(reviewed.Shape, digest(tc.fresh, reviewed.Salt, tc.secrets, false).Shape)
				}
				if got.Refused() != wantRefused {
					t.Errorf("%s: refused %v, want %v: %v", d, got.Refused(), wantRefused, got.Differences)
				}
				if d == Attributes {
					check(t, got, tc.want)
				}
			}
		})
	}
}

func check(t *testing.T, got Comparison, w want) {
	t.Helper()
	if got.Exact != w.exact || got.Refused() != w.refused {
		t.Errorf("exact %v refused %v, want %v %v: %v", got.Exact, got.Refused(), w.exact, w.refused, got.Differences)
	}
	kinds := map[string]Kind{}
	var attrs []string
	for _, d := range got.Differences {
		kinds[d.Address] = d.Kind
		for _, a := range d.Attributes {
			attrs = append(attrs, a.Path)
		}
	}
	if len(w.kinds) == 0 {
		w.kinds = map[string]Kind{}
	}
	if !equalKinds(kinds, w.kinds) {
		t.Errorf("differences %v, want %v", kinds, w.kinds)
	}
	if !slices.Equal(attrs, w.attributes) {
		t.Errorf("attributes %q, want %q", attrs, w.attributes)
	}
	for i, d := range got.Differences {
		if i > 0 && d.Refuses() && !got.Differences[i-1].Refuses() {
			t.Errorf("refusals are not listed first: %v", got.Differences)
		}
	}
}

func equalKinds(a, b map[string]Kind) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// A record kept only as keys still names each refusal by the fresh
// plan's address, and counts a reviewed change no longer planned.
func TestKeysRecordNamesRefusalsFromTheFreshPlan(t *testing.T) {
	reviewed, _ := Digest(reviewedPlan(), nil)
	back, err := Decode(mustEncode(t, reviewed, Keys))
	if err != nil {
		t.Fatal(err)
	}
	got := Compare(back, plan(change("svc.api", destroy, svcV1, nil)), nil)
	var lines []string
	for _, d := range got.Differences {
		lines = append(lines, d.String())
	}
	want := []string{
		"svc.api: delete, reviewed as update",
		"a reviewed resource change (its address was not recorded): reviewed as update, no longer planned",
	}
	if !slices.Equal(lines, want) {
		t.Errorf("differences:\n%s\nwant:\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
}

// A summary record whose shape matches says values differ, not where.
func TestSummaryRecordWithTheSameShape(t *testing.T) {
	reviewed, _ := Digest(reviewedPlan(), nil)
	back, err := Decode(mustEncode(t, reviewed, Summary))
	if err != nil {
		t.Fatal(err)
	}
	got := Compare(back, plan(change("svc.api", update, svcV1, svcV3, revUnk), change("sql.db", update, db, dbBig)), nil)
	if got.Exact || got.Refused() || len(got.Differences) != 1 ||
		got.Differences[0].String() != "values differ from the reviewed plan (it was recorded as a summary only, so where is not known)" {
		t.Errorf("got %+v", got)
	}
	got = Compare(back, plan(change("svc.api", update, svcV1, svcV3, revUnk)), nil)
	if !got.Refused() || got.Differences[0].String() != "svc.api: update, cannot be matched to the reviewed plan (recorded as a summary only)" {
		t.Errorf("got %+v", got)
	}
}

func TestDifferenceSentences(t *testing.T) {
	for _, tc := range []struct {
		d    Difference
		want string
	}{
		{Difference{Kind: UnreviewedDestroy, Address: "a.b", Fresh: "delete"}, "a.b: delete, reviewed as no change"},
		{Difference{Kind: UnreviewedReplace, Address: "a.b", Fresh: "replace", Reviewed: "update"}, "a.b: replace, reviewed as update"},
		{Difference{Kind: NotReviewed, Address: "a.b", Fresh: "create"}, "a.b: create, not in the reviewed plan"},
		{Difference{Kind: ActionChanged, Address: "a.b", Fresh: "update (moved)", Reviewed: "update"}, "a.b: update (moved), reviewed as update"},
		{Difference{Kind: ValuesDiffer, Address: "a.b", Attributes: []AttributeDifference{{Path: "image"}, {}}},
			"a.b: values differ from the reviewed plan: image, 1 reviewed attribute change(s) no longer planned"},
		{Difference{Kind: ApplyTimeValues, Address: "a.b", Attributes: []AttributeDifference{{Path: "revision", ApplyTime: true}}},
			"a.b: values known only at apply time differ: revision"},
		{Difference{Kind: OutputDiffers, Address: "url"}, "output url: value differs from the reviewed plan"},
		{Difference{Kind: NoLongerPlanned, Address: "a.b", Reviewed: "delete"}, "a.b: reviewed as delete, no longer planned"},
		{Difference{Kind: Unverifiable}, "the reviewed record does not match its own parts (corrupted or forged); re-run the pull request's plan"},
	} {
		if got := tc.d.String(); got != tc.want {
			t.Errorf("%+v:\n got %q\nwant %q", tc.d, got, tc.want)
		}
	}
}

func mustEncode(t *testing.T, cs *ChangeSet, d Detail) string {
	t.Helper()
	s, err := encode(cs.record(d))
	if err != nil {
		t.Fatal(err)
	}
	return s
}
