# apisix-ingress: see README.md.
SHELL := /usr/bin/env bash
GO ?= go
CACHE ?= $(or $(XDG_CACHE_HOME),$(HOME)/.cache)/apisix-ingress
TEST_TIMEOUT ?= 30m

.PHONY: all build test vet k8s-bins apisix-runtime manifests generate run fmt-check

all: build

build:
	$(GO) build -o bin/apisix-ingress ./cmd/apisix-ingress

# APISIX's own JSON schemas: the tests check every translated object against
# them; `make run` gives them to the in-process Admin API. They are not part of
# the product (which reads schemas only from a directory it is given); by
# default they are taken from beside the checkout when present.
APISIX_SCHEMAS ?= $(abspath $(wildcard ../shared/apisix-schemas))

# A real Apache APISIX 3.18.0 for the end-to-end suite (tests/e2e) and
# `make run` (passed as `dev --apisix-runtime`; it installs on first start):
# the launcher beside the checkout, installed (idempotently) by
# `make apisix-runtime`. Without it those parts are skipped and say so.
APISIX_RUNTIME ?= $(abspath $(wildcard ../shared/apisix-runtime/apisix-runtime))

## test: vet + unit tests (the controller's and translator's again under the race detector) + tests against a real kube-apiserver and etcd (built when missing) and a real APISIX (when available).
test: vet k8s-bins apisix-runtime
	@status=0; \
	APISIX_RUNTIME="$(APISIX_RUNTIME)" APISIX_SCHEMAS_DIR="$(APISIX_SCHEMAS)" KUBEBUILDER_ASSETS="$$(bash hack/k8s-bins.sh)" \
		$(GO) test -count=1 -timeout $(TEST_TIMEOUT) ./... || status=$$?; \
	if command -v "$$($(GO) env CC)" >/dev/null; then \
		APISIX_SCHEMAS_DIR="$(APISIX_SCHEMAS)" CGO_ENABLED=1 $(GO) test -race -count=1 -timeout $(TEST_TIMEOUT) ./controller/... ./translator/... || status=$$?; \
	else echo "SKIPPED: the race detector run of ./controller/... ./translator/... (it needs cgo and a C compiler; none found: apt-get install gcc)"; fi; \
	bash hack/test-summary.sh "$(APISIX_SCHEMAS)" "$(APISIX_RUNTIME)"; \
	exit $$status

## apisix-runtime: install the real APISIX used by tests/e2e and make run (skipped without ../shared).
apisix-runtime:
	@if [[ -n "$(APISIX_RUNTIME)" ]]; then "$(APISIX_RUNTIME)" install >/dev/null; fi

vet: fmt-check
	$(GO) vet ./...

fmt-check:
	@out="$$(gofmt -l .)"; \
	if [[ -n "$$out" ]]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

## k8s-bins: build kube-apiserver and etcd from the Go module proxy into the cache (skipped when present).
k8s-bins:
	@bash hack/k8s-bins.sh >/dev/null

## manifests: regenerate the CRDs into manifests/crds.
manifests:
	"$$(bash hack/controller-gen.sh)" crd:allowDangerousTypes=true paths=./api/... output:crd:artifacts:config=manifests/crds

## generate: regenerate the deepcopy functions.
generate:
	"$$(bash hack/controller-gen.sh)" object:headerFile=hack/boilerplate.go.txt paths=./api/...

## run: the whole product on this machine (kube-apiserver, etcd, webhook, controller, and a real APISIX with echo pods when the runtime is available, else an in-memory Admin API).
run: build k8s-bins
	KUBEBUILDER_ASSETS="$$(bash hack/k8s-bins.sh)" ./bin/apisix-ingress dev $(if $(APISIX_SCHEMAS),--apisix-schemas $(APISIX_SCHEMAS)) $(if $(APISIX_RUNTIME),--apisix-runtime $(APISIX_RUNTIME))
