# Sovereign Workflows: one entry point for setting up, building, running and testing.
# Every target installs the Debian packages it needs, and only those that are missing.

SHELL := /bin/bash
# The toolchain lives in /opt/swift on our machines; make it findable even from a bare shell.
export PATH := $(PATH):/opt/swift/usr/bin

# C libraries we wrap, and what the test suite's independent schema check uses.
PACKAGES := pkg-config libyaml-dev libjq-dev libonig-dev libsqlite3-dev libssl-dev libmicrohttpd-dev libgit2-dev python3 python3-venv python3-jsonschema python3-yaml curl
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: deps build run lint test bench schemas clean

deps:
	@command -v swift >/dev/null || { echo "error: Swift 6 is not installed (expected swift on PATH or in /opt/swift/usr/bin)"; exit 2; }
	@missing=""; \
	for package in $(PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$package 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$package"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing missing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi

build: deps
	swift build -c release
	scripts/fetch-swagger-ui

# The main job: the engine and its API on port 5003, syncing this repository's own workflows/.
run: build
	.build/release/sovereign serve

lint: build
	.build/release/sovereign lint workflows/

test: deps
	swift test
	scripts/api-contract-test

bench: deps
	bench/run

# Rewrites schemas/*.schema.json from the loader's own schemas (a test fails while they differ).
schemas: deps
	SOVEREIGN_UPDATE_SCHEMAS=1 swift test --filter SchemaFilesTests

clean:
	rm -rf .build bench/out
