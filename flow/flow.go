// Package flow holds what the SCDF server and Skipper decided: registry rules, definitions, releases, executions
// and audit. It sees the store through typed queries and platforms only through their interface.
package flow

import (
	"context"
	"time"

	"github.com/dataflow-cli/dataflow/store"
)

// Flow is the use-case layer; the shell builds one per process and calls its methods.
type Flow struct {
	Store *store.Store
	// Now is the clock; tests fix it so transcripts are stable.
	Now func() time.Time
	// Actor names who runs the commands, for audit records.
	Actor string
}

// New returns a Flow over an open store.
func New(s *store.Store, actor string, now func() time.Time) *Flow {
	if now == nil {
		now = time.Now
	}
	return &Flow{Store: s, Now: now, Actor: actor}
}

// change runs fn and its audit record in one transaction, so a change is never without its record and a
// failed change leaves nothing behind.
// Optional describe functions fill the record from what fn found.
func (f *Flow) change(ctx context.Context, rec store.AuditRecord, fn func(tx *store.Tx) error, describe ...func(*store.AuditRecord)) error {
	return f.Store.InTx(ctx, func(tx *store.Tx) error {
		if err := fn(tx); err != nil {
			return err
		}
		for _, d := range describe {
			d(&rec)
		}
		rec.CreatedAt = f.Now()
		rec.Actor = f.Actor
		rec.Result = "ok"
		rec.Data = RedactText(rec.Data)
		return tx.InsertAudit(ctx, rec)
	})
}
