#!/usr/bin/env bash
# Issue 20's figure for a shared store: 8 processes writing to one PostgreSQL store for 60 s (a stream's next
# release claimed and its audit record, per write), on a throwaway server (internal/testdb). Prints writes per
# second, lost writes and errors; the benchmark fails if a write is lost or fails.
set -euo pipefail
cd "$(dirname "$0")/.."
bash .ci/install-test-deps.sh
DATAFLOW_BENCH_WRITERS_FOR="${DATAFLOW_BENCH_WRITERS_FOR:-60s}" \
  go test ./store -run '^$' -bench '^BenchmarkConcurrentWriters$' -benchtime 1x -timeout 10m
