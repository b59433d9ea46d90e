package flow

import (
	"errors"
	"strings"
	"testing"
)

// A listing's page is decoded in one pass: the items under the listing's key go straight into their type, the
// links are kept, whatever else the envelope holds (page numbers, another embedded list) is passed over; a page
// that is not SCDF's says how, as the import reports it.
func TestDecodeListPage(t *testing.T) {
	type item struct {
		Name string `json:"name"`
		N    int    `json:"n"`
	}
	page, err := decodeListPage[item]([]byte(`{"page":{"size":2,"number":0},"_embedded":{"otherList":[{"name":7}],
		"itemList":[{"name":"a","n":1,"_links":{"self":{"href":"x"}}},{"name":"b","n":2}]},"_links":{"next":{"href":"/l?page=1&size=2"}}}`), "itemList")
	if err != nil || len(page.items) != 2 || page.items[1] != (item{"b", 2}) || page.links["next"].Href != "/l?page=1&size=2" {
		t.Fatalf("page %+v, %v", page, err)
	}
	if page, err := decodeListPage[item]([]byte(`{"_links":{"self":{"href":"x"}},"_embedded":null}`), "itemList"); err != nil || page.items != nil || page.links == nil {
		t.Fatalf("a page with nothing embedded: %+v, %v", page, err)
	}
	if page, err := decodeListPage[item]([]byte(`{"page":{}}`), "itemList"); err != nil || page.links != nil {
		t.Fatalf("a page without links: %+v, %v (the client refuses it)", page, err)
	}

	for _, c := range []struct {
		body, want string
		notList    bool
	}{
		{`{"_embedded":{"itemList":{"name":"a"}}}`, "cannot unmarshal object", true},
		{`{"_embedded":{"itemList":[{"name":1}]}}`, "cannot unmarshal number", false},
		{`{"_embedded":{"itemList":[7]}}`, "cannot unmarshal number", false},
	} {
		_, err := decodeListPage[item]([]byte(c.body), "itemList")
		var shape *listShapeError
		if !errors.As(err, &shape) || shape.notList != c.notList || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v (not a list: %v)", c.body, err, shape != nil && shape.notList)
		}
	}
	for _, body := range []string{`[]`, `{"_embedded":{"itemList":[{"name":"a"`, `{"_links":{}} {}`, `{"_embedded":[]}`, `<html>`} {
		_, err := decodeListPage[item]([]byte(body), "itemList")
		var shape *listShapeError
		if err == nil || errors.As(err, &shape) {
			t.Errorf("%s: %v, want an error saying it is not HAL JSON", body, err)
		}
	}
}
