# dataflow: build, test and measure. `make test` is what CI runs (.ci/run).
GO       ?= go
BIN      ?= bin/dataflow
VERSION  ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS  := -s -w -X main.version=$(VERSION)
QUICKSTART_DB ?= $(CURDIR)/.quickstart/dataflow.db

.PHONY: build test lint bench install quickstart fuzz clean

# The binary and the sample apps the quick start registers (file: URIs need a version in the name).
build:
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags '$(LDFLAGS)' -o $(BIN) ./cmd/dataflow
	CGO_ENABLED=0 $(GO) build -o bin/apps/timestamp-task-1.0.0.bin ./testdata/apps/timestamp
	CGO_ENABLED=0 $(GO) build -o bin/apps/exitwith-task-1.0.0.bin ./testdata/apps/exitwith
	CGO_ENABLED=0 $(GO) build -o bin/apps/streamapp ./testdata/apps/streamapp
	for app in time-source uppercase-processor log-sink; do cp bin/apps/streamapp bin/apps/$$app-1.0.0.bin; done

# vet, the race detector and every test; the fuzz targets run briefly on their checked-in corpus.
test:
	$(GO) vet ./...
	$(GO) test -race -count=1 ./...

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...
	bash bench/startup.sh

install:
	CGO_ENABLED=0 $(GO) install -trimpath -ldflags '$(LDFLAGS)' ./cmd/dataflow

# The quick start: a fresh store on the embedded local account, driven by testdata/quickstart.dfs.
quickstart: build
	rm -rf $(dir $(QUICKSTART_DB))
	./$(BIN) --db $(QUICKSTART_DB) --config $(dir $(QUICKSTART_DB))config.yaml --file testdata/quickstart.dfs

fuzz:
	$(GO) test ./dsl -run '^$$' -fuzz FuzzParseStream -fuzztime 10m
	$(GO) test ./dsl -run '^$$' -fuzz FuzzParseTask -fuzztime 10m

clean:
	rm -rf bin .quickstart
