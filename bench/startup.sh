#!/usr/bin/env bash
# Start-up figures: `dataflow version` beside a Go hello-world and beside bench/startupfloor (the libraries
# dataflow cannot do without, linked and idle), then `dataflow app list` on a store with 1,000 apps.
# Wall time with hyperfine (apt-get install hyperfine), else the Go benchmark in cmd/dataflow; instructions with
# valgrind's callgrind and page faults with perf, when they are installed.
set -euo pipefail
cd "$(dirname "$0")/.."
make -s build
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/hello"
printf 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("hello") }\n' > "$work/hello/main.go"
(cd "$work/hello" && go mod init hello > /dev/null 2>&1 && CGO_ENABLED=0 go build -trimpath -ldflags '-s -w' -o "$work/hello-world" .)
CGO_ENABLED=0 go build -trimpath -ldflags '-s -w' -o "$work/startupfloor" ./bench/startupfloor

# The bench images are registered, never pulled: registration does not read their labels.
export DATAFLOW_IMAGE_METADATA=off
export DATAFLOW_DB="$work/df.db" DATAFLOW_CONFIG="$work/config.yaml"
for i in $(seq 1 1000); do echo "app register --name app-$i --type processor --uri docker:example/app-$i:1.0.0"; done > "$work/apps.dfs"
./bin/dataflow --file "$work/apps.dfs" > /dev/null

if command -v valgrind > /dev/null; then
  echo "instructions (callgrind; async preemption off, or valgrind stops the Go runtime):"
  for cmd in "$work/hello-world" "$work/startupfloor" "./bin/dataflow version"; do
    n=$(GODEBUG=asyncpreemptoff=1 valgrind --tool=callgrind --callgrind-out-file=/dev/null $cmd 2>&1 >/dev/null | awk '/refs:/{print $NF}')
    printf '  %-28s %s\n' "$(basename "${cmd%% *}")${cmd#"${cmd%% *}"}" "$n"
  done
fi
if command -v perf > /dev/null && perf stat -e page-faults true > /dev/null 2>&1; then
  echo "page faults (perf stat, mean of 50):"
  for cmd in "$work/hello-world" "$work/startupfloor" "./bin/dataflow version"; do
    n=$(perf stat -r 50 -x, -e page-faults $cmd 2>&1 >/dev/null | awk -F, '/page-faults/{print $1}')
    printf '  %-28s %s\n' "$(basename "${cmd%% *}")${cmd#"${cmd%% *}"}" "$n"
  done
fi
if command -v hyperfine > /dev/null; then
  hyperfine -N --warmup 20 --runs 300 --export-markdown "$work/startup.md" \
    -n hello-world "$work/hello-world" -n startupfloor "$work/startupfloor" \
    './bin/dataflow version' './bin/dataflow app list' './bin/dataflow app list -o json' > /dev/null 2>&1
  cat "$work/startup.md"
else
  go test ./cmd/dataflow -run '^$' -bench 'Startup' -benchtime 100x
fi
