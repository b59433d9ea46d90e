package local

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"sync"

	"github.com/dataflow-cli/dataflow/internal/procid"
	"github.com/dataflow-cli/dataflow/platforms"
)

// Apps runs the apps of streams as processes of this machine. Each instance runs under a supervisor (the
// dataflow binary) in its own session, so it outlives the shell; the supervisor writes the app's exit code to
// a file when it ends. Files live under <root>/<deployment id>/: the launch spec, and per instance its logs and
// exit file.
type Apps struct {
	launcher *Launcher
	root     string
	// owner is the identity of the store the command runs for, which every app directory records.
	owner func(context.Context) (string, error)
}

// NewApps returns the stream app deployer of a local account; dataDir is dataflow's data directory.
func NewApps(acc platforms.Account, supervisor []string, dataDir string) *Apps {
	return &Apps{launcher: NewLauncher(acc, supervisor), root: platforms.LocalWorkDir(acc, dataDir)}
}

// appHandle is what SQLite keeps to find an app's instances again.
type appHandle struct {
	Dir       string           `json:"dir"`
	Instances []instanceHandle `json:"instances"`
}

type instanceHandle struct {
	Index int `json:"index"`
	// Process is the supervisor's identity (pid and start time): a reused pid is never taken for it.
	Process string `json:"process"`
	Port    int    `json:"port"`
	// Run marks the instance's processes (runVar), to find an app that outlived its supervisor.
	Run string `json:"run,omitempty"`
}

// launchSpec is how to start one more instance (scale); it stays on disk, readable only by the user, since the
// arguments may hold secrets that SQLite must not.
type launchSpec struct {
	Group   string   `json:"group"`
	Command []string `json:"command"`
	Args    []string `json:"args"`
	Env     []string `json:"env"`
	// FixedPort is server.port when the user set it (only one instance can have it).
	FixedPort int `json:"fixedPort,omitempty"`
	// Store is the identity of the store that deployed the app (platforms.StoreLabel); "" before identities.
	Store string `json:"dataflow-store-id,omitempty"`
}

// Deploy starts the app's instances. If one cannot start, those started are stopped and nothing is left.
func (a *Apps) Deploy(ctx context.Context, app platforms.AppDeployment) (string, error) {
	command, err := a.launcher.Command(app.Resource)
	if err != nil {
		return "", err
	}
	spec := launchSpec{Group: app.Group, Command: command, Env: a.launcher.inheritedEnv(os.Environ())}
	for _, k := range sortedKeys(app.AppProperties) {
		v := app.AppProperties[k]
		if k == "server.port" {
			if spec.FixedPort, err = strconv.Atoi(v); err != nil {
				return "", fmt.Errorf("server.port must be a port number, got '%s'", v)
			}
			continue
		}
		if v != "" {
			spec.Args = append(spec.Args, "--"+k+"="+v)
		}
	}
	if spec.FixedPort != 0 && app.Count > 1 {
		return "", fmt.Errorf("server.port=%d cannot be shared by %d instances on one machine; leave it unset for a free port each", spec.FixedPort, app.Count)
	}
	dir := filepath.Join(a.root, app.Group, app.DeploymentID)
	if spec.Store, err = a.storeOwner(ctx); err != nil {
		return "", err
	}
	if spec.Store != "" {
		spec.Env = append(spec.Env, storeVar+"="+spec.Store)
	}
	if err := a.checkDir(dir, spec.Store); err != nil {
		return "", err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("cannot create the app directory: %w", err)
	}
	raw, _ := json.Marshal(spec)
	if err := os.WriteFile(filepath.Join(dir, launchFile), raw, 0o600); err != nil {
		return "", err
	}
	h := appHandle{Dir: dir}
	for i := 0; i < app.Count; i++ {
		in, err := a.startInstance(dir, spec, app.DeploymentID, i, app.Count)
		if err != nil {
			_ = os.Remove(filepath.Join(dir, launchFile)) // a failed deploy leaves no app behind
			if serr := a.stopInstances(h.Instances); serr != nil {
				return "", fmt.Errorf("instance %d: %w; and the instances started before could not be stopped (%w): %v", i, err, platforms.ErrLeftBehind, serr)
			}
			return "", fmt.Errorf("instance %d: %w", i, err)
		}
		h.Instances = append(h.Instances, in)
	}
	return encodeHandle(h), nil
}

// startInstance starts instance i under a supervisor, with a port of its own and SCDF's env vars.
func (a *Apps) startInstance(dir string, spec launchSpec, id string, i, count int) (instanceHandle, error) {
	port := spec.FixedPort
	if port == 0 {
		var err error
		if port, err = freePort(); err != nil {
			return instanceHandle{}, err
		}
	}
	args := append(append([]string{}, spec.Args...), "--server.port="+strconv.Itoa(port))
	if count > 1 {
		args = append(args, "--spring.cloud.stream.instanceIndex="+strconv.Itoa(i), "--spring.cloud.stream.instanceCount="+strconv.Itoa(count))
	}
	env := append(append([]string{}, spec.Env...),
		"SPRING_CLOUD_APPLICATION_GROUP="+spec.Group,
		fmt.Sprintf("SPRING_CLOUD_APPLICATION_GUID=%s-%d", id, i),
		"INSTANCE_INDEX="+strconv.Itoa(i), "SPRING_APPLICATION_INDEX="+strconv.Itoa(i))
	token := newRunToken()
	env = append(env, runVar+"="+token)
	exitFile := filepath.Join(dir, fmt.Sprintf("exit_%d", i))
	_ = os.Remove(exitFile)
	pid, err := a.launcher.startSupervised(supervised{
		supervisorArgs: []string{"--exit-file", exitFile},
		argv:           append(append([]string{}, spec.Command...), args...),
		env:            env,
		dir:            dir,
		stdout:         filepath.Join(dir, fmt.Sprintf("stdout_%d.log", i)),
		stderr:         filepath.Join(dir, fmt.Sprintf("stderr_%d.log", i)),
	})
	if err != nil {
		return instanceHandle{}, err
	}
	process, err := procid.Of(pid)
	if err != nil {
		process = fmt.Sprintf("pid=%d start=gone", pid)
	}
	return instanceHandle{Index: i, Process: process, Port: port, Run: token}, nil
}

// Undeploy stops every instance: SIGTERM to its process group, SIGKILL after the account's shutdown timeout.
// It succeeds only once it has seen every instance gone, an app that outlived its killed supervisor included.
func (a *Apps) Undeploy(ctx context.Context, ref platforms.AppRef) error {
	h, err := decodeHandle(ref)
	if err != nil {
		return err
	}
	if err := a.stopInstances(h.Instances); err != nil {
		return err
	}
	// Its logs stay for reading; without its launch spec the directory is no longer a deployed app (ListGroup).
	if err := os.Remove(filepath.Join(h.Dir, launchFile)); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("cannot remove the launch spec of %s: %w", ref.DeploymentID, err)
	}
	return nil
}

// Status reads each instance: gone with its exit code (failed), running but not listening yet (deploying),
// listening with a good or no /actuator/health (deployed), or answering badly (failed, unhealthy).
func (a *Apps) Status(ctx context.Context, refs []platforms.AppRef) ([]platforms.AppStatus, error) {
	out := make([]platforms.AppStatus, len(refs))
	for i, ref := range refs {
		h, err := decodeHandle(ref)
		if err != nil {
			return nil, err
		}
		var instances []platforms.InstanceStatus
		for _, in := range h.Instances {
			instances = append(instances, instanceStatus(ctx, ref.DeploymentID, h.Dir, in))
		}
		out[i] = platforms.StatusOfInstances(ref.DeploymentID, instances)
	}
	return out, nil
}

// Scale starts or stops instances so that count run; new ones start from the launch spec on disk.
func (a *Apps) Scale(ctx context.Context, ref platforms.AppRef, count int) (string, error) {
	h, err := decodeHandle(ref)
	if err != nil {
		return "", err
	}
	if count < len(h.Instances) {
		if err := a.stopInstances(h.Instances[count:]); err != nil {
			return encodeHandle(h), err
		}
		h.Instances = h.Instances[:count]
		return encodeHandle(h), nil
	}
	raw, err := os.ReadFile(filepath.Join(h.Dir, launchFile))
	if err != nil {
		return "", fmt.Errorf("cannot read how %s was started: %w", ref.DeploymentID, err)
	}
	var spec launchSpec
	if err := json.Unmarshal(raw, &spec); err != nil {
		return "", err
	}
	if spec.FixedPort != 0 && count > 1 {
		return "", fmt.Errorf("server.port=%d cannot be shared by %d instances on one machine", spec.FixedPort, count)
	}
	for i := len(h.Instances); i < count; i++ {
		in, err := a.startInstance(h.Dir, spec, ref.DeploymentID, i, count)
		if err != nil {
			return encodeHandle(h), fmt.Errorf("instance %d: %w", i, err)
		}
		h.Instances = append(h.Instances, in)
	}
	return encodeHandle(h), nil
}

// Logs writes each instance's stdout and stderr: the last lines asked for (else the last DefaultLogBytes of
// each), and, when following, what they append, each line after its instance's id when lines can mix.
func (a *Apps) Logs(ctx context.Context, ref platforms.AppRef, opts platforms.LogOptions, w io.Writer) error {
	h, err := decodeHandle(ref)
	if err != nil {
		return err
	}
	if opts.Since > 0 {
		return platforms.ErrNoSinceInLogs
	}
	if !opts.Follow {
		for _, in := range h.Instances {
			for _, stream := range []string{"stdout", "stderr"} {
				path := filepath.Join(h.Dir, fmt.Sprintf("%s_%d.log", stream, in.Index))
				var b bytes.Buffer
				if err := platforms.ShowLogFiles(ctx, []platforms.LogFile{{Path: path, Out: &b}}, opts, nil); err != nil {
					return err
				}
				if b.Len() == 0 {
					continue
				}
				if len(h.Instances) > 1 || stream == "stderr" {
					fmt.Fprintf(w, "--- instance %d %s ---\n", in.Index, stream)
				}
				if _, err := w.Write(b.Bytes()); err != nil {
					return err
				}
			}
		}
		return nil
	}
	var mu sync.Mutex
	var files []platforms.LogFile
	for _, in := range h.Instances {
		for _, stream := range []string{"stdout", "stderr"} {
			id := fmt.Sprintf("%s-%d", ref.DeploymentID, in.Index)
			named := opts.Prefix || len(h.Instances) > 1
			var prefix string
			switch {
			case named && stream == "stderr":
				prefix = "[" + id + " stderr] "
			case named:
				prefix = "[" + id + "] "
			case stream == "stderr":
				prefix = "[stderr] "
			}
			files = append(files, platforms.LogFile{Path: filepath.Join(h.Dir, fmt.Sprintf("%s_%d.log", stream, in.Index)),
				Out: platforms.NewLineWriter(w, &mu, prefix)})
		}
	}
	return platforms.ShowLogFiles(ctx, files, opts, nil)
}

func encodeHandle(h appHandle) string {
	raw, _ := json.Marshal(h)
	return string(raw)
}

func decodeHandle(ref platforms.AppRef) (appHandle, error) {
	var h appHandle
	if err := json.Unmarshal([]byte(ref.Handle), &h); err != nil {
		return h, fmt.Errorf("%s was not deployed by a local account (handle %q)", ref.DeploymentID, ref.Handle)
	}
	return h, nil
}

// freePort asks the kernel for a free TCP port on the loopback interface.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("no free port: %w", err)
	}
	defer func() { _ = l.Close() }() // only its port was wanted
	return l.Addr().(*net.TCPAddr).Port, nil
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// FetchesURLs is false: a local app runs from a file, so flow downloads maven:// and http(s):// apps first.
func (a *Apps) FetchesURLs() bool { return false }
