package datarefresh

import (
	"context"
	"log/slog"

	sqladmin "google.golang.org/api/sqladmin/v1"

	"github.com/olympus-cloud/deploy-actions/internal/adapters/sqladminapi"
)

// SQLAdmin is the part of the Cloud SQL Admin API v1 the step uses. Reads
// are retried on 5xx, 429 and broken connections; writes are sent once
// (again only after a 429, which means the API did not look at them).
type SQLAdmin interface {
	GetInstance(ctx context.Context, project, instance string) (*sqladmin.DatabaseInstance, error)
	ListInstances(ctx context.Context, project string) ([]*sqladmin.DatabaseInstance, error)
	// ListBackupRuns lists an instance's backup runs, newest first.
	ListBackupRuns(ctx context.Context, project, instance string) ([]*sqladmin.BackupRun, error)
	ListDatabases(ctx context.Context, project, instance string) ([]*sqladmin.Database, error)
	ListUsers(ctx context.Context, project, instance string) ([]*sqladmin.User, error)
	InsertInstance(ctx context.Context, project string, inst *sqladmin.DatabaseInstance) (*sqladmin.Operation, error)
	RestoreBackup(ctx context.Context, project, instance string, req *sqladmin.InstancesRestoreBackupRequest) (*sqladmin.Operation, error)
	InsertBackupRun(ctx context.Context, project, instance string, run *sqladmin.BackupRun) (*sqladmin.Operation, error)
	InsertUser(ctx context.Context, project, instance string, user *sqladmin.User) (*sqladmin.Operation, error)
	// UpdateUser sets the password of the built-in user name.
	UpdateUser(ctx context.Context, project, instance, name, password string) (*sqladmin.Operation, error)
	DeleteInstance(ctx context.Context, project, instance string) (*sqladmin.Operation, error)
	GetOperation(ctx context.Context, project, operation string) (*sqladmin.Operation, error)
}

// API is SQLAdmin over google.golang.org/api/sqladmin/v1.
type API struct{ *sqladminapi.Client }

// NewAPI connects with Application Default Credentials, or without any to
// an emulator's endpoint.
func NewAPI(ctx context.Context, endpoint string, log *slog.Logger) (*API, error) {
	c, err := sqladminapi.New(ctx, endpoint, log)
	if err != nil {
		return nil, err
	}
	return &API{Client: c}, nil
}

type op = *sqladmin.Operation

func (a *API) ListBackupRuns(ctx context.Context, project, instance string) ([]*sqladmin.BackupRun, error) {
	// The newest hundred are plenty: automated backups are daily and
	// max-backup-age is about a day.
	resp, err := sqladminapi.Read(ctx, a.Client, "backupRuns.list", func(ctx context.Context) (*sqladmin.BackupRunsListResponse, error) {
		return a.Client.Svc.BackupRuns.List(project, instance).MaxResults(100).Context(ctx).Do()
	})
	if err != nil {
		return nil, err
	}
	return resp.Items, nil
}

func (a *API) ListDatabases(ctx context.Context, project, instance string) ([]*sqladmin.Database, error) {
	resp, err := sqladminapi.Read(ctx, a.Client, "databases.list", func(ctx context.Context) (*sqladmin.DatabasesListResponse, error) {
		return a.Client.Svc.Databases.List(project, instance).Context(ctx).Do()
	})
	if err != nil {
		return nil, err
	}
	return resp.Items, nil
}

func (a *API) ListUsers(ctx context.Context, project, instance string) ([]*sqladmin.User, error) {
	resp, err := sqladminapi.Read(ctx, a.Client, "users.list", func(ctx context.Context) (*sqladmin.UsersListResponse, error) {
		return a.Client.Svc.Users.List(project, instance).Context(ctx).Do()
	})
	if err != nil {
		return nil, err
	}
	return resp.Items, nil
}

func (a *API) InsertInstance(ctx context.Context, project string, inst *sqladmin.DatabaseInstance) (*sqladmin.Operation, error) {
	return sqladminapi.Send(ctx, a.Client, "instances.insert", func(ctx context.Context) (op, error) {
		return a.Client.Svc.Instances.Insert(project, inst).Context(ctx).Do()
	})
}

func (a *API) RestoreBackup(ctx context.Context, project, instance string, req *sqladmin.InstancesRestoreBackupRequest) (*sqladmin.Operation, error) {
	return sqladminapi.Send(ctx, a.Client, "instances.restoreBackup", func(ctx context.Context) (op, error) {
		return a.Client.Svc.Instances.RestoreBackup(project, instance, req).Context(ctx).Do()
	})
}

func (a *API) InsertBackupRun(ctx context.Context, project, instance string, run *sqladmin.BackupRun) (*sqladmin.Operation, error) {
	return sqladminapi.Send(ctx, a.Client, "backupRuns.insert", func(ctx context.Context) (op, error) {
		return a.Client.Svc.BackupRuns.Insert(project, instance, run).Context(ctx).Do()
	})
}

func (a *API) InsertUser(ctx context.Context, project, instance string, user *sqladmin.User) (*sqladmin.Operation, error) {
	return sqladminapi.Send(ctx, a.Client, "users.insert", func(ctx context.Context) (op, error) {
		return a.Client.Svc.Users.Insert(project, instance, user).Context(ctx).Do()
	})
}

func (a *API) UpdateUser(ctx context.Context, project, instance, name, password string) (*sqladmin.Operation, error) {
	return sqladminapi.Send(ctx, a.Client, "users.update", func(ctx context.Context) (op, error) {
		return a.Client.Svc.Users.Update(project, instance, &sqladmin.User{Name: name, Password: password}).Name(name).Context(ctx).Do()
	})
}

func (a *API) DeleteInstance(ctx context.Context, project, instance string) (*sqladmin.Operation, error) {
	return sqladminapi.Send(ctx, a.Client, "instances.delete", func(ctx context.Context) (op, error) {
		return a.Client.Svc.Instances.Delete(project, instance).Context(ctx).Do()
	})
}
