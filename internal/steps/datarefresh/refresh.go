// Package datarefresh is the data-refresh step: a pre-production Cloud
// SQL instance refreshed from a production backup that was sanitized, and
// proven sanitized, on the way. The backup is restored into a private
// scratch instance in the target's project; the sanitization SQL runs
// there in one transaction per database; a sample of every personal column
// taken before is looked for after; only a copy that passed is backed up
// and restored onto the target. Production is only ever read (its backup
// runs); the scratch instance is deleted on every path.
package datarefresh

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	sqladmin "google.golang.org/api/sqladmin/v1"

	"github.com/olympus-cloud/deploy-actions/internal/adapters/incident"
	"github.com/olympus-cloud/deploy-actions/internal/adapters/sqladminapi"
	"github.com/olympus-cloud/deploy-actions/internal/framework/step"
)

// Refresher runs one data refresh.
type Refresher struct {
	Config Config
	API    SQLAdmin
	DB     Databases
	Report step.Reporter
	// Incidents, when set, files the record of a refresh that created a
	// scratch instance: the summary, a file outside Actions, an issue.
	Incidents *incident.Filer
	// PollFirst and PollMost bound the pause between reads of an
	// operation, which doubles from the first to the most.
	PollFirst, PollMost time.Duration
	// CleanupTimeout bounds the scratch instance's deletion, which goes
	// on after the step's own context ended (cancel, timeout).
	CleanupTimeout time.Duration
	// SampleRows is how many rows of each table are sampled (default 200).
	SampleRows int
}

// refresh is what is known so far, for the record.
type refresh struct {
	backup       *sqladmin.BackupRun
	backupEnd    time.Time
	targetBackup *sqladmin.BackupRun // the target's own latest, before
	scratch      string
	scratchSent  bool   // the insert request left: the scratch may exist
	scratchFate  string // what became of it, for the record
	checks       []ColumnCheck
	verification string // passed, failed, not-run
	// touched: the restore onto the target was sent; targetState says
	// what it holds when the step ended.
	touched     bool
	targetState string
	targetOp    string
	keepScratch string // why the scratch must outlive the step, if it must
	// passwordsReset are the source's built-in users given a random
	// password on the scratch, before its backup.
	passwordsReset []string
	outcome        string
}

func refuse(format string, args ...any) error { return step.Refusef(format, args...) }

// Process refreshes the target.
func (r *Refresher) Process(ctx context.Context) (err error) {
	cfg := r.Config
	rec := &refresh{scratch: ScratchName(cfg.TargetProject, cfg.TargetInstance, cfg.RunID), verification: "not-run"}
	defer func() { r.finish(ctx, rec, err) }()
	defer r.deleteScratch(ctx, rec)
	r.Report.SetOutput("scratch-instance", rec.scratch)

	source, target, err := r.read(ctx, rec)
	if err != nil {
		return err
	}
	if cfg.DryRun {
		rec.outcome = fmt.Sprintf("dry run: nothing was created or changed; backup %d of `%s` would be restored into scratch instance `%s`, sanitized, verified, and restored onto `%s`",
			rec.backup.Id, cfg.SourceInstance, rec.scratch, cfg.TargetInstance)
		return nil
	}
	if err := r.makeScratch(ctx, rec, source, target); err != nil {
		return err
	}
	if err := r.sanitize(ctx, rec); err != nil {
		return err
	}
	return r.restoreTarget(ctx, rec)
}

// read reads everything the refresh depends on and refuses before any
// change: the instances, the backup, another refresh holding the target.
func (r *Refresher) read(ctx context.Context, rec *refresh) (source, target *sqladmin.DatabaseInstance, err error) {
	cfg := r.Config
	get := func(project, name, role string) (*sqladmin.DatabaseInstance, error) {
		inst, err := r.API.GetInstance(ctx, project, name)
		if sqladminapi.StatusCode(err) == http.StatusNotFound {
			return nil, refuse("the %s instance %q does not exist in project %q", role, name, project)
		}
		if err != nil {
			return nil, fmt.Errorf("failed to read the %s instance %q: %w", role, name, err)
		}
		return inst, nil
	}
	if source, err = get(cfg.SourceProject, cfg.SourceInstance, "source"); err != nil {
		return nil, nil, err
	}
	if target, err = get(cfg.TargetProject, cfg.TargetInstance, "target"); err != nil {
		return nil, nil, err
	}
	switch {
	case source.DatabaseVersion != target.DatabaseVersion:
		return nil, nil, refuse("the source runs %s and the target %s: a backup restores only onto the same version", source.DatabaseVersion, target.DatabaseVersion)
	case privateNetwork(target) == "":
		return nil, nil, refuse("the target instance %q has no private network: the scratch instance is private, on the target's network, and it has none to join", cfg.TargetInstance)
	case !strings.HasPrefix(target.DatabaseVersion, "POSTGRES"):
		return nil, nil, refuse("the target runs %s: data-refresh sanitizes PostgreSQL only", target.DatabaseVersion)
	}
	runs, err := r.API.ListBackupRuns(ctx, cfg.SourceProject, cfg.SourceInstance)
	if err != nil {
		return nil, nil, fmt.Errorf("failed to list the backup runs of %q: %w", cfg.SourceInstance, err)
	}
	if rec.backup, rec.backupEnd, err = ChooseBackup(runs, cfg.Backup, cfg.Now(), cfg.MaxBackupAge, cfg.Source()); err != nil {
		return nil, nil, err
	}
	r.Report.SetOutput("backup-id", fmt.Sprint(rec.backup.Id))
	r.Report.SetOutput("backup-time", rec.backupEnd.Format(time.RFC3339))
	insts, err := r.API.ListInstances(ctx, cfg.TargetProject)
	if err != nil {
		return nil, nil, fmt.Errorf("failed to list the instances of %q (to find another refresh): %w", cfg.TargetProject, err)
	}
	if h := Holder(insts, cfg.TargetInstance); h != nil {
		return nil, nil, refuse("another data refresh of %q is running or was left behind: %s. "+
			"Wait for it; if its run is over, delete the instance (`gcloud sql instances delete %s --project %s`) and run again",
			cfg.TargetInstance, HolderText(h), h.Name, cfg.TargetProject)
	}
	tRuns, err := r.API.ListBackupRuns(ctx, cfg.TargetProject, cfg.TargetInstance)
	if err != nil {
		return nil, nil, fmt.Errorf("failed to list the backup runs of the target %q: %w", cfg.TargetInstance, err)
	}
	rec.targetBackup = LatestSuccessful(tRuns)
	r.Report.Logger().Info("backup chosen", "backup", rec.backup.Id, "ended", rec.backupEnd.Format(time.RFC3339), "source", cfg.Source())
	return source, target, nil
}

// makeScratch creates the private scratch instance, restores the backup
// into it and creates the IAM database users: the step's own, and the
// target's, so that the sanitized copy carries them (and whatever the SQL
// grants them) onto the target.
func (r *Refresher) makeScratch(ctx context.Context, rec *refresh, source, target *sqladmin.DatabaseInstance) error {
	cfg := r.Config
	users, err := r.API.ListUsers(ctx, cfg.TargetProject, cfg.TargetInstance)
	if err != nil {
		return fmt.Errorf("failed to list the users of the target %q: %w", cfg.TargetInstance, err)
	}
	settings := &sqladmin.Settings{
		Tier: tier(source, target), Edition: edition(source), DataDiskSizeGb: diskSize(source, target), AvailabilityType: "ZONAL",
		IpConfiguration: &sqladmin.IpConfiguration{Ipv4Enabled: false, PrivateNetwork: privateNetwork(target),
			ForceSendFields: []string{"Ipv4Enabled"}},
		DeletionProtectionEnabled: false,
		BackupConfiguration:       &sqladmin.BackupConfiguration{Enabled: false, ForceSendFields: []string{"Enabled"}},
		DatabaseFlags:             []*sqladmin.DatabaseFlags{{Name: "cloudsql.iam_authentication", Value: "on"}},
		UserLabels:                ScratchLabels(cfg.TargetInstance, cfg.RunID, cfg.Who),
		ForceSendFields:           []string{"DeletionProtectionEnabled"},
	}
	inst := &sqladmin.DatabaseInstance{Name: rec.scratch, Region: target.Region, DatabaseVersion: source.DatabaseVersion, Settings: settings}
	rec.scratchSent = true
	r.Report.Logger().Info("creating the scratch instance", "instance", rec.scratch, "project", cfg.TargetProject)
	if err := r.do(ctx, "the creation of the scratch instance "+rec.scratch, cfg.TargetProject, func(ctx context.Context) (*sqladmin.Operation, error) {
		return r.API.InsertInstance(ctx, cfg.TargetProject, inst)
	}); err != nil {
		return err
	}
	r.Report.Logger().Info("restoring the backup into the scratch instance", "backup", rec.backup.Id, "instance", rec.scratch)
	req := &sqladmin.InstancesRestoreBackupRequest{RestoreBackupContext: &sqladmin.RestoreBackupContext{
		BackupRunId: rec.backup.Id, InstanceId: cfg.SourceInstance, Project: cfg.SourceProject}}
	if err := r.do(ctx, "the restore of the backup into "+rec.scratch, cfg.TargetProject, func(ctx context.Context) (*sqladmin.Operation, error) {
		return r.API.RestoreBackup(ctx, cfg.TargetProject, rec.scratch, req)
	}); err != nil {
		return err
	}
	// The restore brought the source's users: ours comes after it.
	want := []*sqladmin.User{{Name: IAMUser(cfg.ServiceAccount), Type: "CLOUD_IAM_SERVICE_ACCOUNT", DatabaseRoles: []string{"cloudsqlsuperuser"}}}
	for _, u := range users {
		if strings.HasPrefix(u.Type, "CLOUD_IAM") && u.Name != want[0].Name {
			want = append(want, &sqladmin.User{Name: u.Name, Type: u.Type})
		}
	}
	have, err := r.API.ListUsers(ctx, cfg.TargetProject, rec.scratch)
	if err != nil {
		return fmt.Errorf("failed to list the users of the scratch instance: %w", err)
	}
	for _, u := range want {
		if hasUser(have, u.Name) {
			continue
		}
		if err := r.do(ctx, "the creation of user "+u.Name+" on the scratch instance", cfg.TargetProject, func(ctx context.Context) (*sqladmin.Operation, error) {
			return r.API.InsertUser(ctx, cfg.TargetProject, rec.scratch, u)
		}); err != nil {
			return err
		}
	}
	// The backup holds the source's roles with their password hashes:
	// restored onto the target as they are, production's passwords
	// would log in to staging, and its hashes would be there to crack.
	// Every built-in user gets a random password no one keeps.
	for _, u := range have {
		if u.Type != "" && u.Type != "BUILT_IN" {
			continue
		}
		if err := r.do(ctx, "the new password of user "+u.Name+" on the scratch instance", cfg.TargetProject, func(ctx context.Context) (*sqladmin.Operation, error) {
			return r.API.UpdateUser(ctx, cfg.TargetProject, rec.scratch, u.Name, randomPassword())
		}); err != nil {
			return err
		}
		rec.passwordsReset = append(rec.passwordsReset, u.Name)
	}
	return nil
}

// randomPassword is 32 random bytes, never kept or printed.
func randomPassword() string {
	b := make([]byte, 32)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

func hasUser(users []*sqladmin.User, name string) bool {
	for _, u := range users {
		if u.Name == name {
			return true
		}
	}
	return false
}

// tier, edition and diskSize size the scratch instance for the backup:
// the source's machine and disk (a restore needs at least the source's
// disk), the target's when the source does not say.
func tier(source, target *sqladmin.DatabaseInstance) string {
	if source.Settings != nil && source.Settings.Tier != "" {
		return source.Settings.Tier
	}
	return target.Settings.Tier
}

func edition(source *sqladmin.DatabaseInstance) string {
	if source.Settings != nil {
		return source.Settings.Edition
	}
	return ""
}

func diskSize(source, target *sqladmin.DatabaseInstance) int64 {
	if source.Settings != nil && source.Settings.DataDiskSizeGb > 0 {
		return source.Settings.DataDiskSizeGb
	}
	if target.Settings != nil {
		return target.Settings.DataDiskSizeGb
	}
	return 0
}

// do sends one request that returns an operation and waits for it.
func (r *Refresher) do(ctx context.Context, what, project string, send func(context.Context) (*sqladmin.Operation, error)) error {
	_, err := r.follow(ctx, what, project, send)
	return err
}

func (r *Refresher) follow(ctx context.Context, what, project string, send func(context.Context) (*sqladmin.Operation, error)) (*sqladmin.Operation, error) {
	op, err := send(ctx)
	if err != nil {
		return nil, fmt.Errorf("failed to start %s: %w", what, err)
	}
	p := &sqladminapi.Poller{Get: r.API.GetOperation, First: r.PollFirst, Most: r.PollMost, Log: r.Report.Logger()}
	return p.Wait(ctx, project, op, what)
}

// restoreTarget backs the sanitized scratch instance up and restores that
// backup onto the target.
func (r *Refresher) restoreTarget(ctx context.Context, rec *refresh) error {
	cfg := r.Config
	r.Report.Logger().Info("backing up the sanitized scratch instance", "instance", rec.scratch)
	op, err := r.follow(ctx, "the backup of the sanitized scratch instance", cfg.TargetProject, func(ctx context.Context) (*sqladmin.Operation, error) {
		return r.API.InsertBackupRun(ctx, cfg.TargetProject, rec.scratch, &sqladmin.BackupRun{
			Description: fmt.Sprintf("olympus data-refresh %s: backup %d of %s, sanitized", cfg.RunID, rec.backup.Id, cfg.Source())})
	})
	if err != nil {
		return err
	}
	if op.BackupContext == nil || op.BackupContext.BackupId == 0 {
		return fmt.Errorf("the backup of the scratch instance (operation %s) did not say which backup it made", op.Name)
	}
	sanitized := op.BackupContext.BackupId
	r.Report.Logger().Info("restoring the sanitized copy onto the target", "backup", sanitized, "target", cfg.Target())
	req := &sqladmin.InstancesRestoreBackupRequest{RestoreBackupContext: &sqladmin.RestoreBackupContext{
		BackupRunId: sanitized, InstanceId: rec.scratch, Project: cfg.TargetProject}}
	rec.touched = true
	op, err = r.API.RestoreBackup(ctx, cfg.TargetProject, cfg.TargetInstance, req)
	if err != nil {
		code := sqladminapi.StatusCode(err)
		if code >= 400 && code < 500 && code != http.StatusTooManyRequests {
			rec.touched = false
			rec.targetState = "unchanged: the API refused the restore"
			return fmt.Errorf("failed to start the restore onto the target %q (the API refused it; the target is unchanged): %w", cfg.TargetInstance, err)
		}
		rec.targetState = "unknown: the restore request failed and it cannot be told whether it started (see its operations: `gcloud sql operations list --instance " +
			cfg.TargetInstance + " --project " + cfg.TargetProject + "`)"
		return fmt.Errorf("failed to send the restore onto the target %q, which may have started: %w", cfg.TargetInstance, err)
	}
	rec.targetOp = op.Name
	p := &sqladminapi.Poller{Get: r.API.GetOperation, First: r.PollFirst, Most: r.PollMost, Log: r.Report.Logger()}
	if _, err := p.Wait(ctx, cfg.TargetProject, op, "the restore onto the target "+cfg.TargetInstance); err != nil {
		var running *sqladminapi.StillRunning
		if errors.As(err, &running) {
			rec.targetState = fmt.Sprintf("being restored: operation %s goes on; once it is DONE the target holds the sanitized copy of backup %d", op.Name, rec.backup.Id)
			rec.keepScratch = "the restore onto the target (operation " + op.Name + ") reads its backup"
		} else {
			rec.targetState = "unknown: the restore ended in error, and Cloud SQL may have left the target partly restored or not running"
		}
		return err
	}
	rec.targetState = fmt.Sprintf("refreshed: it holds backup %d of %s, sanitized and verified", rec.backup.Id, cfg.Source())
	rec.outcome = "refreshed"
	r.Report.SetOutput("target-restored", "true")
	return nil
}

// deleteScratch deletes the scratch instance, on every path, with a
// context of its own: a cancelled or timed-out step still cleans up.
// While another operation runs on it (a restore being cancelled), the
// delete is sent again until it is accepted.
func (r *Refresher) deleteScratch(ctx context.Context, rec *refresh) {
	cfg := r.Config
	if !rec.scratchSent {
		return
	}
	if rec.keepScratch != "" {
		rec.scratchFate = fmt.Sprintf("**kept**: %s. Delete it once that is DONE: `gcloud sql instances delete %s --project %s`",
			rec.keepScratch, rec.scratch, cfg.TargetProject)
		return
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), r.CleanupTimeout)
	defer cancel()
	r.Report.Logger().Info("deleting the scratch instance", "instance", rec.scratch)
	for n := 0; ; n++ {
		op, err := r.API.DeleteInstance(ctx, cfg.TargetProject, rec.scratch)
		switch {
		case err == nil:
			p := &sqladminapi.Poller{Get: r.API.GetOperation, First: r.PollFirst, Most: r.PollMost, Log: r.Report.Logger()}
			if _, err := p.Wait(ctx, cfg.TargetProject, op, "the deletion of the scratch instance"); err != nil {
				rec.scratchFate = fmt.Sprintf("**not confirmed deleted**: %v. Check it: `gcloud sql instances describe %s --project %s`", err, rec.scratch, cfg.TargetProject)
				return
			}
			rec.scratchFate = "deleted"
			r.Report.Logger().Info("scratch instance deleted", "instance", rec.scratch)
			return
		case sqladminapi.StatusCode(err) == http.StatusNotFound:
			rec.scratchFate = "deleted (it was not there)"
			return
		case sqladminapi.StatusCode(err) == http.StatusConflict || sqladminapi.Retryable(err) && sqladminapi.StatusCode(err) != 0:
			// Another operation runs on it: wait for it to end.
			if step.Sleep(ctx, sqladminapi.PollDelay(n, r.PollFirst, r.PollMost)) == nil {
				continue
			}
		}
		rec.scratchFate = fmt.Sprintf("**not deleted**: %v. Delete it: `gcloud sql instances delete %s --project %s`", err, rec.scratch, cfg.TargetProject)
		r.Report.Logger().Error("the scratch instance was not deleted", "instance", rec.scratch, "error", err)
		return
	}
}
