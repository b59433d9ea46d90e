# shellcheck shell=bash
# Helpers for a real Kubernetes test cluster (tools/k8s-harness: etcd, kube-apiserver, controller-manager,
# scheduler and KWOK in one process on 127.0.0.1). Source this file, then:
#
#   k8s_harness_start        # builds if needed, starts, exports KUBECONFIG and K8S_HARNESS_DIR
#   trap k8s_harness_stop EXIT
#
# Works under `set -euo pipefail`. The binary is cached by a hash of everything it is built from, because a cold
# build takes ~12 min (and ~3 GB RAM to link); reuse is instant.

# Keep in step with k8s.io/kubernetes in tools/k8s-harness/go.mod: /version reports it.
K8S_HARNESS_VERSION=v1.36.4
K8S_HARNESS_SRC="$(cd "$(dirname "${BASH_SOURCE[0]}")/../tools/k8s-harness" && pwd)"

k8s_harness_ldflags() {
	local v=$K8S_HARNESS_VERSION minor ld="-s -w" p
	minor=${v#v1.}
	minor=${minor%%.*}
	# Stamped in both places that report a version (otherwise /version says v0.0.0-master+$Format:%H$).
	for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
		ld="$ld -X $p.gitVersion=$v -X $p.gitMajor=1 -X $p.gitMinor=$minor -X $p.gitTreeState=clean"
	done
	printf '%s' "$ld"
}

# k8s_harness_build prints the path of the harness binary, building it when the cache has none for these sources.
# No -trimpath: it would change every compile cache key, i.e. another cold build.
k8s_harness_build() {
	local ld key dir bin
	ld=$(k8s_harness_ldflags)
	key=$(
		cd "$K8S_HARNESS_SRC" &&
			{ cat ./*.go go.mod go.sum; go version; printf '%s' "$ld"; } | sha256sum | cut -d' ' -f1
	)
	dir="${XDG_CACHE_HOME:-$HOME/.cache}/dataflow-k8s-harness/$key"
	bin="$dir/k8s-harness"
	if [[ ! -x $bin ]]; then
		mkdir -p "$dir"
		echo "k8s-harness: building $bin (cold: ~12 min, warm: ~30 s)" >&2
		(cd "$K8S_HARNESS_SRC" && go build -ldflags="$ld" -o "$bin.tmp.$$" .) >&2
		mv "$bin.tmp.$$" "$bin" # atomic: a half-written binary is never taken for a cached one
	fi
	printf '%s\n' "$bin"
}

# k8s_harness_start starts the cluster in the background and waits (up to 120 s) until it is ready.
k8s_harness_start() {
	local bin i
	bin=$(k8s_harness_build)
	K8S_HARNESS_DIR=$(mktemp -d "${TMPDIR:-/tmp}/k8s-harness.XXXXXX")
	# -exit-after: a safety net that stops the cluster even if the caller is killed before k8s_harness_stop.
	"$bin" -dir "$K8S_HARNESS_DIR" -ready-file "$K8S_HARNESS_DIR/ready" -exit-after 90m \
		>"$K8S_HARNESS_DIR/stdout" 2>"$K8S_HARNESS_DIR/stderr" &
	K8S_HARNESS_PID=$!
	for ((i = 0; i < 1200; i++)); do
		[[ -s $K8S_HARNESS_DIR/ready ]] && break
		if ! kill -0 "$K8S_HARNESS_PID" 2>/dev/null; then
			echo "k8s-harness: exited before it was ready:" >&2
			cat "$K8S_HARNESS_DIR/stderr" >&2 || true
			return 1
		fi
		sleep 0.1
	done
	if [[ ! -s $K8S_HARNESS_DIR/ready ]]; then
		echo "k8s-harness: not ready after 120 s; see $K8S_HARNESS_DIR" >&2
		k8s_harness_stop
		return 1
	fi
	export KUBECONFIG="$K8S_HARNESS_DIR/admin.kubeconfig" K8S_HARNESS_DIR K8S_HARNESS_PID K8S_HARNESS_BIN="$bin"
	cat "$K8S_HARNESS_DIR/ready"
}

# k8s_harness_stop stops the cluster this shell started (by its pid only) and removes its directory.
k8s_harness_stop() {
	if [[ -n ${K8S_HARNESS_PID:-} ]]; then
		kill -TERM "$K8S_HARNESS_PID" 2>/dev/null || true
		wait "$K8S_HARNESS_PID" 2>/dev/null || true
		K8S_HARNESS_PID=
	fi
	if [[ -n ${K8S_HARNESS_DIR:-} && -d $K8S_HARNESS_DIR ]]; then
		rm -rf "$K8S_HARNESS_DIR"
	fi
	K8S_HARNESS_DIR=
}
