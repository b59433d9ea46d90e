package flow

import (
	"context"
	"crypto/rand"
	"math/big"
	"strings"

	"github.com/dataflow-cli/dataflow/platforms"
	"github.com/dataflow-cli/dataflow/store"
)

// prefixAlphabet and prefixLength are SCDF's CloudFoundryAppNameGenerator's: 7 characters of [0-9a-zA-Z].
const (
	prefixAlphabet = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	prefixLength   = 7
)

// appNamePrefix is the prefix of the account's app names, as SCDF's CF deployer made it: with
// enableRandomAppNamePrefix (the default) a random part, led by appNamePrefix when that is set; without it,
// appNamePrefix alone (often nothing). Unlike SCDF, whose random part changed with every server restart, the
// random part is made once per account and kept in SQLite. Only Cloud Foundry accounts have one.
func (f *Flow) appNamePrefix(ctx context.Context, acc platforms.Account) (string, error) {
	return composePrefix(acc, func() (string, error) {
		var random string
		err := f.Store.InTx(ctx, func(tx *store.Tx) error {
			var err error
			random, err = tx.AppNamePrefix(ctx, acc.Name, randomPrefix(), f.Now())
			return err
		})
		return random, err
	})
}

// appNamePrefixOf is appNamePrefix for the account a release runs on.
func (f *Flow) appNamePrefixOf(ctx context.Context, platform string) (string, error) {
	acc, err := f.streamAccount(platform)
	if err != nil {
		return "", err
	}
	return f.appNamePrefix(ctx, acc)
}

// placeholderPrefix stands for the account's prefix where a deploy is checked before anything is written: a
// name is valid or not whatever the random characters are (they are letters and digits, and long names are
// shortened the same way), so checking never needs to make the prefix.
func placeholderPrefix(acc platforms.Account) string {
	p, _ := composePrefix(acc, func() (string, error) { return strings.Repeat("x", prefixLength), nil })
	return p
}

// previewPrefix is the prefix `stream deploy --dry-run` shows: the account's when its random part was made,
// else RANDOM7 in its place; it writes nothing.
func (f *Flow) previewPrefix(ctx context.Context, acc platforms.Account) (string, error) {
	return composePrefix(acc, func() (string, error) {
		random, ok, err := f.Store.Read().StoredAppNamePrefix(ctx, acc.Name)
		if err == nil && !ok {
			random = "RANDOM7"
		}
		return random, err
	})
}

// composePrefix applies the account's prefix settings; random is asked for only when a random part is wanted.
func composePrefix(acc platforms.Account, random func() (string, error)) (string, error) {
	if acc.Type != platforms.CloudFoundry || acc.CloudFoundry == nil {
		return "", nil
	}
	d := acc.CloudFoundry.Deployment
	if d.EnableRandomAppNamePrefix != nil && !*d.EnableRandomAppNamePrefix {
		return d.AppNamePrefix, nil
	}
	r, err := random()
	if err != nil {
		return "", err
	}
	if d.AppNamePrefix != "" {
		return d.AppNamePrefix + "-" + r, nil
	}
	return r, nil
}

func randomPrefix() string {
	b := make([]byte, prefixLength)
	for i := range b {
		n, err := rand.Int(rand.Reader, big.NewInt(int64(len(prefixAlphabet))))
		if err != nil {
			panic(err) // crypto/rand does not fail on the platforms we build for
		}
		b[i] = prefixAlphabet[n.Int64()]
	}
	return string(b)
}
