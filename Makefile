# apisix-ingress: see README.md.
SHELL := /usr/bin/env bash
GO ?= go
CACHE ?= $(or $(XDG_CACHE_HOME),$(HOME)/.cache)/apisix-ingress
TEST_TIMEOUT ?= 30m

.PHONY: all build test vet k8s-bins manifests generate run fmt-check

all: build

build:
	$(GO) build -o bin/apisix-ingress ./cmd/apisix-ingress

## test: vet + unit tests + tests against a real kube-apiserver and etcd (built when missing).
test: vet k8s-bins
	KUBEBUILDER_ASSETS="$$(bash hack/k8s-bins.sh)" $(GO) test -count=1 -timeout $(TEST_TIMEOUT) ./...

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
# APISIX's schemas, when they sit beside the checkout, let the in-process Admin
# API know every plugin (the product itself never reads ../shared).
APISIX_SCHEMAS ?= $(wildcard ../shared/apisix-schemas)

run: build k8s-bins
	KUBEBUILDER_ASSETS="$$(bash hack/k8s-bins.sh)" ./bin/apisix-ingress dev $(if $(APISIX_SCHEMAS),--apisix-schemas $(APISIX_SCHEMAS))
