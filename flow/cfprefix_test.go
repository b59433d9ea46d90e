package flow

import (
	"context"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/dataflow-cli/dataflow/platforms"
	"github.com/dataflow-cli/dataflow/store"
)

func cfAccount(name string, random *bool, prefix string) platforms.Account {
	return platforms.Account{Name: name, Type: platforms.CloudFoundry, CloudFoundry: &platforms.CloudFoundryAccount{
		Deployment: platforms.CloudFoundryDeployment{EnableRandomAppNamePrefix: random, AppNamePrefix: prefix}}}
}

func TestAppNamePrefixFollowsSCDFAndIsKept(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "df.db")
	s, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	f := New(Config{Store: s, Actor: "test"})
	off, on := false, true
	random := regexp.MustCompile(`^[0-9A-Za-z]{7}$`)

	first, err := f.appNamePrefix(ctx, cfAccount("default", nil, ""))
	if err != nil || !random.MatchString(first) {
		t.Fatalf("default prefix %q %v", first, err)
	}
	led, _ := f.appNamePrefix(ctx, cfAccount("dev", &on, "dev"))
	if !regexp.MustCompile(`^dev-[0-9A-Za-z]{7}$`).MatchString(led) {
		t.Fatalf("appNamePrefix with a random part: %q", led)
	}
	for acc, want := range map[*platforms.Account]string{
		ptr(cfAccount("kafkazone", &off, "")):                           "",
		ptr(cfAccount("fixed", &off, "team")):                           "team",
		ptr(platforms.Account{Name: "k8s", Type: platforms.Kubernetes}): "",
	} {
		if got, err := f.appNamePrefix(ctx, *acc); err != nil || got != want {
			t.Errorf("%s: prefix %q %v, want %q", acc.Name, got, err, want)
		}
	}
	closeStore(t, s)

	// Another process, later: the same prefix.
	s, err = store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer closeStore(t, s)
	again, _ := New(Config{Store: s, Actor: "test"}).appNamePrefix(ctx, cfAccount("default", nil, ""))
	if again != first {
		t.Fatalf("prefix changed across runs: %q then %q", first, again)
	}
	if p := placeholderPrefix(cfAccount("dev", &on, "dev")); len(p) != len(led) {
		t.Fatalf("placeholder %q does not stand for %q", p, led)
	}
}

func ptr[T any](v T) *T { return &v }
