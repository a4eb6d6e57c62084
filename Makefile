# newswatch — build, run and test on Debian/Ubuntu.
#   make run    installs the missing apt packages (with sudo when not root), builds, and runs the
#               service in the foreground on Config/newswatch.yml (state, log and spool under var/)
#   make test   the same packages, then every test

SWIFT        ?= swift
CONFIG       ?= Config/newswatch.yml
APT_PACKAGES := libcurl4-openssl-dev libxml2-dev libyaml-dev libsqlite3-dev pkg-config
BIN_DIR       = $(shell $(SWIFT) build --show-bin-path 2>/dev/null)

.PHONY: all deps toolchain build release run once check test clean

all: build

toolchain:
	@command -v $(SWIFT) >/dev/null 2>&1 || { \
	  echo "newswatch needs a Swift 6 toolchain in PATH (https://www.swift.org/install/linux/)"; exit 1; }

deps:
	@missing=""; \
	for p in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  echo "installing:$$missing"; \
	  $$SUDO apt-get update && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y --no-install-recommends $$missing; \
	fi

build: toolchain deps
	$(SWIFT) build --product newswatch

release: toolchain deps
	$(SWIFT) build -c release --product newswatch

run: build
	$(BIN_DIR)/newswatch run --config $(CONFIG)

once: build
	$(BIN_DIR)/newswatch run --once --config $(CONFIG)

check: build
	$(BIN_DIR)/newswatch check --config $(CONFIG)

test: toolchain deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

clean:
	rm -rf .build var
