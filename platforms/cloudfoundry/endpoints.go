package cloudfoundry

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// endpoints are where an API's users log in: the login server and the UAA that issues tokens (the API root's
// links, which go-cfclient would otherwise fetch on every login).
type endpoints struct{ login, uaa string }

func (e endpoints) String() string { return e.login + " " + e.uaa }

func parseEndpoints(s string) (endpoints, error) {
	login, uaa, ok := strings.Cut(s, " ")
	if !ok || login == "" || uaa == "" {
		return endpoints{}, errors.New("not remembered endpoints")
	}
	return endpoints{login: login, uaa: uaa}, nil
}

// discoverEndpoints reads the API root (GET /): links.login and links.uaa (the UAA is the login server when
// it has no link of its own).
func discoverEndpoints(ctx context.Context, hc *http.Client, apiURL string) (endpoints, error) {
	root := strings.TrimRight(apiURL, "/") + "/"
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, root, nil)
	if err != nil {
		return endpoints{}, fmt.Errorf("cannot read the API root %s: %w", root, err)
	}
	req.Header.Set("Accept", "application/json")
	resp, err := hc.Do(req)
	if err != nil {
		return endpoints{}, fmt.Errorf("cannot read the API root: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return endpoints{}, fmt.Errorf("the API root %s answered %s", root, resp.Status)
	}
	var body struct {
		Links struct {
			Login struct{ Href string } `json:"login"`
			UAA   struct{ Href string } `json:"uaa"`
		} `json:"links"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		return endpoints{}, fmt.Errorf("the API root %s is not a Cloud Controller's: %w", root, err)
	}
	ep := endpoints{login: strings.TrimRight(body.Links.Login.Href, "/"), uaa: strings.TrimRight(body.Links.UAA.Href, "/")}
	if ep.uaa == "" {
		ep.uaa = ep.login
	}
	if ep.login == "" {
		ep.login = ep.uaa
	}
	if ep.uaa == "" {
		return endpoints{}, fmt.Errorf("the API root %s names no login server", root)
	}
	return ep, nil
}
