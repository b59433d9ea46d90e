package imagelabel

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
)

// dockerHubAuthKey is the key the Docker client files Docker Hub's credentials under.
const dockerHubAuthKey = "https://index.docker.io/v1/"

// credentials are what the Docker client would send a registry: a user and password, an identity token (an
// OAuth refresh token) or a registry token sent as is.
type credentials struct {
	Username, Password, IdentityToken, RegistryToken string
}

func (c credentials) anonymous() bool { return c == credentials{} }

// dockerConfig is the part of the Docker client's config.json that holds credentials.
type dockerConfig struct {
	Auths       map[string]authEntry `json:"auths"`
	CredsStore  string               `json:"credsStore"`
	CredHelpers map[string]string    `json:"credHelpers"`
}

type authEntry struct {
	Auth          string `json:"auth"`
	Username      string `json:"username"`
	Password      string `json:"password"`
	IdentityToken string `json:"identitytoken"`
	RegistryToken string `json:"registrytoken"`
}

// loadCredentials finds the credentials for a repository in the Docker client's configuration file, as
// `docker pull` would: the entry for registry/repository, else the one for the registry (Docker Hub's under its
// v1 address), from a credential helper when one is configured for it, else from auths. A missing file, or
// no entry, means anonymous access.
func loadCredentials(ctx context.Context, path string, ref reference) (credentials, error) {
	if path == "" {
		return credentials{}, nil
	}
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return credentials{}, nil
	}
	if err != nil {
		return credentials{}, err
	}
	var cf dockerConfig
	if len(bytes.TrimSpace(data)) > 0 {
		if err := json.Unmarshal(data, &cf); err != nil {
			return credentials{}, fmt.Errorf("%s: %v", path, err)
		}
	}
	for _, key := range []string{ref.registry + "/" + ref.repository, ref.registry} {
		if key == dockerHubName {
			key = dockerHubAuthKey
		}
		c, err := cf.lookup(ctx, key)
		if err != nil {
			return credentials{}, fmt.Errorf("%s: %v", path, err)
		}
		if !c.anonymous() {
			return c, nil
		}
	}
	return credentials{}, nil
}

// lookup asks the credential helper for the key (credHelpers, else credsStore) when there is one, else auths.
func (cf dockerConfig) lookup(ctx context.Context, key string) (credentials, error) {
	helper := cf.CredsStore
	if h, ok := cf.CredHelpers[key]; ok {
		helper = h
	}
	if helper != "" {
		return fromHelper(ctx, helper, key)
	}
	entry, ok := cf.Auths[key]
	if !ok {
		// Older Docker clients filed credentials under a URL: match on its host name, as Docker does.
		for k, e := range cf.Auths {
			if hostnameOf(k) == key {
				entry, ok = e, true
				break
			}
		}
	}
	if !ok {
		return credentials{}, nil
	}
	return entry.credentials(key)
}

func (e authEntry) credentials(key string) (credentials, error) {
	c := credentials{Username: e.Username, Password: e.Password, IdentityToken: e.IdentityToken, RegistryToken: e.RegistryToken}
	if e.Auth != "" {
		decoded, err := base64.StdEncoding.DecodeString(e.Auth)
		if err != nil {
			return credentials{}, fmt.Errorf("the auth of %s is not base64", key)
		}
		user, password, ok := strings.Cut(string(decoded), ":")
		if !ok || user == "" {
			return credentials{}, fmt.Errorf("the auth of %s is not base64 of user:password", key)
		}
		c.Username, c.Password = user, strings.Trim(password, "\x00")
	}
	return c, nil
}

func hostnameOf(url string) string {
	s := strings.TrimPrefix(strings.TrimPrefix(url, "http://"), "https://")
	host, _, _ := strings.Cut(s, "/")
	return host
}

// helperNotFound is what credential helpers print when they hold nothing for a server.
const helperNotFound = "credentials not found in native keychain"

// fromHelper runs docker-credential-<helper> get with the server on stdin, as the Docker client does; the
// secret comes back on stdout, never through arguments.
func fromHelper(ctx context.Context, helper, server string) (credentials, error) {
	cmd := exec.CommandContext(ctx, "docker-credential-"+helper, "get")
	cmd.Stdin = strings.NewReader(server)
	out, err := cmd.Output()
	if err != nil {
		msg := strings.TrimSpace(string(out))
		if msg == helperNotFound {
			return credentials{}, nil
		}
		var ee *exec.ExitError
		if errors.As(err, &ee) && msg != "" {
			return credentials{}, fmt.Errorf("the credential helper docker-credential-%s failed for %s: %s", helper, server, msg)
		}
		return credentials{}, fmt.Errorf("the credential helper docker-credential-%s failed for %s: %v", helper, server, err)
	}
	var got struct {
		Username string `json:"Username"`
		Secret   string `json:"Secret"`
	}
	if err := json.Unmarshal(out, &got); err != nil {
		return credentials{}, fmt.Errorf("the credential helper docker-credential-%s answered no credentials JSON for %s", helper, server)
	}
	if got.Username == "<token>" {
		return credentials{IdentityToken: got.Secret}, nil
	}
	return credentials{Username: got.Username, Password: got.Secret}, nil
}
