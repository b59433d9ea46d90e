package flow

import (
	"context"

	"github.com/dataflow-cli/dataflow/platforms"
)

// Memo is the platforms' memo, kept in the store. It is a cache: a failed read is a miss and a failed write
// is dropped, neither fails the command.
func (f *Flow) Memo() platforms.Memo { return storeMemo{f} }

type storeMemo struct{ f *Flow }

func (m storeMemo) Recall(ctx context.Context, account, key string) (string, bool) {
	v, ok, err := m.f.Store.Read().Memo(ctx, account, key)
	return v, ok && err == nil
}

func (m storeMemo) Remember(ctx context.Context, account, key, value string) {
	_ = m.f.Store.Read().SetMemo(context.WithoutCancel(ctx), account, key, value, m.f.Now())
}
