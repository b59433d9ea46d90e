package kubernetes

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"sync"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	autoscalingv1 "k8s.io/api/autoscaling/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/runtime/serializer"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/rest"

	"github.com/dataflow-cli/dataflow/internal/calltimeout"
	"github.com/dataflow-cli/dataflow/platforms"
)

// The API is reached through client-go's REST client, not through the generated clientset: the clientset's
// scheme registers every API group at start-up, which slowed the start of every dataflow command, Kubernetes or
// not. Each group's client knows only the kinds dataflow sends and reads in that group, and is built when first
// used: registering whole groups (core/v1 alone has some 50 kinds) was a visible part of a task launch. The
// figures are in docs/streams.md.

// apiGroup is one API group version dataflow calls, with the kinds it sends and reads there.
type apiGroup struct {
	version schema.GroupVersion
	kinds   func() []runtime.Object
	// also registers other groups' kinds that calls in this group answer with (a scale subresource).
	also func(*runtime.Scheme)
}

var (
	coreGroup = apiGroup{version: corev1.SchemeGroupVersion, kinds: func() []runtime.Object {
		return []runtime.Object{&corev1.Pod{}, &corev1.PodList{}, &corev1.Secret{}, &corev1.SecretList{},
			&corev1.Service{}, &corev1.ServiceList{}, &corev1.PersistentVolumeClaim{}, &corev1.PersistentVolumeClaimList{},
			&corev1.Event{}, &corev1.EventList{}}
	}}
	appsGroup = apiGroup{version: appsv1.SchemeGroupVersion, kinds: func() []runtime.Object {
		return []runtime.Object{&appsv1.Deployment{}, &appsv1.DeploymentList{}, &appsv1.StatefulSet{}, &appsv1.StatefulSetList{}}
	}, also: func(s *runtime.Scheme) {
		s.AddKnownTypes(autoscalingv1.SchemeGroupVersion, &autoscalingv1.Scale{})
		metav1.AddToGroupVersion(s, autoscalingv1.SchemeGroupVersion)
	}}
	batchGroup = apiGroup{version: batchv1.SchemeGroupVersion, kinds: func() []runtime.Object {
		return []runtime.Object{&batchv1.Job{}, &batchv1.JobList{}, &batchv1.CronJob{}, &batchv1.CronJobList{}}
	}}
)

// codecs is the group's serializers, over a scheme of its kinds and the meta kinds every group has (Status,
// the options of each verb).
func (g apiGroup) codecs() serializer.CodecFactory {
	s := runtime.NewScheme()
	s.AddKnownTypes(g.version, g.kinds()...)
	metav1.AddToGroupVersion(s, g.version)
	if g.also != nil {
		g.also(s)
	}
	return serializer.NewCodecFactory(s)
}

// groupClient returns a REST client for one API group version over the account's shared HTTP client.
func groupClient(cfg *rest.Config, httpClient *http.Client, g apiGroup) (*rest.RESTClient, error) {
	c := rest.CopyConfig(cfg)
	c.GroupVersion = &g.version
	c.APIPath = "/apis"
	if g.version.Group == "" {
		c.APIPath = "/api"
	}
	c.NegotiatedSerializer = g.codecs().WithoutConversion()
	// Protobuf, as kubectl and the controllers speak it: every type dataflow sends is a built-in one, and the
	// API server encodes and decodes it faster than JSON (docs/streams.md).
	c.ContentType = runtime.ContentTypeProtobuf
	c.AcceptContentTypes = runtime.ContentTypeProtobuf + "," + runtime.ContentTypeJSON
	if c.UserAgent == "" {
		c.UserAgent = rest.DefaultKubernetesUserAgent()
	}
	return rest.RESTClientForConfigAndClient(c, httpClient)
}

// lazyGroupClient is a group's REST client, built on first use.
type lazyGroupClient struct {
	once   sync.Once
	client *rest.RESTClient
}

func (l *lazyGroupClient) get(cfg *rest.Config, httpClient *http.Client, g apiGroup) *rest.RESTClient {
	l.once.Do(func() {
		var err error
		if l.client, err = groupClient(cfg, httpClient, g); err != nil {
			// Connect built the core group's client from the same configuration and HTTP client: what is left
			// to fail here is static (the group's version and serializers), a programming error.
			panic(fmt.Sprintf("kubernetes: the %s client: %v", g.version, err))
		}
	})
	return l.client
}

// resources is one kind of namespaced object: pods, services, deployments, ...
type resources struct {
	client    *rest.RESTClient
	namespace string
	resource  string
}

func (r resources) create(ctx context.Context, obj, out runtime.Object) error {
	return plainTimeout(r.client.Post().Namespace(r.namespace).Resource(r.resource).Param("fieldManager", fieldManager).
		Body(obj).Do(ctx).Into(out))
}

// fieldManager owns every field dataflow sets, so that applying the same objects again converges.
const fieldManager = "dataflow"

// apply is a server-side apply of the whole object (its TypeMeta set): it creates the object or brings it to
// this state, whichever is needed, so a deploy interrupted half-way can simply be run again. force takes the
// fields over from any other manager.
func (r resources) apply(ctx context.Context, name string, obj, out runtime.Object, force bool) error {
	body, err := json.Marshal(obj)
	if err != nil {
		return err
	}
	req := r.client.Patch(types.ApplyPatchType).Namespace(r.namespace).Resource(r.resource).Name(name).
		Param("fieldManager", fieldManager)
	if force {
		req = req.Param("force", "true")
	}
	return plainTimeout(req.Body(body).Do(ctx).Into(out))
}

// mergePatch changes some fields of an object (a JSON merge patch).
func (r resources) mergePatch(ctx context.Context, name string, patch any, out runtime.Object) error {
	body, err := json.Marshal(patch)
	if err != nil {
		return err
	}
	return plainTimeout(r.client.Patch(types.MergePatchType).Namespace(r.namespace).Resource(r.resource).Name(name).
		Param("fieldManager", fieldManager).Body(body).Do(ctx).Into(out))
}

func (r resources) get(ctx context.Context, name string, out runtime.Object) error {
	return plainTimeout(r.client.Get().Namespace(r.namespace).Resource(r.resource).Name(name).Do(ctx).Into(out))
}

func (r resources) list(ctx context.Context, selector string, out runtime.Object) error {
	return plainTimeout(r.client.Get().Namespace(r.namespace).Resource(r.resource).Param("labelSelector", selector).Do(ctx).Into(out))
}

// listCached is list with a field selector too, so the server drops what the caller would skip, answered from
// the API server's cache (resourceVersion 0) without a read from etcd: for counts that are a moment old by the
// time they are used anyway.
func (r resources) listCached(ctx context.Context, selector, fields string, out runtime.Object) error {
	return plainTimeout(r.client.Get().Namespace(r.namespace).Resource(r.resource).Param("labelSelector", selector).Param("fieldSelector", fields).
		Param("resourceVersion", "0").Do(ctx).Into(out))
}

func (r resources) delete(ctx context.Context, name string) error {
	return plainTimeout(r.client.Delete().Namespace(r.namespace).Resource(r.resource).Name(name).Body(backgroundDeletion()).Do(ctx).Error())
}

// deleteExactly deletes the object only if it is still the one read (its uid): the one whose owner was checked.
func (r resources) deleteExactly(ctx context.Context, name string, uid types.UID) error {
	opts := backgroundDeletion()
	opts.Preconditions = &metav1.Preconditions{UID: &uid}
	return plainTimeout(r.client.Delete().Namespace(r.namespace).Resource(r.resource).Name(name).Body(opts).Do(ctx).Error())
}

func (r resources) deleteCollection(ctx context.Context, selector string) error {
	return plainTimeout(r.client.Delete().Namespace(r.namespace).Resource(r.resource).Param("labelSelector", selector).
		Body(backgroundDeletion()).Do(ctx).Error())
}

func (r resources) getScale(ctx context.Context, name string, out *autoscalingv1.Scale) error {
	return plainTimeout(r.client.Get().Namespace(r.namespace).Resource(r.resource).Name(name).SubResource("scale").Do(ctx).Into(out))
}

func (r resources) updateScale(ctx context.Context, name string, scale *autoscalingv1.Scale) error {
	return plainTimeout(r.client.Put().Namespace(r.namespace).Resource(r.resource).Name(name).SubResource("scale").Body(scale).Do(ctx).Into(scale))
}

// logStream opens a container's log as LogOptions ask (the pod log API's tailLines, sinceSeconds, follow); the
// caller reads and closes it. tailLines is sent when asked for, and, with no since either, as the default bound.
func (r resources) logStream(ctx context.Context, pod, container string, opts platforms.LogOptions, defaultTail int) (io.ReadCloser, error) {
	req := r.client.Get().Namespace(r.namespace).Resource("pods").Name(pod).SubResource("log").Param("container", container)
	switch {
	case opts.Tail > 0:
		req = req.Param("tailLines", strconv.Itoa(opts.Tail))
	case opts.Since == 0:
		req = req.Param("tailLines", strconv.Itoa(defaultTail))
	}
	if opts.Since > 0 {
		// The API counts whole seconds; a part of one is rounded up, so nothing asked for is left out.
		req = req.Param("sinceSeconds", strconv.FormatInt(int64((opts.Since+time.Second-1)/time.Second), 10))
	}
	if opts.Follow {
		req = req.Param("follow", "true")
		ctx = calltimeout.Streaming(ctx) // requestTimeout bounds the wait for the log to start, not the follow
	}
	rc, err := req.Stream(ctx)
	return rc, plainTimeout(err)
}

// proxy sends a request to a pod's port through the API server (the pods/proxy subresource) and returns the
// pod's answer whatever its status; an error is the API server's own (no such pod, the pod cannot be reached).
func (r resources) proxy(ctx context.Context, method, pod string, port int32, path string, body []byte) (int, []byte, error) {
	req := r.client.Verb(method).Namespace(r.namespace).Resource("pods").Name(fmt.Sprintf("%s:%d", pod, port)).
		SubResource("proxy").Suffix(path).SetHeader("Accept", "application/json")
	if body != nil {
		req = req.Body(body).SetHeader("Content-Type", "application/json")
	}
	res := req.Do(ctx)
	var code int
	res.StatusCode(&code)
	raw, err := res.Raw()
	if err == nil || (code != 0 && !isAPIStatus(raw)) {
		return code, raw, nil // the pod answered, whatever it said
	}
	return code, nil, plainTimeout(err)
}

// isAPIStatus reports whether an answer is a Status object of the API server (its JSON or its protobuf
// envelope) rather than what a pod answered through the proxy.
func isAPIStatus(raw []byte) bool {
	if bytes.HasPrefix(raw, []byte("k8s\x00")) {
		return true
	}
	var st struct{ Kind, APIVersion string }
	return json.Unmarshal(raw, &st) == nil && st.Kind == "Status" && st.APIVersion == "v1"
}

func backgroundDeletion() *metav1.DeleteOptions {
	p := metav1.DeletePropagationBackground
	return &metav1.DeleteOptions{PropagationPolicy: &p}
}
