// Command streamapp is the sample stream app of the local platform: one program that is a source, a processor
// or a sink, as the stream says (spring.cloud.dataflow.stream.app.type). Destinations are files under a bus
// directory, so a stream of these apps really moves messages on one machine: a source appends a line every
// --interval, a processor reads its input and appends to its output (upper-cased with --transform=upper), a
// sink logs what it receives. It serves /actuator/health, /actuator/info and /actuator/loggers/<name> (read
// and set a logger's level, as Spring Boot does) on --server.port, and can be
// told to be unhealthy (--health=down), to start slowly (--start-delay=2s) or to crash (--exit-after=1s
// --exit-code=3), so every state the platform reports can be shown.
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

func main() {
	opts := map[string]string{}
	for _, a := range os.Args[1:] {
		if k, v, ok := strings.Cut(strings.TrimPrefix(a, "--"), "="); ok {
			opts[k] = v
		}
	}
	get := func(k, def string) string {
		if v, ok := opts[k]; ok {
			return v
		}
		return def
	}
	duration := func(k string, def time.Duration) time.Duration {
		d, err := time.ParseDuration(get(k, def.String()))
		if err != nil {
			fmt.Fprintf(os.Stderr, "--%s must be a duration such as 1s: %v\n", k, err)
			os.Exit(2)
		}
		return d
	}
	typ := get("spring.cloud.dataflow.stream.app.type", "source")
	label := get("spring.cloud.dataflow.stream.app.label", "app")
	stream := get("spring.cloud.dataflow.stream.name", "")
	in := get("spring.cloud.stream.bindings.input.destination", "")
	out := get("spring.cloud.stream.bindings.output.destination", "")
	bus := get("dataflow.bus.dir", filepath.Join(os.TempDir(), "dataflow-local-bus"))
	fmt.Printf("started %s (%s) of stream %s, instance %s of group %s: input %q output %q\n",
		label, typ, stream, os.Getenv("INSTANCE_INDEX"), os.Getenv("SPRING_CLOUD_APPLICATION_GROUP"), in, out)
	for _, k := range sortedKeys(opts) {
		// The metrics tags every stream app gets are noise here; passwords are never printed.
		if !strings.Contains(strings.ToLower(k), "password") && !strings.HasPrefix(k, "management.") && !strings.HasPrefix(k, "wavefront.") {
			fmt.Printf("property %s=%s\n", k, opts[k])
		}
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	if d := duration("exit-after", 0); d > 0 {
		code, _ := strconv.Atoi(get("exit-code", "1"))
		go func() {
			time.Sleep(d)
			fmt.Fprintf(os.Stderr, "exiting with code %d as asked\n", code)
			os.Exit(code)
		}()
	}
	time.Sleep(duration("start-delay", 0))
	serveActuator(get("server.port", "8080"), get("health", "up"), label, typ)
	if err := os.MkdirAll(bus, 0o755); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	upper := get("transform", "") == "upper"
	switch {
	case in == "": // a source
		tick := time.NewTicker(duration("interval", time.Second))
		defer tick.Stop()
		for n := 1; ; n++ {
			select {
			case <-ctx.Done():
				fmt.Println("stopped")
				return
			case t := <-tick.C:
				send(bus, out, fmt.Sprintf("%s %s #%d", label, t.Format(time.RFC3339), n))
			}
		}
	default:
		receive(ctx, bus, in, func(msg string) {
			if upper {
				msg = strings.ToUpper(msg)
			}
			if out != "" {
				send(bus, out, msg)
			} else {
				fmt.Println("received:", msg)
			}
		})
		fmt.Println("stopped")
	}
}

// serveActuator answers the endpoints the local platform and users look at: health, info and loggers, with
// Spring Boot's answers (a level set with POST is read back with GET; an unknown endpoint is Boot's 404).
func serveActuator(port, health, label, typ string) {
	mux := http.NewServeMux()
	var mu sync.Mutex
	levels := map[string]string{}
	mux.HandleFunc("GET /actuator/loggers/{name}", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		configured, ok := levels[r.PathValue("name")]
		mu.Unlock()
		effective := configured
		if !ok {
			effective = "INFO"
		}
		w.Header().Set("Content-Type", "application/vnd.spring-boot.actuator.v3+json")
		body, _ := json.Marshal(map[string]any{"configuredLevel": nilIfEmpty(configured), "effectiveLevel": effective})
		_, _ = w.Write(body)
	})
	mux.HandleFunc("POST /actuator/loggers/{name}", func(w http.ResponseWriter, r *http.Request) {
		var req struct {
			ConfiguredLevel string `json:"configuredLevel"`
		}
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		mu.Lock()
		levels[r.PathValue("name")] = strings.ToUpper(req.ConfiguredLevel)
		mu.Unlock()
		fmt.Printf("logger %s set to %s\n", r.PathValue("name"), strings.ToUpper(req.ConfiguredLevel))
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("/actuator/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusNotFound)
		body, _ := json.Marshal(map[string]any{"timestamp": time.Now().UTC().Format(time.RFC3339), "status": 404,
			"error": "Not Found", "path": r.URL.Path})
		_, _ = w.Write(body)
	})
	mux.HandleFunc("/actuator/health", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if health != "up" {
			w.WriteHeader(http.StatusServiceUnavailable)
			fmt.Fprint(w, `{"status":"DOWN"}`)
			return
		}
		fmt.Fprint(w, `{"status":"UP"}`)
	})
	mux.HandleFunc("/actuator/info", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `{"app":{"label":%q,"type":%q}}`, label, typ)
	})
	go func() {
		if err := http.ListenAndServe("127.0.0.1:"+port, mux); err != nil {
			fmt.Fprintln(os.Stderr, "cannot serve the actuator:", err)
			os.Exit(1)
		}
	}()
}

func nilIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func send(bus, dest, msg string) {
	if dest == "" {
		fmt.Println("produced:", msg)
		return
	}
	f, err := os.OpenFile(filepath.Join(bus, dest), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return
	}
	defer f.Close()
	fmt.Fprintln(f, msg)
}

// receive follows the destination file from its current end, as a consumer group joining a topic late.
func receive(ctx context.Context, bus, dest string, handle func(string)) {
	path := filepath.Join(bus, dest)
	var offset int64
	if info, err := os.Stat(path); err == nil {
		offset = info.Size()
	}
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		f, err := os.Open(path)
		if err != nil {
			continue
		}
		if _, err := f.Seek(offset, io.SeekStart); err == nil {
			r := bufio.NewReader(f)
			for {
				line, err := r.ReadString('\n')
				if err != nil {
					break
				}
				offset += int64(len(line))
				handle(strings.TrimSuffix(line, "\n"))
			}
		}
		f.Close()
	}
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
