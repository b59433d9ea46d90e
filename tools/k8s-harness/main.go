// Command k8s-harness runs a real Kubernetes control plane for dataflow's tests, in one process on
// 127.0.0.1: embedded etcd, kube-apiserver, kube-controller-manager and kube-scheduler built from the
// k8s.io/kubernetes module, and KWOK as the kubelet of fake nodes (pods run, become ready and end as their
// annotations say; see stages.go). It writes an admin kubeconfig and prints one READY line.
//
//	k8s-harness -dir DIR [-port 0] [-nodes 2] [-ready-file F] [-exit-after 90m] [-v 0] [-logs-file F]
//	k8s-harness token -kubeconfig DIR/admin.kubeconfig -namespace NS -out FILE
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/clientcmd"
	"k8s.io/klog/v2"
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == "token" {
		if err := tokenMain(os.Args[2:]); err != nil {
			fmt.Fprintln(os.Stderr, "k8s-harness token:", err)
			os.Exit(1)
		}
		return
	}
	// Own flag set: imported Kubernetes packages may register flags (klog's -v) on the global one.
	fs := flag.NewFlagSet("k8s-harness", flag.ExitOnError)
	dir := fs.String("dir", "", "the directory for the cluster's files (required)")
	port := fs.Int("port", 0, "the apiserver port (0: a free one)")
	nodes := fs.Int("nodes", 2, "how many fake nodes")
	readyFile := fs.String("ready-file", "", "a file to write the READY line to once the cluster is ready")
	exitAfter := fs.Duration("exit-after", 0, "stop after this long (a safety net for CI; 0: never)")
	verbosity := fs.Int("v", 0, "klog verbosity of the control plane (its log is DIR/cluster.log)")
	logsFile := fs.String("logs-file", "", "a CRI-format log file that GET pods/<p>/log returns for every container (default: a generated 5-line sample)")
	_ = fs.Parse(os.Args[1:])
	klogFlags := flag.NewFlagSet("klog", flag.ContinueOnError)
	klog.InitFlags(klogFlags)
	_ = klogFlags.Set("v", fmt.Sprint(*verbosity))
	if *dir == "" {
		fmt.Fprintln(os.Stderr, "k8s-harness: -dir is required")
		os.Exit(2)
	}
	if err := run(*dir, *port, *nodes, *readyFile, *exitAfter, *logsFile); err != nil {
		fmt.Fprintln(os.Stderr, "k8s-harness:", err)
		os.Exit(1)
	}
}

func run(dir string, port, nodes int, readyFile string, exitAfter time.Duration, logs string) error {
	started := time.Now()
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	logFile, err := os.OpenFile(filepath.Join(dir, "cluster.log"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return err
	}
	// The control plane logs a lot; it goes to cluster.log, stderr keeps the harness's own lines.
	klog.LogToStderr(false)
	klog.SetOutput(logFile)
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	if exitAfter > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, exitAfter)
		defer cancel()
	}
	step := func(what string) { fmt.Fprintf(os.Stderr, "%6.2fs %s\n", time.Since(started).Seconds(), what) }

	p, err := newPKI(dir)
	if err != nil {
		return fmt.Errorf("certificates: %w", err)
	}
	token := randomToken()
	if err := os.WriteFile(filepath.Join(dir, "tokens.csv"), []byte(token+",admin-token,admin-token,system:masters\n"), 0o600); err != nil {
		return err
	}
	etcd, etcdURL, err := startEtcd(dir)
	if err != nil {
		return err
	}
	apiserverDone := make(chan struct{})
	defer func() {
		// A graceful etcd stop waits for open watch streams up to its request timeout (~7 s), so give the
		// apiserver (which closes its etcd clients when it stops) a moment first and then etcd at most 2 s more:
		// the data is a throwaway anyway.
		select {
		case <-apiserverDone:
		case <-time.After(3 * time.Second):
		}
		closed := make(chan struct{})
		go func() { etcd.Close(); close(closed) }()
		select {
		case <-closed:
		case <-time.After(2 * time.Second):
		}
		if ctx.Err() != nil {
			step("stopped")
		}
	}()
	step("etcd ready")
	ln, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", port))
	if err != nil {
		return fmt.Errorf("apiserver port: %w", err)
	}
	server := "https://" + ln.Addr().String()
	kubeconfig := filepath.Join(dir, "admin.kubeconfig")
	if err := writeAdminKubeconfig(kubeconfig, server, p, token); err != nil {
		return err
	}
	failed := make(chan error, 4)
	component := func(name string, fn func() error) {
		go func() {
			if err := fn(); err != nil && ctx.Err() == nil {
				failed <- fmt.Errorf("%s: %w", name, err)
			}
		}()
	}
	component("kube-apiserver", func() error { defer close(apiserverDone); return runAPIServer(ctx, ln, etcdURL, p, dir) })
	api, err := adminClient(kubeconfig)
	if err != nil {
		return err
	}
	if err := waitFor(ctx, failed, 90*time.Second, "the apiserver to be ready", func() bool {
		body, err := api.Discovery().RESTClient().Get().AbsPath("/readyz").DoRaw(ctx)
		return err == nil && string(body) == "ok"
	}); err != nil {
		return err
	}
	step("kube-apiserver ready")
	component("kube-controller-manager", func() error { return runControllerManager(ctx, kubeconfig, p) })
	component("kube-scheduler", func() error { return runScheduler(ctx, kubeconfig) })
	if logs == "" {
		if logs, err = writeSampleLogs(dir); err != nil {
			return err
		}
	} else if logs, err = filepath.Abs(logs); err != nil {
		return err
	}
	if _, err := startKwok(ctx, kubeconfig, p, logs); err != nil {
		return err
	}
	if err := createNodes(ctx, api, nodes); err != nil {
		return err
	}
	if err := waitFor(ctx, failed, 90*time.Second, "the nodes and the default service account", func() bool {
		return nodesReady(ctx, api, nodes) && defaultServiceAccount(ctx, api)
	}); err != nil {
		return err
	}
	step("nodes ready")
	line := fmt.Sprintf("READY kubeconfig=%s server=%s dir=%s pid=%d startup=%.1fs", kubeconfig, server, dir, os.Getpid(), time.Since(started).Seconds())
	fmt.Println(line)
	if readyFile != "" {
		if err := os.WriteFile(readyFile, []byte(line+"\n"), 0o600); err != nil {
			return err
		}
	}
	select {
	case <-ctx.Done():
		step("stopping")
		return nil
	case err := <-failed:
		return err
	}
}

// waitFor polls ready until it holds, a component fails, or the time is up.
func waitFor(ctx context.Context, failed <-chan error, timeout time.Duration, what string, ready func() bool) error {
	deadline := time.Now().Add(timeout)
	for !ready() {
		select {
		case err := <-failed:
			return err
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("timed out waiting for %s", what)
		}
	}
	return nil
}

func nodesReady(ctx context.Context, api kubernetes.Interface, want int) bool {
	list, err := api.CoreV1().Nodes().List(ctx, metav1.ListOptions{})
	if err != nil || len(list.Items) < want {
		return false
	}
	for _, n := range list.Items {
		ready := false
		for _, c := range n.Status.Conditions {
			ready = ready || (c.Type == "Ready" && c.Status == "True")
		}
		if !ready {
			return false
		}
	}
	return true
}

func defaultServiceAccount(ctx context.Context, api kubernetes.Interface) bool {
	_, err := api.CoreV1().ServiceAccounts("default").Get(ctx, "default", metav1.GetOptions{})
	return err == nil
}

func adminClient(kubeconfig string) (kubernetes.Interface, error) {
	cfg, err := clientcmd.BuildConfigFromFlags("", kubeconfig)
	if err != nil {
		return nil, err
	}
	cfg.QPS, cfg.Burst = 100, 200
	return kubernetes.NewForConfig(cfg)
}

func randomToken() string {
	f, err := os.Open("/dev/urandom")
	if err != nil {
		panic(err)
	}
	defer f.Close()
	b := make([]byte, 16)
	if _, err := io.ReadFull(f, b); err != nil {
		panic(errors.New("no randomness"))
	}
	return fmt.Sprintf("%x", b)
}
