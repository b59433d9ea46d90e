# dataflow: build, test and measure. `make test` is what CI runs (.ci/run).
GO       ?= go
BIN      ?= bin/dataflow
VERSION  ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS  := -s -w -X main.version=$(VERSION)
QUICKSTART_DB ?= $(CURDIR)/.quickstart/dataflow.db

.PHONY: build test lint lint-tools bench install quickstart fuzz clean cluster

# golangci-lint is pinned and built by `make lint` into bin/tools (gitignored) on first use, or when the binary
# there is another version; nothing needs installing by hand. Its configuration is .golangci.yml.
GOLANGCI_LINT_VERSION := v2.15.0
GOLANGCI_LINT         := $(CURDIR)/bin/tools/golangci-lint

# The binary and the sample apps the quick start registers (file: URIs need a version in the name).
build:
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags '$(LDFLAGS)' -o $(BIN) ./cmd/dataflow
	CGO_ENABLED=0 $(GO) build -o bin/apps/timestamp-task-1.0.0.bin ./testdata/apps/timestamp
	CGO_ENABLED=0 $(GO) build -o bin/apps/exitwith-task-1.0.0.bin ./testdata/apps/exitwith
	CGO_ENABLED=0 $(GO) build -o bin/apps/streamapp ./testdata/apps/streamapp
	for app in time-source uppercase-processor log-sink; do cp bin/apps/streamapp bin/apps/$$app-1.0.0.bin; done

# vet, the race detector and every test, the Kubernetes ones against the project's own test cluster and the
# database ones against throwaway PostgreSQL and MariaDB servers (internal/testdb; their Debian packages are
# installed on first use, and a JDK, by .ci/install-test-deps.sh)
# (tools/k8s-harness, built once and cached: a cold build takes 6-12 min); the fuzz targets run briefly on
# their checked-in corpus.
test:
	bash .ci/install-test-deps.sh
	$(GO) vet ./...
	bash -c 'set -euo pipefail; source .ci/k8s-harness.sh; trap k8s_harness_stop EXIT; k8s_harness_start; \
		$(GO) test -race -count=1 -tags k8sintegration ./...; \
		cd tools/k8s-harness && $(GO) vet . && $(GO) test -count=1 -tags k8sharness ./smoke/'

# A test cluster for trying dataflow by hand; Ctrl-C stops it.
cluster:
	bash -c 'set -euo pipefail; source .ci/k8s-harness.sh; trap k8s_harness_stop EXIT; k8s_harness_start; \
		echo "export KUBECONFIG=$$KUBECONFIG   # then: kubectl get pods -A, or dataflow platform import / stream deploy"; \
		echo "Ctrl-C stops the cluster."; wait $$K8S_HARNESS_PID'

# gofmt, vet and golangci-lint (staticcheck and friends, see .golangci.yml) over the main module; the separate
# modules under tools/ and bench/ are not linted.
lint: lint-tools
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	$(GOLANGCI_LINT) run ./...

# The pinned golangci-lint, built from source through the module proxy only when missing or of another version.
lint-tools:
	@$(GO) version -m $(GOLANGCI_LINT) 2>/dev/null | \
		grep -Eq '^[[:space:]]+mod[[:space:]]+github.com/golangci/golangci-lint/v2[[:space:]]+$(GOLANGCI_LINT_VERSION)([[:space:]]|$$)' || { \
		echo "installing golangci-lint $(GOLANGCI_LINT_VERSION) into bin/tools"; \
		GOBIN=$(dir $(GOLANGCI_LINT)) $(GO) install github.com/golangci/golangci-lint/v2/cmd/golangci-lint@$(GOLANGCI_LINT_VERSION); }

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...
	bash bench/startup.sh

install:
	CGO_ENABLED=0 $(GO) install -trimpath -ldflags '$(LDFLAGS)' ./cmd/dataflow

# The quick start: a fresh store on the embedded local account, driven by testdata/quickstart.dfs. It needs no
# network: its docker apps are registered without reading their image labels (DATAFLOW_IMAGE_METADATA=off).
quickstart: build
	rm -rf $(dir $(QUICKSTART_DB)) && mkdir -p $(dir $(QUICKSTART_DB))
	DATAFLOW_CONFIG=$(dir $(QUICKSTART_DB))config.yaml DATAFLOW_IMAGE_METADATA=off ./$(BIN) --db $(QUICKSTART_DB) --file testdata/quickstart.dfs

fuzz:
	$(GO) test ./dsl -run '^$$' -fuzz FuzzParseStream -fuzztime 10m
	$(GO) test ./dsl -run '^$$' -fuzz FuzzParseTask -fuzztime 10m

clean:
	rm -rf bin .quickstart
