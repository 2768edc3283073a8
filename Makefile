# EntityDB — see README.md. `make help` lists the targets.

GO        ?= go
DATA      ?= ./data
LISTEN    ?= 127.0.0.1:5433
FUZZ_TIME ?= 30s
BIN       := bin/entitydb
export CGO_ENABLED := 1

.DEFAULT_GOAL := help

.PHONY: help
help: ## list the targets
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  %-14s %s\n", $$1, $$2}'

.PHONY: build
build: ## build bin/entitydb
	$(GO) build -o $(BIN) ./cmd/entitydb

.PHONY: run
run: build ## build and serve on $(DATA) at $(LISTEN)
	./$(BIN) serve --data $(DATA) --listen $(LISTEN)

.PHONY: deps
deps: ## install the test clients (Debian/npm packages; needs root for apt)
	./scripts/install-test-deps.sh

.PHONY: test
test: lint ## everything CI runs: vet, gofmt, unit, crash, client and differential tests
	$(GO) test -count=1 -timeout 20m ./...

.PHONY: test-short
test-short: ## quick tests only (-short)
	$(GO) test -short -count=1 -timeout 10m ./...

.PHONY: lint
lint: ## go vet and gofmt
	$(GO) vet ./...
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
