package flow

import (
	"context"
	"strings"

	"github.com/dataflow-cli/dataflow/store"
)

// HistoryLimit is how many command lines are kept, SCDF's spring.shell.historySize default.
const HistoryLimit = 3000

// RecordCommand keeps a typed command line for up-arrow recall and `history`, with secret values redacted first.
func (f *Flow) RecordCommand(ctx context.Context, line string) error {
	line = strings.TrimSpace(line)
	if line == "" {
		return nil
	}
	return f.Store.Read().AppendHistory(ctx, RedactText(line), f.Now(), HistoryLimit)
}

// CommandHistory returns at most limit recent command lines, oldest first.
func (f *Flow) CommandHistory(ctx context.Context, limit int) ([]store.HistoryEntry, error) {
	if limit <= 0 {
		limit = HistoryLimit
	}
	return f.Store.Read().RecentHistory(ctx, limit)
}

// AuditRecords lists audit records, newest first.
func (f *Flow) AuditRecords(ctx context.Context, filter store.AuditFilter) ([]store.AuditRecord, error) {
	return f.Store.Read().ListAudit(ctx, filter)
}
