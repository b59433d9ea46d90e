#!/usr/bin/env bash
# dataflow against Helm v3.21.4 on the project's Kubernetes test cluster ("Faster than Helm at every step"), in
# interleaved rounds (each round runs dataflow's command, then Helm's, for 3 and for 20 apps):
#   - update until ready:   `dataflow stream update` (waits until the new apps are ready) vs `helm upgrade --wait`;
#   - rollback until ready: `dataflow stream rollback` vs `helm rollback --wait`;
#   - undeploy:             `dataflow stream undeploy` vs `helm uninstall` (neither waits for the pods to go);
#   - reading a stream with 100 and with 10,000 releases: `stream info` vs `helm status`, `stream history` vs
#     `helm history`.
# Helm deploys a chart made here from the objects `stream deploy --dry-run` prints (the same Deployments and
# Services, with an env var the update changes), into its own namespace. Every update and rollback changes all
# the apps on both sides. The 100 and 10,000 releases are written by bench/releases (dataflow's store package)
# and bench/helm/releases (Helm's storage, Secrets driver): copies of a real release, not that many updates.
# Medians of RUNS rounds (default 5), in milliseconds. Uses the cluster of $KUBECONFIG when it is set, else starts
# one (tools/k8s-harness, built once and cached). Helm and kubectl are built once from bench/helm and
# bench/kubectl into ${XDG_CACHE_HOME:-~/.cache}/dataflow-bench.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
HELM_VERSION=v3.21.4 # keep in step with bench/helm/go.mod
KUBECTL_VERSION=v0.36.4
cache="${XDG_CACHE_HOME:-$HOME/.cache}/dataflow-bench"
work=$(mktemp -d)
started_cluster=
cleanup() {
	if [[ -n $started_cluster ]]; then
		k8s_harness_stop
	elif [[ -n ${kubectl_bin:-} && -x ${kubectl_bin:-} ]]; then
		"$kubectl_bin" --kubeconfig "$KUBECONFIG" delete namespace bench-df bench-helm --wait=false >/dev/null 2>&1 || true
	fi
	rm -rf "$work"
}
trap cleanup EXIT
if [[ -z ${KUBECONFIG:-} ]]; then
	source .ci/k8s-harness.sh
	started_cluster=1
	k8s_harness_start >/dev/null
fi
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores" >&2

make -s build
kubectl_bin="$cache/kubectl-$KUBECTL_VERSION"
helm_bin="$cache/helm-$HELM_VERSION"
mkdir -p "$cache"
if [[ ! -x $kubectl_bin ]]; then
	echo "building kubectl $KUBECTL_VERSION (once)..." >&2
	(cd bench/kubectl && CGO_ENABLED=0 go build -o "$kubectl_bin.tmp" . && mv "$kubectl_bin.tmp" "$kubectl_bin")
fi
if [[ ! -x $helm_bin ]]; then
	echo "building helm $HELM_VERSION (once, ~3 min)..." >&2
	(cd bench/helm && CGO_ENABLED=0 go build -ldflags "-s -w -X helm.sh/helm/v3/internal/version.version=$HELM_VERSION" \
		-o "$helm_bin.tmp" helm.sh/helm/v3/cmd/helm && mv "$helm_bin.tmp" "$helm_bin")
fi
go build -o "$work/df-releases" ./bench/releases
(cd bench/helm && go build -o "$work/helm-releases" ./releases)

dfns=bench-df hns=bench-helm
# The bench images are registered, never pulled: registration does not read their labels.
export DATAFLOW_IMAGE_METADATA=off
export DATAFLOW_DB="$work/df.db" DATAFLOW_CONFIG="$work/config.yaml"
export HELM_CACHE_HOME="$work/helm/cache" HELM_CONFIG_HOME="$work/helm/config" HELM_DATA_HOME="$work/helm/data"
cat >"$DATAFLOW_CONFIG" <<YAML
streams:
  - name: bench
    type: kubernetes
    kubernetes: {kubeconfig: "$KUBECONFIG", namespace: $dfns}
YAML
df=./bin/dataflow
kc() { "$kubectl_bin" --kubeconfig "$KUBECONFIG" "$@"; }
helm() { "$helm_bin" --kubeconfig "$KUBECONFIG" -n "$hns" "$@"; }
kc create namespace "$dfns" >/dev/null 2>&1 || true
kc create namespace "$hns" >/dev/null 2>&1 || true

labels3="src proc snk"
labels20="src $(seq -f 'p%g' -s ' ' 1 18) snk"
source bench/streams.sh
bench_streams i3 >"$work/setup.dfs"
$df --file "$work/setup.dfs" >/dev/null

# mkchart STREAM: a chart of the objects dataflow would create for STREAM (namespace left to Helm), each
# container with BENCH_ROUND from the values, so that an upgrade changes every Deployment.
mkchart() {
	local d="$work/chart-$1"
	mkdir -p "$d/templates"
	printf 'apiVersion: v2\nname: %s\nversion: 1.0.0\n' "$1" >"$d/Chart.yaml"
	printf 'round: "0"\n' >"$d/values.yaml"
	$df stream deploy "$1" --platformName bench --dry-run |
		awk '/^  namespace: / { next } { print } /^        env:$/ {
			print "        - name: BENCH_ROUND"; print "          value: {{ .Values.round | quote }}" }' >"$d/templates/apps.yaml"
	[[ $(grep -c '^kind: Deployment' "$d/templates/apps.yaml") == "$(grep -c BENCH_ROUND "$d/templates/apps.yaml")" ]]
}
for s in s3 s20 i3; do mkchart "$s"; done

# timed FILE CMD...: runs CMD (output dropped) and appends its wall time in ms to $work/FILE.
timed() {
	local f=$1 s e
	shift
	s=$EPOCHREALTIME
	"$@" >/dev/null
	e=$EPOCHREALTIME
	awk -v s="$s" -v e="$e" 'BEGIN { printf "%.1f\n", (e - s) * 1000 }' >>"$work/$f"
}
median() { sort -n "$work/$1" | awk '{ a[NR] = $1 } END { printf "%.0f", (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
gone() { # NAMESPACE SELECTOR: wait until no Deployment, Service or pod matches
	for _ in $(seq 1 600); do
		[[ -z $(kc -n "$1" get deployments,services,pods -l "$2" -o name 2>/dev/null) ]] && return
		sleep 0.1
	done
	echo "objects of $2 in $1 still there" >&2
	exit 1
}
props() { # N ROUND: a property changed on every app of the N-app stream
	local l out= var="labels$1"
	# shellcheck disable=SC2086 # the labels are words
	for l in ${!var}; do out="$out${out:+,}app.$l.bench.round=$2"; done
	printf '%s' "$out"
}

for r in $(seq 1 "$RUNS"); do
	for n in 3 20; do
		$df stream deploy "s$n" --platformName bench --wait --timeout 120s >/dev/null
		timed "df-update-$n" $df stream update --name "s$n" --properties "$(props "$n" "$r")" --timeout 120s
		timed "df-rollback-$n" $df stream rollback --name "s$n" --timeout 120s
		timed "df-undeploy-$n" $df stream undeploy "s$n"
		gone "$dfns" "spring-group-id=s$n"

		helm install "h$n" "$work/chart-s$n" --wait --timeout 120s >/dev/null
		timed "helm-update-$n" helm upgrade "h$n" "$work/chart-s$n" --set-string "round=$r" --wait --timeout 120s
		timed "helm-rollback-$n" helm rollback "h$n" --wait --timeout 120s
		timed "helm-undeploy-$n" helm uninstall "h$n"
		gone "$hns" "spring-group-id=s$n"
	done
	echo "round $r of $RUNS done (${SECONDS}s)" >&2
done

# Reading a long history: i3 (dataflow) and hi3 (Helm), a deployed 3-app release as the newest of COUNT.
$df stream deploy i3 --platformName bench --wait --timeout 120s >/dev/null
helm install hi3 "$work/chart-i3" --wait --timeout 120s >/dev/null
for count in 100 10000; do
	$df stream undeploy i3 >/dev/null
	"$work/df-releases" -db "$DATAFLOW_DB" -stream i3 -to $((count - 1))
	$df stream deploy i3 --platformName bench --wait --timeout 120s >/dev/null
	[[ $($df stream history --name i3 --limit 0 --output json | grep -o '"version"' | wc -l) == "$count" ]] ||
		{ echo "i3 does not have $count releases" >&2; exit 1; }
	echo "$count releases written for dataflow (${SECONDS}s)" >&2
	"$work/helm-releases" -kubeconfig "$KUBECONFIG" -namespace "$hns" -release hi3 -to "$count"
	[[ $(helm history hi3 --max 100000 -o json | grep -o '"revision"' | wc -l) == "$count" ]] ||
		{ echo "hi3 does not have $count revisions" >&2; exit 1; }
	echo "$count revisions written for Helm (${SECONDS}s)" >&2
	for _ in $(seq 1 "$RUNS"); do
		timed "df-info-$count" $df stream info i3
		timed "helm-info-$count" helm status hi3
		timed "df-history-$count" $df stream history --name i3
		timed "helm-history-$count" helm history hi3
	done
	echo "reads at $count releases done (${SECONDS}s)" >&2
done
$df stream undeploy i3 >/dev/null # hi3 is left to the cluster's end: `helm uninstall` deletes its 10,000 Secrets one by one
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores" >&2

row() { # WHAT DF-FILE HELM-FILE
	local d h
	d=$(median "$2") h=$(median "$3")
	awk -v w="$1" -v d="$d" -v h="$h" 'BEGIN { printf "| %s | %d | %d | %.2f |\n", w, d, h, d / h }'
}
printf '| what (median of %d, ms) | dataflow | Helm %s | dataflow/Helm |\n|---|---:|---:|---:|\n' "$RUNS" "$HELM_VERSION"
for n in 3 20; do
	row "update until ready, $n apps" "df-update-$n" "helm-update-$n"
	row "rollback until ready, $n apps" "df-rollback-$n" "helm-rollback-$n"
	row "undeploy / uninstall, $n apps" "df-undeploy-$n" "helm-undeploy-$n"
done
for count in 100 10000; do
	row "stream info / helm status, $count releases" "df-info-$count" "helm-info-$count"
	row "stream history / helm history, $count releases" "df-history-$count" "helm-history-$count"
done
