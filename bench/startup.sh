#!/usr/bin/env bash
# Start-up figures: median wall time of `dataflow version` and `dataflow app list` on a store with 1,000 apps.
# Uses hyperfine when it is installed (apt-get install hyperfine), else the Go benchmark in cmd/dataflow.
set -euo pipefail
cd "$(dirname "$0")/.."
make -s build
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The bench images are registered, never pulled: registration does not read their labels.
export DATAFLOW_IMAGE_METADATA=off
export DATAFLOW_DB="$work/df.db" DATAFLOW_CONFIG="$work/config.yaml"
for i in $(seq 1 1000); do echo "app register --name app-$i --type processor --uri docker:example/app-$i:1.0.0"; done > "$work/apps.dfs"
./bin/dataflow --file "$work/apps.dfs" > /dev/null
if command -v hyperfine > /dev/null; then
  hyperfine -N --warmup 10 --runs 100 --export-markdown "$work/startup.md" \
    './bin/dataflow version' './bin/dataflow app list' './bin/dataflow app list -o json' > /dev/null
  cat "$work/startup.md"
else
  go test ./cmd/dataflow -run '^$' -bench 'Startup' -benchtime 100x
fi
