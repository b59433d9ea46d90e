package shell

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"
)

const groupHTTP = "Http Commands"

// defaultHTTPTarget is SCDF's default target (its server's address), kept so scripts that rely on it mean the same.
const defaultHTTPTarget = "http://localhost:9393/"

func newHTTPCommand(d *cmdDeps) *cobra.Command {
	return noun("http", "Send requests to http endpoints (test data for an http source)", newHTTPPostCommand(d), newHTTPGetCommand(d))
}

// httpOptions are what `http get` and `http post` share.
type httpOptions struct {
	target            string
	username          string
	password          string
	skipSslValidation bool
}

func (o *httpOptions) addFlags(cmd *cobra.Command, targetUsage string) {
	cmd.Flags().StringVar(&o.target, "target", defaultHTTPTarget, targetUsage)
	cmd.Flags().StringVar(&o.username, "username", "", "the username for calls that require basic authentication")
	cmd.Flags().StringVar(&o.password, "password", "", "the password for calls that require basic authentication")
	cmd.Flags().BoolVar(&o.skipSslValidation, "skipSslValidation", false, "accept any SSL certificate (even self-signed)")
	positional(cmd, "target")
}

// httpPostOptions are `http post`'s options.
type httpPostOptions struct {
	httpOptions
	data        string
	dataSet     bool
	file        string
	contentType string
}

func newHTTPPostCommand(d *cmdDeps) *cobra.Command {
	opts := &httpPostOptions{}
	cmd := leaf("post", "POST data to http endpoint", groupHTTP, nil)
	opts.addFlags(cmd, "the location to post to")
	cmd.Flags().StringVar(&opts.data, "data", "", "the text payload to post; exclusive with file")
	cmd.Flags().StringVar(&opts.file, "file", "", "filename to read data from; exclusive with data")
	cmd.Flags().StringVar(&opts.contentType, "contentType", "text/plain", "the content-type to use; file is also read using the specified charset")
	_ = cmd.MarkFlagFilename("file")
	completeFlagWith(cmd, "contentType", d, func(context.Context, *Factory) []string {
		return []string{"application/json", "application/x-www-form-urlencoded", "application/xml", "text/plain"}
	})
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		opts.dataSet = cmd.Flags().Changed("data")
		return runHTTPPost(cmd.Context(), d.IO.Out, opts)
	}
	return cmd
}

func newHTTPGetCommand(d *cmdDeps) *cobra.Command {
	opts := &httpOptions{}
	cmd := leaf("get", "Make GET request to http endpoint", groupHTTP, nil)
	opts.addFlags(cmd, "the URL to make the request to")
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		return runHTTPGet(cmd.Context(), d.IO.Out, opts)
	}
	return cmd
}

// runHTTPPost posts the data as SCDF's shell does: the request line, the status line, the body (indented when it
// is JSON). A status outside 2xx and a failed request are errors, so a script stops there.
func runHTTPPost(ctx context.Context, out io.Writer, opts *httpPostOptions) error {
	if !opts.dataSet && opts.file == "" {
		return usageErrorf("One of 'file' or 'data' must be set")
	}
	if opts.dataSet && opts.file != "" {
		return usageErrorf("Only one of 'file' or 'data' must be set")
	}
	mediaType, params, err := mime.ParseMediaType(opts.contentType)
	if err != nil {
		return usageErrorf("Invalid value '%s' for option '--contentType': give a media type such as text/plain or application/json", opts.contentType)
	}
	target, err := parseHTTPTarget(opts.target)
	if err != nil {
		return err
	}
	data := opts.data
	if opts.file != "" {
		raw, err := os.ReadFile(opts.file)
		if err != nil {
			return fmt.Errorf("cannot read --file %s: %w", opts.file, errors.Unwrap(err))
		}
		if cs := strings.ToLower(params["charset"]); cs != "" && cs != "utf-8" && cs != "us-ascii" {
			if cs != "iso-8859-1" {
				return usageErrorf("Unsupported charset '%s' in --contentType: use UTF-8 or ISO-8859-1", params["charset"])
			}
			raw = latin1ToUTF8(raw)
		}
		data = string(raw)
	}
	fmt.Fprintf(out, "> POST (%s) %s %s\n", mime.FormatMediaType(mediaType, params), target.Redacted(), data)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target.String(), strings.NewReader(data))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", opts.contentType)
	if err := sendHTTP(out, req, opts.httpOptions); err != nil {
		var status *httpStatusError
		if errors.As(err, &status) {
			return fmt.Errorf("Error sending data '%s' to '%s'", data, target.Redacted())
		}
		return httpFailure(err, "Failed to send data to http endpoint %s", target.Redacted())
	}
	return nil
}

func runHTTPGet(ctx context.Context, out io.Writer, opts *httpOptions) error {
	target, err := parseHTTPTarget(opts.target)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "> GET %s \n", target.Redacted())
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, target.String(), nil)
	if err != nil {
		return err
	}
	if err := sendHTTP(out, req, *opts); err != nil {
		var status *httpStatusError
		if errors.As(err, &status) {
			return fmt.Errorf("Error sending request to '%s'", target.Redacted())
		}
		return httpFailure(err, "Failed to get data from http endpoint %s", target.Redacted())
	}
	return nil
}

// parseHTTPTarget accepts an absolute http(s) URL, as SCDF's URI.create then RestTemplate do. A password in it
// is sent (basic authentication) but never printed.
func parseHTTPTarget(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, usageErrorf("Invalid value '%s' for option '--target': give an http:// or https:// URL", raw)
	}
	return u, nil
}

// httpStatusError is an answer outside 2xx: already shown, the command fails with SCDF's line.
type httpStatusError struct{ code int }

func (e *httpStatusError) Error() string { return fmt.Sprintf("HTTP %d", e.code) }

// httpUnreachableError is a request that never got an answer (SCDF's ResourceAccessException), with the reason.
type httpUnreachableError struct{ reason error }

func (e *httpUnreachableError) Error() string { return e.reason.Error() }

// httpFailure is SCDF's message for a request that failed, with the reason a person can act on. Ctrl-C stays
// an interruption.
func httpFailure(err error, otherwise, target string) error {
	if errors.Is(err, context.Canceled) {
		return err
	}
	var unreachable *httpUnreachableError
	if errors.As(err, &unreachable) {
		return fmt.Errorf("Failed to access http endpoint %s (%v)", target, unreachable.reason)
	}
	return fmt.Errorf(otherwise+" (%v)", target, err)
}

// sendHTTP sends the request and writes SCDF's status line and the body.
func sendHTTP(out io.Writer, req *http.Request, opts httpOptions) error {
	if opts.username != "" || opts.password != "" {
		req.SetBasicAuth(opts.username, opts.password)
	}
	transport := http.DefaultTransport.(*http.Transport).Clone()
	if opts.skipSslValidation {
		transport.TLSClientConfig = &tls.Config{InsecureSkipVerify: true} //nolint:gosec // the user asked for it
	}
	client := &http.Client{Transport: transport, Timeout: 5 * time.Minute}
	resp, err := client.Do(req)
	if err != nil {
		if req.Context().Err() != nil {
			return req.Context().Err()
		}
		return &httpUnreachableError{reason: plainNetError(err)}
	}
	defer func() { _ = resp.Body.Close() }() // only read
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "> %d %s\n", resp.StatusCode, httpStatusName(resp.StatusCode))
	if len(body) > 0 {
		text := prettyJSONObject(body)
		fmt.Fprint(out, text)
		if !strings.HasSuffix(text, "\n") {
			fmt.Fprintln(out)
		}
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return &httpStatusError{code: resp.StatusCode}
	}
	return nil
}

// plainNetError is the innermost reason of a failed request ("connection refused"), not Go's whole chain.
func plainNetError(err error) error {
	var op *net.OpError
	if errors.As(err, &op) && op.Err != nil {
		var sys interface{ Unwrap() error }
		if errors.As(op.Err, &sys) && sys.Unwrap() != nil {
			return sys.Unwrap()
		}
		return op.Err
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// httpStatusName is the status as Spring's HttpStatus enum names it (ACCEPTED, NOT_FOUND).
func httpStatusName(code int) string {
	text := http.StatusText(code)
	if text == "" {
		return "UNKNOWN"
	}
	return strings.ToUpper(strings.NewReplacer(" ", "_", "-", "_", "'", "").Replace(text))
}

// prettyJSONObject indents a JSON object as SCDF's shell does (Jackson's default printer); anything else is
// returned as it came.
func prettyJSONObject(body []byte) string {
	var obj map[string]json.RawMessage
	if json.Unmarshal(body, &obj) != nil {
		return string(body)
	}
	var b bytes.Buffer
	if json.Indent(&b, body, "", "  ") != nil {
		return string(body)
	}
	return strings.ReplaceAll(b.String(), "\": ", "\" : ")
}

// latin1ToUTF8 decodes ISO-8859-1, whose bytes are the first 256 code points.
func latin1ToUTF8(raw []byte) []byte {
	runes := make([]rune, len(raw))
	for i, c := range raw {
		runes[i] = rune(c)
	}
	return []byte(string(runes))
}
