# EntityDB — see README.md. `make help` lists the targets.

GO        ?= go
DATA      ?= ./data
LISTEN    ?= 127.0.0.1:5433
FUZZ_TIME ?= 30s
# `make test` fuzzes for a number of executions, not a duration: a duration
# deadline can end a run with a spurious "context deadline exceeded" in the Go
# 1.26 fuzz coordinator (fixed in Go 1.27), and a count also makes the run
# the same amount of work on a slow machine.
TEST_FUZZ_CONN ?= 20000x
TEST_FUZZ_STORAGE ?= 100000x
TEST_FUZZ_TYPES ?= 50000x
BIN       := bin/entitydb
VERSION   ?= $(shell git describe --always --dirty 2>/dev/null || echo dev)
export CGO_ENABLED := 1
export PATH := /usr/local/go/bin:$(shell pg_config --bindir 2>/dev/null || echo /usr/lib/postgresql/15/bin):$(PATH)

.DEFAULT_GOAL := help

.PHONY: help
help: ## list the targets
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  %-14s %s\n", $$1, $$2}'

.PHONY: build
build: ## build bin/entitydb
	$(GO) build -ldflags "-X main.version=$(VERSION)" -o $(BIN) ./cmd/entitydb

.PHONY: run
run: build ## build and serve on $(DATA) at $(LISTEN) (logs a psql connection string)
	./$(BIN) serve --data $(DATA) --listen $(LISTEN)

.PHONY: deps
deps: ## install the test clients (Debian/npm packages; needs root for apt)
	./scripts/install-test-deps.sh

.PHONY: test
test: deps lint ## everything CI runs: vet, gofmt, unit, crash, client and differential tests, short fuzz
	$(GO) test -count=1 -timeout 20m ./...
	$(GO) test -count=1 -run '^$$' -fuzz '^FuzzConn$$' -fuzztime $(TEST_FUZZ_CONN) ./pgwire
	$(MAKE) fuzz-storage FUZZ_TIME=$(TEST_FUZZ_STORAGE)
	$(MAKE) fuzz-types FUZZ_TIME=$(TEST_FUZZ_TYPES)

.PHONY: test-short
test-short: ## quick tests only (-short)
	$(GO) test -short -count=1 -timeout 10m ./...

.PHONY: lint
lint: ## go vet and gofmt
	$(GO) vet ./...
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

.PHONY: fuzz
fuzz: fuzz-storage fuzz-types ## run the fuzz targets for FUZZ_TIME each
	$(GO) test -run '^$$' -fuzz '^FuzzConn$$' -fuzztime $(FUZZ_TIME) ./pgwire

.PHONY: fuzz-storage
fuzz-storage: ## fuzz the storage decoders (WAL, .idx, entities.ebf, catalog) for FUZZ_TIME each
	for f in FuzzDecodeBatch FuzzDecodeIndex FuzzDecodeEBFFrame FuzzDecodeCatalog; do \
		$(GO) test -count=1 -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZ_TIME) ./storage || exit 1; done
	$(GO) test -count=1 -run '^$$' -fuzz '^FuzzDecode$$' -fuzztime $(FUZZ_TIME) ./storage/wal

.PHONY: fuzz-types
fuzz-types: ## fuzz the value decoders (text and binary input of every type) for FUZZ_TIME each
	for f in FuzzParseText FuzzDecodeBinary; do \
		$(GO) test -count=1 -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZ_TIME) ./planner/types || exit 1; done

.PHONY: bench
bench: build ## entitydb vs PostgreSQL 15, full run (~25 min on 2 cores): bench/results/
	$(GO) run ./bench/cmd/edbbench -entitydb $(BIN) -out bench/results -command "make bench"

.PHONY: bench-smoke
bench-smoke: ## the same benchmark end to end at small sizes (< 2 min; part of make test)
	$(GO) test -count=1 -run '^TestSmoke$$' ./bench

.PHONY: bench-go
bench-go: ## Go benchmarks of every package
	$(GO) test -run '^$$' -bench . -benchmem ./...

.PHONY: bench-go-smoke
bench-go-smoke: ## every Go benchmark once (catches broken benchmarks quickly)
	$(GO) test -run '^$$' -bench . -benchtime 1x ./...

.PHONY: sqltests
sqltests: ## SQL test files against entitydb and PostgreSQL 15
	$(GO) test -count=1 ./sqltests/...

.PHONY: sqltests-long
sqltests-long: ## the long SQL test suite
	$(GO) test -count=1 -timeout 60m ./sqltests/... -args -long

.PHONY: clean
clean: ## remove build output
	rm -rf bin
