package main

// The pod stages of the test cluster (KWOK plays the kubelet by applying these to the pods on its nodes).
// They are KWOK v0.8.0's "fast" pod stages (kustomize/stage/pod/fast), changed so that a test chooses what a
// pod does through annotations on it (the CLI under test sets them with deployer.<app>.kubernetes.podAnnotations):
//
//	kwok.dataflow.test/never-ready: "true"  the pod runs but never becomes ready (a deploy that times out)
//	kwok.dataflow.test/run-ms: "1500"       how long a pod meant to end (a task) runs first, in ms (default 0)
//	kwok.dataflow.test/exit-code: "3"       the exit code it ends with (default 0 -> Succeeded, else Failed)
//	kwok.dataflow.test/reason: "OOMKilled"  the termination reason (default Completed for 0, else Error)
//	kwok.dataflow.test/waiting-reason: "ImagePullBackOff"  the containers never start: they wait with this reason
//	  (and kwok.dataflow.test/waiting-message); with kwok.dataflow.test/last-exit-code (and last-reason,
//	  restart-count) they ran and ended before, and the pod is Running, as a crash-looping one is
//
// Every pod bound to a fake node goes Pending -> Running (and Ready unless never-ready) at once. Pods meant to end
// (restartPolicy Never or OnFailure: bare task pods and Job pods) then end after run-ms. A pod with a
// deletionTimestamp is removed at once. README.md documents the same.

const stagePodReady = `
apiVersion: kwok.x-k8s.io/v1alpha1
kind: Stage
metadata:
  name: pod-ready
spec:
  resourceRef:
    apiGroup: v1
    kind: Pod
  selector:
    matchExpressions:
    - key: '.metadata.deletionTimestamp'
      operator: 'DoesNotExist'
    - key: '.status.phase'
      operator: 'In'
      values: ['Pending']
    - key: '.metadata.annotations["kwok.dataflow.test/never-ready"]'
      operator: 'NotIn'
      values: ['true']
    - key: '.metadata.annotations["kwok.dataflow.test/waiting-reason"]'
      operator: 'DoesNotExist'
  next:
    statusTemplate: |
      {{ $now := Now }}
      conditions:
      - lastTransitionTime: {{ $now | Quote }}
        status: "True"
        type: Initialized
      - lastTransitionTime: {{ $now | Quote }}
        status: "True"
        type: Ready
      - lastTransitionTime: {{ $now | Quote }}
        status: "True"
        type: ContainersReady
      {{ range .spec.readinessGates }}
      - lastTransitionTime: {{ $now | Quote }}
        status: "True"
        type: {{ .conditionType | Quote }}
      {{ end }}
      containerStatuses:
      {{ range .spec.containers }}
      - image: {{ .image | Quote }}
        name: {{ .name | Quote }}
        ready: true
        started: true
        restartCount: 0
        state:
          running:
            startedAt: {{ $now | Quote }}
      {{ end }}
      initContainerStatuses:
      {{ range .spec.initContainers }}
      - image: {{ .image | Quote }}
        name: {{ .name | Quote }}
        ready: true
        restartCount: 0
        state:
          terminated:
            exitCode: 0
            finishedAt: {{ $now | Quote }}
            reason: Completed
            startedAt: {{ $now | Quote }}
      {{ end }}
      {{ $hostIPs := NodeIPsWith .spec.nodeName }}
      {{ with $hostIPs }}
      hostIP: {{ index . 0 | Quote }}
      hostIPs:
      {{ range . }}
      - ip: {{ . | Quote }}
      {{ end }}
      {{ end }}
      {{ $podIPs := PodIPsWith .spec.nodeName ( or .spec.hostNetwork false ) ( or .metadata.uid "" ) ( or .metadata.name "" ) ( or .metadata.namespace "" ) }}
      {{ with $podIPs }}
      podIP: {{ index . 0 | Quote }}
      podIPs:
      {{ range . }}
      - ip: {{ . | Quote }}
      {{ end }}
      {{ end }}
      phase: Running
      startTime: {{ $now | Quote }}
`

const stagePodNeverReady = `
apiVersion: kwok.x-k8s.io/v1alpha1
kind: Stage
metadata:
  name: pod-never-ready
spec:
  resourceRef:
    apiGroup: v1
    kind: Pod
  selector:
    matchExpressions:
    - key: '.metadata.deletionTimestamp'
      operator: 'DoesNotExist'
    - key: '.status.phase'
      operator: 'In'
      values: ['Pending']
    - key: '.metadata.annotations["kwok.dataflow.test/never-ready"]'
      operator: 'In'
      values: ['true']
    - key: '.metadata.annotations["kwok.dataflow.test/waiting-reason"]'
      operator: 'DoesNotExist'
  next:
    statusTemplate: |
      {{ $now := Now }}
      conditions:
      - lastTransitionTime: {{ $now | Quote }}
        status: "True"
        type: Initialized
      - lastTransitionTime: {{ $now | Quote }}
        status: "False"
        type: Ready
      - lastTransitionTime: {{ $now | Quote }}
        status: "False"
        type: ContainersReady
      containerStatuses:
      {{ range .spec.containers }}
      - image: {{ .image | Quote }}
        name: {{ .name | Quote }}
        ready: false
        started: true
        restartCount: 0
        state:
          running:
            startedAt: {{ $now | Quote }}
      {{ end }}
      {{ $podIPs := PodIPsWith .spec.nodeName ( or .spec.hostNetwork false ) ( or .metadata.uid "" ) ( or .metadata.name "" ) ( or .metadata.namespace "" ) }}
      {{ with $podIPs }}
      podIP: {{ index . 0 | Quote }}
      podIPs:
      {{ range . }}
      - ip: {{ . | Quote }}
      {{ end }}
      {{ end }}
      phase: Running
      startTime: {{ $now | Quote }}
`

const stagePodEnd = `
apiVersion: kwok.x-k8s.io/v1alpha1
kind: Stage
metadata:
  name: pod-end
spec:
  resourceRef:
    apiGroup: v1
    kind: Pod
  selector:
    matchExpressions:
    - key: '.metadata.deletionTimestamp'
      operator: 'DoesNotExist'
    - key: '.status.phase'
      operator: 'In'
      values: ['Running']
    - key: '.spec.restartPolicy'
      operator: 'In'
      values: ['Never', 'OnFailure']
    - key: '.metadata.annotations["kwok.dataflow.test/waiting-reason"]'
      operator: 'DoesNotExist'
  # KWOK parses a string result with time.ParseDuration, so the milliseconds get a unit; no annotation -> "0ms".
  delay:
    durationMilliseconds: 0
    durationFrom:
      jq:
        expression: '(.metadata.annotations["kwok.dataflow.test/run-ms"] // "0") + "ms"'
  next:
    statusTemplate: |
      {{ $now := Now }}
      {{ $annotations := or .metadata.annotations dict }}
      {{ $code := or ( index $annotations "kwok.dataflow.test/exit-code" ) "0" }}
      {{ $reason := index $annotations "kwok.dataflow.test/reason" }}
      {{ if not $reason }}{{ if eq $code "0" }}{{ $reason = "Completed" }}{{ else }}{{ $reason = "Error" }}{{ end }}{{ end }}
      conditions:
      - lastTransitionTime: {{ $now | Quote }}
        status: "False"
        type: Ready
      - lastTransitionTime: {{ $now | Quote }}
        status: "False"
        type: ContainersReady
      containerStatuses:
      {{ range .spec.containers }}
      - image: {{ .image | Quote }}
        name: {{ .name | Quote }}
        ready: false
        started: false
        restartCount: 0
        state:
          terminated:
            exitCode: {{ $code }}
            reason: {{ $reason | Quote }}
            finishedAt: {{ $now | Quote }}
            startedAt: {{ $now | Quote }}
      {{ end }}
      phase: {{ if eq $code "0" }}Succeeded{{ else }}Failed{{ end }}
`

// stagePodWaiting is a kubelet that cannot start the containers: an image it cannot pull (Pending), or a
// container that keeps ending (Running, CrashLoopBackOff, with the last termination). It applies once: the
// statuses it writes take the pod out of its selector.
const stagePodWaiting = `
apiVersion: kwok.x-k8s.io/v1alpha1
kind: Stage
metadata:
  name: pod-waiting
spec:
  resourceRef:
    apiGroup: v1
    kind: Pod
  selector:
    matchExpressions:
    - key: '.metadata.deletionTimestamp'
      operator: 'DoesNotExist'
    - key: '.status.phase'
      operator: 'In'
      values: ['Pending']
    - key: '.metadata.annotations["kwok.dataflow.test/waiting-reason"]'
      operator: 'Exists'
    - key: '.status.containerStatuses'
      operator: 'DoesNotExist'
  next:
    statusTemplate: |
      {{ $now := Now }}
      {{ $annotations := or .metadata.annotations dict }}
      {{ $reason := index $annotations "kwok.dataflow.test/waiting-reason" }}
      {{ $message := or ( index $annotations "kwok.dataflow.test/waiting-message" ) "" }}
      {{ $lastCode := index $annotations "kwok.dataflow.test/last-exit-code" }}
      {{ $lastReason := or ( index $annotations "kwok.dataflow.test/last-reason" ) "Error" }}
      {{ $restarts := or ( index $annotations "kwok.dataflow.test/restart-count" ) "0" }}
      conditions:
      - lastTransitionTime: {{ $now | Quote }}
        status: "True"
        type: Initialized
      - lastTransitionTime: {{ $now | Quote }}
        status: "False"
        type: Ready
      - lastTransitionTime: {{ $now | Quote }}
        status: "False"
        type: ContainersReady
      containerStatuses:
      {{ range .spec.containers }}
      - image: {{ .image | Quote }}
        name: {{ .name | Quote }}
        ready: false
        started: false
        restartCount: {{ $restarts }}
        state:
          waiting:
            reason: {{ $reason | Quote }}
            message: {{ $message | Quote }}
        {{ if $lastCode }}
        lastState:
          terminated:
            exitCode: {{ $lastCode }}
            reason: {{ $lastReason | Quote }}
            finishedAt: {{ $now | Quote }}
            startedAt: {{ $now | Quote }}
        {{ end }}
      {{ end }}
      {{ $hostIPs := NodeIPsWith .spec.nodeName }}
      {{ with $hostIPs }}
      hostIP: {{ index . 0 | Quote }}
      {{ end }}
      phase: {{ if $lastCode }}Running{{ else }}Pending{{ end }}
      startTime: {{ $now | Quote }}
`

const stagePodDelete = `
apiVersion: kwok.x-k8s.io/v1alpha1
kind: Stage
metadata:
  name: pod-delete
spec:
  resourceRef:
    apiGroup: v1
    kind: Pod
  selector:
    matchExpressions:
    - key: '.metadata.deletionTimestamp'
      operator: 'Exists'
  next:
    delete: true
`
