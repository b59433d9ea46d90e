// Package flow holds what the SCDF server and Skipper decided: registry rules, definitions, releases, executions
// and audit. It sees the store through typed queries and platforms only through their interface.
package flow

import (
	"context"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/dataflow-cli/dataflow/platforms"
	"github.com/dataflow-cli/dataflow/store"
)

// Config is what a Flow works with. Only Store is required: a Flow without accounts serves the registry,
// definitions and history, and says so when a command needs a platform.
type Config struct {
	Store *store.Store
	// Accounts loads the platform account configuration on first use (the shell's factory caches it).
	Accounts func() (*Accounts, error)
	// Platforms builds and keeps the platform clients (none are configured when nil).
	Platforms *Platforms
	// Clock is the time; tests fix or drive it. The system clock when nil.
	Clock Clock
	// Actor names who runs the commands, for audit records.
	Actor string
	// Progress, when set (a terminal), shows the progress of large artifact downloads.
	Progress io.Writer
	// ArtifactDir is where apps registered by http(s) URL are downloaded to (maven:// ones go to the Maven
	// local repository); a directory under the user's cache when empty.
	ArtifactDir string
	// Home is the user's home directory, where the Maven local repository is by default (~/.m2/repository).
	Home string
	// ReadImageLabels makes registration read a docker: app's options from its image's label in the
	// registry, with the credentials of DockerConfig (the Docker client's config.json); when false, images
	// are registered without their options.
	ReadImageLabels bool
	DockerConfig    string
	// Note shows the user a one-line note that is not an error (deployer properties another platform reads,
	// ignored here); notes are dropped when nil.
	Note func(string)
}

// Flow is the use-case layer; the shell builds one per command and calls its methods.
type Flow struct {
	Store     *store.Store
	Actor     string
	clock     Clock
	loadAcc   func() (*Accounts, error)
	platforms *Platforms
	note      func(string)
	artifacts artifactSettings
	images    imageSettings
	// resolved keeps the files the apps of this command resolved to (runnableURI).
	resolvedMu sync.Mutex
	resolved   map[string]string
}

// New returns a Flow over an open store.
func New(c Config) *Flow {
	f := &Flow{Store: c.Store, Actor: c.Actor, clock: c.Clock, loadAcc: c.Accounts, platforms: c.Platforms, note: c.Note,
		artifacts: artifactSettings{progress: c.Progress, dir: c.ArtifactDir, home: c.Home},
		images:    imageSettings{read: c.ReadImageLabels, dockerConfig: c.DockerConfig}}
	if f.clock == nil {
		f.clock = SystemClock()
	}
	if f.platforms == nil {
		f.platforms = NewPlatforms(nil, platforms.Environment{})
	}
	f.platforms.bindStore(c.Store)
	return f
}

// Now is the flow's clock reading.
func (f *Flow) Now() time.Time { return f.clock.Now() }

// change runs fn and its audit record in one transaction, so a change is never without its record and a
// failed change leaves nothing behind.
// Optional describe functions fill the record from what fn found.
func (f *Flow) change(ctx context.Context, rec store.AuditRecord, fn func(tx *store.Tx) error, describe ...func(*store.AuditRecord)) error {
	_, err := f.changeAudited(ctx, rec, fn, describe...)
	return err
}

// changeAudited is change for a change whose outcome comes later (a deploy claims its release, then asks the
// platform): it returns the audit record's id for auditFailure.
func (f *Flow) changeAudited(ctx context.Context, rec store.AuditRecord, fn func(tx *store.Tx) error, describe ...func(*store.AuditRecord)) (int64, error) {
	var id int64
	err := f.Store.InTx(ctx, func(tx *store.Tx) error {
		if err := fn(tx); err != nil {
			return err
		}
		for _, d := range describe {
			d(&rec)
		}
		rec.CreatedAt = f.Now()
		rec.Actor = f.Actor
		rec.Result = auditOK
		rec.Data = RedactText(rec.Data)
		var err error
		id, err = tx.InsertAudit(ctx, rec)
		return err
	})
	return id, err
}

// auditOK is the result of a change that succeeded; a failed one records its error.
const auditOK = "ok"

// auditFailure records that the change audited as id failed after all, with its error on one line (secrets
// masked). It runs after a cancellation too: the record must not say "ok".
func (f *Flow) auditFailure(ctx context.Context, id int64, failure error) {
	if id == 0 || failure == nil {
		return
	}
	result := RedactText(strings.Join(strings.Fields(failure.Error()), " "))
	_ = f.Store.Read().SetAuditResult(context.WithoutCancel(ctx), id, result)
}
