#!/usr/bin/env bash
# Stream deploy figures on the project's Kubernetes test cluster (issue 4), side by side in one run:
#   - `dataflow stream deploy` of a 3-app stream (no --wait) against `kubectl apply -f` of the same objects
#     (those `stream deploy --dry-run` prints), with kubectl v0.36.4 built from bench/kubectl;
#   - the same deploy of a 20-app stream, and kubectl's apply of its objects;
#   - `stream info` and `runtime apps` of the deployed 20-app stream.
# Medians of RUNS runs (default 15), in milliseconds. Uses the cluster of $KUBECONFIG when it is set, else
# starts one (tools/k8s-harness, built once and cached).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-15}
if [[ -z ${KUBECONFIG:-} ]]; then
	source .ci/k8s-harness.sh
	trap k8s_harness_stop EXIT
	k8s_harness_start >/dev/null
fi
make -s build
kubectl_bin="${XDG_CACHE_HOME:-$HOME/.cache}/dataflow-bench/kubectl-v0.36.4"
if [[ ! -x $kubectl_bin ]]; then
	echo "building kubectl v0.36.4 (once)..." >&2
	mkdir -p "$(dirname "$kubectl_bin")"
	(cd bench/kubectl && CGO_ENABLED=0 go build -o "$kubectl_bin.tmp" . && mv "$kubectl_bin.tmp" "$kubectl_bin")
fi
work=$(mktemp -d)
trap 'rm -rf "$work"; if declare -F k8s_harness_stop >/dev/null; then k8s_harness_stop; fi' EXIT
ns=bench-ns
"$kubectl_bin" create namespace "$ns" >/dev/null 2>&1 || true
# The bench images are registered, never pulled: registration does not read their labels.
export DATAFLOW_IMAGE_METADATA=off
export DATAFLOW_DB="$work/df.db" DATAFLOW_CONFIG="$work/config.yaml"
cat >"$DATAFLOW_CONFIG" <<YAML
streams:
  - name: bench
    type: kubernetes
    kubernetes: {kubeconfig: "$KUBECONFIG", namespace: $ns}
YAML
df=./bin/dataflow
kc() { "$kubectl_bin" --kubeconfig "$KUBECONFIG" -n "$ns" "$@"; }
source bench/streams.sh
bench_streams >"$work/setup.dfs"
$df --file "$work/setup.dfs" >/dev/null

now() { date +%s%N; }
median() { sort -n | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.1f", m/1e6}'; }
gone() { # wait until nothing of the stream is left
	for _ in $(seq 1 600); do
		[[ -z $(kc get deployments,services,pods -l "spring-group-id=$1" -o name 2>/dev/null) ]] && return
		sleep 0.1
	done
	echo "objects of $1 still there" >&2
	exit 1
}

$df stream deploy s3 --platformName bench --dry-run >"$work/s3.yaml"
$df stream deploy s20 --platformName bench --dry-run >"$work/s20.yaml"
: >"$work/df3" && : >"$work/kc3" && : >"$work/df20" && : >"$work/kc20"
for _ in $(seq 1 "$RUNS"); do
	t=$(now); $df stream deploy s3 --platformName bench >/dev/null; echo $(($(now) - t)) >>"$work/df3"
	$df stream undeploy s3 >/dev/null; gone s3
	t=$(now); kc apply -f "$work/s3.yaml" >/dev/null; echo $(($(now) - t)) >>"$work/kc3"
	kc delete -f "$work/s3.yaml" --wait >/dev/null; gone s3
	t=$(now); $df stream deploy s20 --platformName bench >/dev/null; echo $(($(now) - t)) >>"$work/df20"
	$df stream undeploy s20 >/dev/null; gone s20
	t=$(now); kc apply -f "$work/s20.yaml" >/dev/null; echo $(($(now) - t)) >>"$work/kc20"
	kc delete -f "$work/s20.yaml" --wait >/dev/null; gone s20
done
$df stream deploy s20 --platformName bench --wait --timeout 120s >/dev/null
: >"$work/info" && : >"$work/apps"
for _ in $(seq 1 "$RUNS"); do
	t=$(now); $df stream info s20 >/dev/null; echo $(($(now) - t)) >>"$work/info"
	t=$(now); $df runtime apps --name s20 >/dev/null; echo $(($(now) - t)) >>"$work/apps"
done
$df stream undeploy s20 >/dev/null

d3=$(median <"$work/df3") k3=$(median <"$work/kc3") d20=$(median <"$work/df20") k20=$(median <"$work/kc20")
printf '| what (median of %d) | ms |\n|---|---|\n' "$RUNS"
printf '| dataflow stream deploy, 3 apps (no wait) | %s |\n' "$d3"
printf '| kubectl apply -f, the same 6 objects | %s |\n' "$k3"
printf '| dataflow stream deploy, 20 apps (no wait) | %s |\n' "$d20"
printf '| kubectl apply -f, the same 40 objects | %s |\n' "$k20"
printf '| dataflow stream info, 20 apps | %s |\n' "$(median <"$work/info")"
printf '| dataflow runtime apps, 20 apps | %s |\n' "$(median <"$work/apps")"
awk -v d="$d3" -v k="$k3" -v t="$d20" 'BEGIN { printf "dataflow/kubectl: %.2fx (target <= 0.5x); 20 apps/3 apps: %.2fx (target <= 2x)\n", d/k, t/d }'
