# apisix-ingress: see README.md.
SHELL := /usr/bin/env bash
GO ?= go
CACHE ?= $(or $(XDG_CACHE_HOME),$(HOME)/.cache)/apisix-ingress
TEST_TIMEOUT ?= 30m

.PHONY: all build test vet k8s-bins manifests generate run fmt-check

all: build

build:
	$(GO) build -o bin/apisix-ingress ./cmd/apisix-ingress

# APISIX's own JSON schemas: the tests check every translated object against
# them; `make run` gives them to the in-process Admin API. They are not part of
# the product (which reads schemas only from a directory it is given); by
# default they are taken from beside the checkout when present.
APISIX_SCHEMAS ?= $(abspath $(wildcard ../shared/apisix-schemas))

## test: vet + unit tests + tests against a real kube-apiserver and etcd (built when missing).
test: vet k8s-bins
	APISIX_SCHEMAS_DIR="$(APISIX_SCHEMAS)" KUBEBUILDER_ASSETS="$$(bash hack/k8s-bins.sh)" $(GO) test -count=1 -timeout $(TEST_TIMEOUT) ./...

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

## run: the whole product on this machine (kube-apiserver, etcd, webhook, controller, in-memory APISIX).
run: build k8s-bins
	KUBEBUILDER_ASSETS="$$(bash hack/k8s-bins.sh)" ./bin/apisix-ingress dev $(if $(APISIX_SCHEMAS),--apisix-schemas $(APISIX_SCHEMAS))
