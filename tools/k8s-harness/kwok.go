package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/utils/clock"
	nodefast "sigs.k8s.io/kwok/kustomize/stage/node/fast"
	nodelease "sigs.k8s.io/kwok/kustomize/stage/node/heartbeat-with-lease"
	"sigs.k8s.io/kwok/pkg/apis/internalversion"
	"sigs.k8s.io/kwok/pkg/client/clientset/versioned"
	"sigs.k8s.io/kwok/pkg/config"
	"sigs.k8s.io/kwok/pkg/kwok/controllers"
	"sigs.k8s.io/kwok/pkg/kwok/server"
	"sigs.k8s.io/kwok/pkg/utils/client"
)

// fakeNodeAnnotation marks the nodes KWOK plays the kubelet of.
const fakeNodeAnnotation = "kwok.x-k8s.io/node"

// startKwok runs KWOK's controller (the fake kubelet of every fake node) and its kubelet-like HTTPS server on
// 127.0.0.1, which answers pods/log with logsFile.
func startKwok(ctx context.Context, kubeconfig string, p *pki, logsFile string) (int, error) {
	var stages []*internalversion.Stage
	for _, text := range []string{nodefast.DefaultNodeInit, nodelease.DefaultNodeHeartbeatWithLease, stagePodReady, stagePodNeverReady, stagePodEnd, stagePodWaiting, stagePodDelete} {
		s, err := config.UnmarshalWithType[*internalversion.Stage](text)
		if err != nil {
			return 0, fmt.Errorf("kwok stage: %w", err)
		}
		stages = append(stages, s)
	}
	grouped := map[internalversion.StageResourceRef][]*internalversion.Stage{}
	for _, s := range stages {
		grouped[s.Spec.ResourceRef] = append(grouped[s.Spec.ResourceRef], s)
	}
	cs, err := client.NewClientset("", kubeconfig)
	if err != nil {
		return 0, err
	}
	restConfig, err := cs.ToRESTConfig()
	if err != nil {
		return 0, err
	}
	dynamicClient, err := cs.ToDynamicClient()
	if err != nil {
		return 0, err
	}
	mapper, err := cs.ToRESTMapper()
	if err != nil {
		return 0, err
	}
	restClient, err := rest.RESTClientFor(restConfig)
	if err != nil {
		return 0, err
	}
	typed, err := kubernetes.NewForConfig(restConfig)
	if err != nil {
		return 0, err
	}
	kwokClient, err := versioned.NewForConfig(restConfig)
	if err != nil {
		return 0, err
	}
	port, err := freePort()
	if err != nil {
		return 0, err
	}
	id, err := controllers.Identity()
	if err != nil {
		return 0, err
	}
	ctr, err := controllers.NewController(controllers.Config{
		Clock: clock.RealClock{}, DynamicClient: dynamicClient, RESTClient: restClient, RESTMapper: mapper,
		ImpersonatingDynamicClient: cs.ToImpersonatingDynamicClient(), ImpersonatingTypedClient: cs.ToImpersonatingTypedClient(),
		TypedClient: typed, TypedKwokClient: kwokClient,
		ManageNodesWithAnnotationSelector: fakeNodeAnnotation + "=fake",
		CIDR:                              "10.244.0.0/16", NodeIP: "127.0.0.1", NodePort: port,
		LocalStages:             grouped,
		PodPlayStageParallelism: 8, NodePlayStageParallelism: 4, NodeLeaseParallelism: 4, NodeLeaseDurationSeconds: 40,
		PodsOnNodeSyncParallelism: 2, ID: id,
	})
	if err != nil {
		return 0, err
	}
	if err := ctr.Start(ctx); err != nil {
		return 0, fmt.Errorf("kwok: %w", err)
	}
	svc, err := server.NewServer(server.Config{
		TypedKwokClient: kwokClient,
		ClusterLogs: []*internalversion.ClusterLogs{{ObjectMeta: metav1.ObjectMeta{Name: "all"},
			Spec: internalversion.ClusterLogsSpec{Logs: []internalversion.Log{{LogsFile: logsFile}}}}},
		DataSource: ctr, NodeCacheGetter: ctr.GetNodeCache(), PodCacheGetter: ctr.GetPodCache(),
	})
	if err != nil {
		return 0, fmt.Errorf("kwok server: %w", err)
	}
	svc.InstallHealthz()
	svc.InstallDebuggingHandlers()
	go func() {
		if err := svc.Run(ctx, fmt.Sprintf("127.0.0.1:%d", port), p.serverCert, p.serverKey); err != nil && ctx.Err() == nil {
			fmt.Fprintln(os.Stderr, "kwok server:", err)
		}
	}()
	return port, nil
}

// createNodes makes the fake nodes: 32 CPUs, 256Gi, 110 pods each, with both an InternalIP and a Hostname
// address (KWOK rewrites the addresses unless both are there, and pods/log needs the InternalIP).
func createNodes(ctx context.Context, api kubernetes.Interface, n int) error {
	for i := 0; i < n; i++ {
		name := fmt.Sprintf("kwok-node-%d", i)
		capacity := corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("32"), corev1.ResourceMemory: resource.MustParse("256Gi"),
			corev1.ResourcePods: resource.MustParse("110")}
		node := &corev1.Node{
			ObjectMeta: metav1.ObjectMeta{Name: name, Annotations: map[string]string{fakeNodeAnnotation: "fake"},
				Labels: map[string]string{"kubernetes.io/hostname": name, "kubernetes.io/os": "linux", "kubernetes.io/arch": "amd64", "type": "kwok"}},
			Status: corev1.NodeStatus{Capacity: capacity, Allocatable: capacity,
				Addresses: []corev1.NodeAddress{{Type: corev1.NodeInternalIP, Address: "127.0.0.1"}, {Type: corev1.NodeHostName, Address: name}}},
		}
		if _, err := api.CoreV1().Nodes().Create(ctx, node, metav1.CreateOptions{}); err != nil {
			return fmt.Errorf("node %s: %w", name, err)
		}
	}
	return nil
}

// writeSampleLogs writes the container log every pod shows, in the CRI format KWOK reads.
func writeSampleLogs(dir string) (string, error) {
	path := filepath.Join(dir, "pod.log")
	var b strings.Builder
	now := time.Now().UTC()
	for i := 1; i <= 5; i++ {
		fmt.Fprintf(&b, "%s stdout F fake container log line %d\n", now.Add(time.Duration(i)*time.Second).Format(time.RFC3339Nano), i)
	}
	return path, os.WriteFile(path, []byte(b.String()), 0o600)
}
