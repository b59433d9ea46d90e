package cctest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
)

type obj = map[string]any

// cfError is one CC v3 error; go-cfclient turns the first of "errors" into a resource.CloudFoundryError.
type cfError struct {
	status int
	Code   int    `json:"code"`
	Title  string `json:"title"`
	Detail string `json:"detail"`
}

func writeError(w http.ResponseWriter, e *cfError) {
	writeJSON(w, e.status, obj{"errors": []*cfError{e}})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// The CC errors the fake uses, with the codes, titles and statuses of the CC's errors catalogue.
func errNotFound(kind string) *cfError {
	return &cfError{status: 404, Code: 10010, Title: "CF-ResourceNotFound", Detail: kind + " not found"}
}

func errUnprocessable(format string, args ...any) *cfError {
	return &cfError{status: 422, Code: 10008, Title: "CF-UnprocessableEntity", Detail: fmt.Sprintf(format, args...)}
}

func errBadQuery(format string, args ...any) *cfError {
	return &cfError{status: 400, Code: 10005, Title: "CF-BadQueryParameter", Detail: "The query parameter is invalid: " + fmt.Sprintf(format, args...)}
}

func errParse(err error) *cfError {
	return &cfError{status: 400, Code: 1001, Title: "CF-MessageParseError", Detail: "Request invalid due to parse error: " + err.Error()}
}

// titles maps well-known codes to their titles, for FailNext callers who give only the code.
var titles = map[int]string{
	1000:   "CF-InvalidAuthToken",
	1001:   "CF-MessageParseError",
	10001:  "CF-ConcurrencyError",
	10002:  "CF-NotAuthenticated",
	10003:  "CF-NotAuthorized",
	10004:  "CF-InvalidRequest",
	10005:  "CF-BadQueryParameter",
	10008:  "CF-UnprocessableEntity",
	10010:  "CF-ResourceNotFound",
	10011:  "CF-DatabaseError",
	10013:  "CF-RateLimitExceeded",
	10015:  "CF-ServiceUnavailable",
	170019: "CF-TaskError",
	170021: "CF-InvalidTaskRequest",
}

// decode reads a JSON request body; an empty body leaves v alone (actions such as start have none).
func decode(r *http.Request, v any) *cfError {
	if r.Body == nil {
		return nil
	}
	dec := json.NewDecoder(r.Body)
	if err := dec.Decode(v); err != nil && err.Error() != "EOF" {
		return errParse(err)
	}
	return nil
}

// listParam splits a comma-separated filter; nil means the filter was not given.
func listParam(q url.Values, key string) []string {
	if !q.Has(key) {
		return nil
	}
	v := q.Get(key)
	if v == "" {
		return []string{}
	}
	return strings.Split(v, ",")
}

// matches is true when the filter is absent or contains v.
func matches(filter []string, v string) bool {
	if filter == nil {
		return true
	}
	for _, f := range filter {
		if f == v {
			return true
		}
	}
	return false
}

// paginate cuts one page out of items and builds the CC pagination block. Links are absolute and keep every
// other query parameter, because go-cfclient reads page and per_page back out of pagination.next.href.
func paginate[T any](s *Server, r *http.Request, items []T) ([]T, obj, *cfError) {
	q := r.URL.Query()
	page, perPage := 1, 50
	if v := q.Get("page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return nil, nil, errBadQuery("Page must be greater than 0")
		}
		page = n
	}
	if v := q.Get("per_page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 5000 {
			return nil, nil, errBadQuery("Per page must be between 1 and 5000")
		}
		perPage = n
	}
	total := len(items)
	pages := (total + perPage - 1) / perPage
	if pages == 0 {
		pages = 1
	}
	link := func(p int) obj {
		qq := url.Values{}
		for k, v := range q {
			qq[k] = v
		}
		qq.Set("page", strconv.Itoa(p))
		qq.Set("per_page", strconv.Itoa(perPage))
		return obj{"href": s.url + r.URL.Path + "?" + qq.Encode()}
	}
	pg := obj{
		"total_results": total,
		"total_pages":   pages,
		"first":         link(1),
		"last":          link(pages),
		"next":          nil,
		"previous":      nil,
	}
	if page < pages {
		pg["next"] = link(page + 1)
	}
	if page > 1 {
		pg["previous"] = link(page - 1)
	}
	start := (page - 1) * perPage
	if start > total {
		start = total
	}
	end := start + perPage
	if end > total {
		end = total
	}
	return items[start:end], pg, nil
}

// writeList renders one page of a list in the CC envelope.
func writeList[T any](s *Server, w http.ResponseWriter, r *http.Request, items []T, render func(T) obj, included obj) {
	pageItems, pg, e := paginate(s, r, items)
	if e != nil {
		writeError(w, e)
		return
	}
	res := make([]obj, 0, len(pageItems))
	for _, it := range pageItems {
		res = append(res, render(it))
	}
	body := obj{"pagination": pg, "resources": res}
	if included != nil {
		body["included"] = included
	}
	writeJSON(w, http.StatusOK, body)
}

// ordered returns map values in creation order, which is the CC's default order.
func ordered[T any](m map[string]*T, seq func(*T) int64) []*T {
	out := make([]*T, 0, len(m))
	for _, v := range m {
		out = append(out, v)
	}
	sort.Slice(out, func(i, j int) bool { return seq(out[i]) < seq(out[j]) })
	return out
}

// meta is the metadata block shared by most resources.
type meta struct {
	labels      map[string]string
	annotations map[string]string
}

func (m *meta) render() obj {
	l, a := obj{}, obj{}
	for k, v := range m.labels {
		l[k] = v
	}
	for k, v := range m.annotations {
		a[k] = v
	}
	return obj{"labels": l, "annotations": a}
}

// metadataIn is the request form; a null value removes the key, as in the CC.
type metadataIn struct {
	Labels      map[string]*string `json:"labels"`
	Annotations map[string]*string `json:"annotations"`
}

func (m *meta) apply(in *metadataIn) {
	if in == nil {
		return
	}
	if m.labels == nil {
		m.labels = map[string]string{}
	}
	if m.annotations == nil {
		m.annotations = map[string]string{}
	}
	for k, v := range in.Labels {
		if v == nil {
			delete(m.labels, k)
		} else {
			m.labels[k] = *v
		}
	}
	for k, v := range in.Annotations {
		if v == nil {
			delete(m.annotations, k)
		} else {
			m.annotations[k] = *v
		}
	}
}

// labelSelector parses the CC label_selector grammar: key, !key, key=v, key==v, key!=v, key in (a,b),
// key notin (a,b), comma-separated (commas inside parentheses belong to the set).
type requirement struct {
	key    string
	op     string // exists, !exists, in, notin
	values []string
}

func parseLabelSelector(sel string) ([]requirement, *cfError) {
	var parts []string
	depth, start := 0, 0
	for i, c := range sel {
		switch c {
		case '(':
			depth++
		case ')':
			depth--
		case ',':
			if depth == 0 {
				parts = append(parts, sel[start:i])
				start = i + 1
			}
		}
	}
	parts = append(parts, sel[start:])
	var reqs []requirement
	for _, p := range parts {
		p = strings.TrimSpace(p)
		switch {
		case p == "":
			return nil, errBadQuery("Invalid label_selector value")
		case strings.HasPrefix(p, "!"):
			reqs = append(reqs, requirement{key: p[1:], op: "!exists"})
		case strings.Contains(p, " notin "), strings.Contains(p, " in "):
			op := "in"
			sep := " in "
			if strings.Contains(p, " notin ") {
				op, sep = "notin", " notin "
			}
			k, set, _ := strings.Cut(p, sep)
			set = strings.TrimSpace(set)
			if !strings.HasPrefix(set, "(") || !strings.HasSuffix(set, ")") {
				return nil, errBadQuery("Invalid label_selector value")
			}
			vals := strings.Split(set[1:len(set)-1], ",")
			for i := range vals {
				vals[i] = strings.TrimSpace(vals[i])
			}
			reqs = append(reqs, requirement{key: strings.TrimSpace(k), op: op, values: vals})
		case strings.Contains(p, "!="):
			k, v, _ := strings.Cut(p, "!=")
			reqs = append(reqs, requirement{key: k, op: "notin", values: []string{v}})
		case strings.Contains(p, "=="):
			k, v, _ := strings.Cut(p, "==")
			reqs = append(reqs, requirement{key: k, op: "in", values: []string{v}})
		case strings.Contains(p, "="):
			k, v, _ := strings.Cut(p, "=")
			reqs = append(reqs, requirement{key: k, op: "in", values: []string{v}})
		default:
			reqs = append(reqs, requirement{key: p, op: "exists"})
		}
	}
	return reqs, nil
}

func selects(reqs []requirement, labels map[string]string) bool {
	for _, rq := range reqs {
		v, ok := labels[rq.key]
		switch rq.op {
		case "exists":
			if !ok {
				return false
			}
		case "!exists":
			if ok {
				return false
			}
		case "in":
			if !ok || !matches(rq.values, v) {
				return false
			}
		case "notin":
			if ok && matches(rq.values, v) {
				return false
			}
		}
	}
	return true
}

// labelFilter reads label_selector from the query; a nil func means no selector.
func labelFilter(q url.Values) (func(map[string]string) bool, *cfError) {
	sel := q.Get("label_selector")
	if sel == "" {
		return func(map[string]string) bool { return true }, nil
	}
	reqs, e := parseLabelSelector(sel)
	if e != nil {
		return nil, e
	}
	return func(l map[string]string) bool { return selects(reqs, l) }, nil
}

// rel renders a to-one relationship; an empty guid is {"data": null}.
func rel(guid string) obj {
	if guid == "" {
		return obj{"data": nil}
	}
	return obj{"data": obj{"guid": guid}}
}

func ts(t time.Time) string { return t.UTC().Format(time.RFC3339) }
