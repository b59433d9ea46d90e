package platforms

import "context"

// Memo keeps small facts about an account between runs of dataflow (the endpoints a login discovered, the
// GUIDs of the org and space an account names), so that a command need not ask the platform for them again.
// Nothing secret goes in it. What a platform recalls is a guess: it must check it, and remember the right
// value when the guess was wrong.
type Memo interface {
	Recall(ctx context.Context, account, key string) (string, bool)
	Remember(ctx context.Context, account, key, value string)
}

// Recall is the memo's value for the key, when the environment has a memo and it holds one.
func (e Environment) Recall(ctx context.Context, account, key string) (string, bool) {
	if e.Memo == nil {
		return "", false
	}
	return e.Memo.Recall(ctx, account, key)
}

// Remember keeps the value, when the environment has a memo; a memo that cannot write loses nothing but time.
func (e Environment) Remember(ctx context.Context, account, key, value string) {
	if e.Memo != nil {
		e.Memo.Remember(ctx, account, key, value)
	}
}
