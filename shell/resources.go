package shell

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"strings"

	"github.com/spf13/cobra"
)

// readResource reads a local path, a file: URL or an http(s):// URL.
func readResource(cmd *cobra.Command, uri string) ([]byte, error) {
	if strings.HasPrefix(uri, "http://") || strings.HasPrefix(uri, "https://") {
		req, err := http.NewRequestWithContext(cmd.Context(), http.MethodGet, uri, nil)
		if err != nil {
			return nil, fmt.Errorf("Invalid URI '%s': %v", uri, err)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return nil, fmt.Errorf("cannot fetch %s: %v", uri, err)
		}
		defer resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return nil, fmt.Errorf("cannot fetch %s: %s", uri, resp.Status)
		}
		return io.ReadAll(io.LimitReader(resp.Body, 16<<20))
	}
	return readLocalFile(strings.TrimPrefix(strings.TrimPrefix(uri, "file://"), "file:"))
}

// readLocalFile reads a file the user named, with a one-line error that does not repeat the path.
func readLocalFile(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("File not found: %s", path)
	}
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %v", path, errors.Unwrap(err))
	}
	return b, nil
}
