package flow

import (
	"context"

	"github.com/dataflow-cli/dataflow/store"
)

// The records flow hands out are the store's plain structs; flow names them so that the shell speaks to flow
// alone and never imports the store.
type (
	Store        = store.Store
	AppRecord    = store.AppRecord
	Definition   = store.Definition
	Release      = store.Release
	ReleaseApp   = store.ReleaseApp
	Execution    = store.Execution
	Schedule     = store.Schedule
	AuditRecord  = store.AuditRecord
	AuditFilter  = store.AuditFilter
	HistoryEntry = store.HistoryEntry

	ReleaseStatus   = store.ReleaseStatus
	ExecutionStatus = store.ExecutionStatus
	AuditOperation  = store.AuditOperation
	AuditAction     = store.AuditAction
)

// OpenStore opens (creating and migrating when needed) the store at path.
func OpenStore(ctx context.Context, path string) (*Store, error) { return store.Open(ctx, path) }
