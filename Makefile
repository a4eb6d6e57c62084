# newswatch — build, run and test on Debian/Ubuntu.
#   make run    installs the missing apt packages (with sudo when not root), builds, and runs the
#               service in the foreground on Config/newswatch.yml (state, log and spool under var/)
#   make test   the same packages (and python3-aiosmtpd, openssl, nginx-light for the tests), then every test
#   make install    a release build (Swift runtime linked in) with the systemd unit, sysusers.d,
#                   tmpfiles.d and logrotate files, the man page and shell completions (made from the
#                   built binary), and /etc/newswatch (never overwritten); see README
#   make uninstall  removes what install put in place, except /etc/newswatch and the data
#   make test-systemd  boots a real systemd in systemd-nspawn and runs the installed service (root)
#   make lint       swift format lint --strict with .swift-format; make format rewrites the files in place

SWIFT        ?= swift
CONFIG       ?= Config/newswatch.yml
APT_PACKAGES := libcurl4-openssl-dev libxml2-dev libyaml-dev libsqlite3-dev zlib1g-dev pkg-config
# The tests also start a mail server (aiosmtpd, README "Outputs") and nginx (HTTP/2), with certificates made by openssl.
TEST_APT_PACKAGES := python3-aiosmtpd openssl nginx-light
BIN_DIR       = $(shell $(SWIFT) build --show-bin-path 2>/dev/null)
# `make test` treats compiler warnings in the project's own targets as errors (SwiftPM builds the
# dependencies with their warnings suppressed, so the flag does not reach them). The flag makes the
# project's own modules recompile when a build without it came before; `make test WERROR=` turns it off.
WERROR       ?= -Xswiftc -warnings-as-errors
# What swift format lints and formats: every Swift file but the generated HTML entity table (a multiline
# string literal at column 0, which the formatter would re-indent line by line).
# The tests use Swift Testing. swift test runs XCTest first, which finds nothing and prints "Executed 0
# tests"; it is skipped, unless some test file imports XCTest (then it would run, and must).
XCTEST        = $(if $(shell grep -rl --include='*.swift' '^import XCTest' Tests 2>/dev/null),,--disable-xctest)
FORMAT_FILES  = $(shell find Sources Tests Benchmarks -name '*.swift' ! -path Sources/Feeds/Text/HTMLEntityTable.swift | sort)

# Installation (DESTDIR for staging). Units, sysusers.d and tmpfiles.d go under PREFIX/lib, which
# systemd searches for locally installed software; the config under SYSCONFDIR.
PREFIX       ?= /usr/local
SYSCONFDIR   ?= /etc
DESTDIR      ?=
BINDIR        = $(PREFIX)/bin
UNITDIR       = $(PREFIX)/lib/systemd/system
SYSUSERSDIR   = $(PREFIX)/lib/sysusers.d
TMPFILESDIR   = $(PREFIX)/lib/tmpfiles.d
MANDIR        = $(PREFIX)/share/man/man1
BASHCOMPDIR   = $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR    = $(PREFIX)/share/zsh/site-functions
FISHCOMPDIR   = $(PREFIX)/share/fish/vendor_completions.d
STATIC_BUILD  = .build/static
# The man page's date: the last commit's, so that the same sources give the same page.
MAN_DATE      = $(shell git log -1 --format=%cs 2>/dev/null || date -u +%F)

.PHONY: all deps toolchain build release static docs run once check test lint format install uninstall test-systemd clean

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

test: APT_PACKAGES += $(TEST_APT_PACKAGES)
test: toolchain deps
	$(SWIFT) build --build-tests $(WERROR)
	$(SWIFT) test --skip-build $(XCTEST)

# Style: .swift-format matches the code's style (4 spaces, 120 columns). Without --strict, lint exits 0
# on findings.
lint: toolchain
	@echo "$(SWIFT) format lint --strict --parallel: $(words $(FORMAT_FILES)) files in Sources Tests Benchmarks"
	@$(SWIFT) format lint --strict --parallel $(FORMAT_FILES)

format: toolchain
	@echo "$(SWIFT) format --in-place --parallel: $(words $(FORMAT_FILES)) files in Sources Tests Benchmarks"
	@$(SWIFT) format --in-place --parallel $(FORMAT_FILES)

# The installed binary carries the Swift runtime and Foundation (--static-swift-stdlib): it needs only
# the Debian libraries (libcurl, libxml2, libyaml, libsqlite3), not the toolchain.
static: toolchain deps
	$(SWIFT) build -c release --product newswatch --static-swift-stdlib --scratch-path $(STATIC_BUILD)

# The man page and the shell completions, made from the built binary so that they never go stale.
# newswatch.1 comes from swift-argument-parser's generate-manual (the tool behind its GenerateManual
# plugin; the plugin itself would build the whole package again, in another configuration).
docs: static
	$(SWIFT) build -c release --product generate-manual --static-swift-stdlib --scratch-path $(STATIC_BUILD)
	@mkdir -p $(STATIC_BUILD)/docs
	$(STATIC_BUILD)/release/generate-manual $(STATIC_BUILD)/release/newswatch --date $(MAN_DATE) \
	  --output-directory $(STATIC_BUILD)/docs
	@# A blank line in a help text is a paragraph break; in mdoc that is .Pp (man warns on empty lines).
	sed -i 's/^$$/.Pp/' $(STATIC_BUILD)/docs/newswatch.1
	$(STATIC_BUILD)/release/newswatch --generate-completion-script bash > $(STATIC_BUILD)/docs/newswatch.bash
	$(STATIC_BUILD)/release/newswatch --generate-completion-script zsh > $(STATIC_BUILD)/docs/_newswatch
	$(STATIC_BUILD)/release/newswatch --generate-completion-script fish > $(STATIC_BUILD)/docs/newswatch.fish

install: static docs
	install -D -m 0755 -s $(STATIC_BUILD)/release/newswatch $(DESTDIR)$(BINDIR)/newswatch
	install -D -m 0644 $(STATIC_BUILD)/docs/newswatch.1 $(DESTDIR)$(MANDIR)/newswatch.1
	install -D -m 0644 $(STATIC_BUILD)/docs/newswatch.bash $(DESTDIR)$(BASHCOMPDIR)/newswatch
	install -D -m 0644 $(STATIC_BUILD)/docs/_newswatch $(DESTDIR)$(ZSHCOMPDIR)/_newswatch
	install -D -m 0644 $(STATIC_BUILD)/docs/newswatch.fish $(DESTDIR)$(FISHCOMPDIR)/newswatch.fish
	install -d $(DESTDIR)$(UNITDIR)
	sed 's|/usr/local/bin/newswatch|$(BINDIR)/newswatch|g; s|/etc/newswatch/|$(SYSCONFDIR)/newswatch/|g' \
	  systemd/newswatch.service > $(DESTDIR)$(UNITDIR)/newswatch.service
	chmod 0644 $(DESTDIR)$(UNITDIR)/newswatch.service
	install -D -m 0644 systemd/newswatch.sysusers $(DESTDIR)$(SYSUSERSDIR)/newswatch.conf
	install -D -m 0644 systemd/newswatch.tmpfiles $(DESTDIR)$(TMPFILESDIR)/newswatch.conf
	install -D -m 0644 systemd/newswatch.logrotate $(DESTDIR)$(SYSCONFDIR)/logrotate.d/newswatch
	@conf=$(DESTDIR)$(SYSCONFDIR)/newswatch; \
	if [ -e $$conf/newswatch.yml ]; then \
	  echo "keeping $$conf/newswatch.yml (compare with Config/newswatch.yml)"; \
	else \
	  install -d -m 0755 $$conf; \
	  sed 's|\.\./var/log/alerts\.log|/var/log/newswatch/alerts.log|; s|\.\./var/spool|/var/spool/newswatch|; s|\.\./var/lib|/var/lib/newswatch|' \
	    Config/newswatch.yml > $$conf/newswatch.yml; \
	  chmod 0644 $$conf/newswatch.yml; \
	fi; \
	if [ -d $$conf/rules.d ]; then \
	  echo "keeping $$conf/rules.d/"; \
	else \
	  install -d -m 0755 $$conf/rules.d && install -m 0644 Config/rules.d/*.yml $$conf/rules.d/; \
	fi
	$(DESTDIR)$(BINDIR)/newswatch check --config $(DESTDIR)$(SYSCONFDIR)/newswatch/newswatch.yml
	@if [ -z "$(DESTDIR)" ] && [ -d /run/systemd/system ]; then \
	  systemd-sysusers $(SYSUSERSDIR)/newswatch.conf && \
	  systemd-tmpfiles --create $(TMPFILESDIR)/newswatch.conf && \
	  systemctl daemon-reload && \
	  echo "installed; start it with: systemctl enable --now newswatch"; \
	else \
	  echo "installed under '$(DESTDIR)'; on the target: systemd-sysusers, systemd-tmpfiles --create, systemctl daemon-reload"; \
	fi

uninstall:
	-@[ -z "$(DESTDIR)" ] && [ -d /run/systemd/system ] && systemctl disable --now newswatch.service 2>/dev/null; true
	rm -f $(DESTDIR)$(BINDIR)/newswatch $(DESTDIR)$(UNITDIR)/newswatch.service \
	  $(DESTDIR)$(SYSUSERSDIR)/newswatch.conf $(DESTDIR)$(TMPFILESDIR)/newswatch.conf \
	  $(DESTDIR)$(SYSCONFDIR)/logrotate.d/newswatch $(DESTDIR)$(MANDIR)/newswatch.1 \
	  $(DESTDIR)$(BASHCOMPDIR)/newswatch $(DESTDIR)$(ZSHCOMPDIR)/_newswatch $(DESTDIR)$(FISHCOMPDIR)/newswatch.fish
	-@[ -z "$(DESTDIR)" ] && [ -d /run/systemd/system ] && systemctl daemon-reload; true
	@echo "kept: $(SYSCONFDIR)/newswatch, /var/lib/newswatch, /var/log/newswatch, /var/spool/newswatch and the user newswatch"

test-systemd:
	Tests/systemd/boot-test.sh

clean:
	rm -rf .build var
