package kubernetes

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"

	corev1 "k8s.io/api/core/v1"

	"github.com/dataflow-cli/dataflow/platforms"
)

// logTailLines bounds what is read of a container's log when no --tail or --since is given.
const logTailLines = 500

// Logs writes the app container's log of every pod of the app: one after the other under a header, or, when
// following, side by side with each line after its pod's name (when lines can mix), until ctx ends. Pods that
// start after the command began (a scale, a restart elsewhere) are not picked up.
func (a *Apps) Logs(ctx context.Context, ref platforms.AppRef, opts platforms.LogOptions, w io.Writer) error {
	id := objectName(ref.DeploymentID)
	pods := &corev1.PodList{}
	if err := a.pods().list(ctx, labelAppID+"="+id, pods); err != nil {
		return err
	}
	if !opts.Follow {
		for _, p := range pods.Items {
			if len(pods.Items) > 1 {
				fmt.Fprintf(w, "--- pod %s ---\n", p.Name)
			}
			if err := a.copyLog(ctx, p.Name, id, opts, w); err != nil {
				return err
			}
		}
		return nil
	}
	var mu sync.Mutex
	errs := make([]error, len(pods.Items))
	var wg sync.WaitGroup
	for i, p := range pods.Items {
		prefix := ""
		if opts.Prefix || len(pods.Items) > 1 {
			prefix = "[" + p.Name + "] "
		}
		lw := platforms.NewLineWriter(w, &mu, prefix)
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = a.copyLog(ctx, p.Name, id, opts, lw)
			_ = lw.Flush()
		}()
	}
	wg.Wait()
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return errors.Join(errs...)
}

// copyLog writes one container's log; with follow, until the container ends or ctx does.
func (c *Client) copyLog(ctx context.Context, pod, container string, opts platforms.LogOptions, w io.Writer) error {
	rc, err := c.pods().logStream(ctx, pod, container, opts, logTailLines)
	if err != nil {
		return fmt.Errorf("cannot read the log of pod %s: %w", pod, err)
	}
	defer func() { _ = rc.Close() }() // only read
	if _, err := io.Copy(w, rc); err != nil && ctx.Err() == nil {
		return fmt.Errorf("reading the log of pod %s: %w", pod, err)
	}
	return ctx.Err()
}

// TaskLog writes the task container's log; with follow, until the container ends.
func (t *Tasks) TaskLog(ctx context.Context, handle string, opts platforms.LogOptions, w io.Writer) error {
	pod, _, gone, err := t.runPod(ctx, handle, false)
	if err != nil {
		return err
	}
	if gone || pod == nil {
		return fmt.Errorf("the %s no longer exists", strings.Replace(handle, "/", " ", 1))
	}
	if pod.Status.Phase == corev1.PodSucceeded || pod.Status.Phase == corev1.PodFailed {
		opts.Follow = false // the run has ended: there is nothing more to wait for
	}
	return t.copyLog(ctx, pod.Name, pod.Spec.Containers[0].Name, opts, w)
}
