# Makefile -- zoho-mock: deps, build, run, test, sanitize, fuzz, valgrind, bench
#
# `make run` and `make test` are the two commands a newcomer needs; both
# install missing Debian packages first (`make deps`).
#
# Layout: server/<layer>/*.c compile to build/obj/<layer>/*.o (optimised)
# and build/san/<layer>/*.o (AddressSanitizer + UBSan, for the tests).
# Header dependencies come from the compiler (-MMD -MP). Each test suite
# tests/<layer>/test_<name>.c is its own binary and its own make target,
# so `make -j` runs suites in parallel; a suite whose inputs did not change
# since it last passed is not run again (`make retest` forces every one).

CC      ?= cc
CFLAGS  ?= -O2 -g
CFLAGS  += -std=c11 -D_GNU_SOURCE -Wall -Wextra -Wshadow -pthread -Iserver
CFLAGS  += $(shell pkg-config --cflags libcjson lua5.4 libpcre2-8 2>/dev/null)
DEPFLAGS = -MMD -MP
# libcurl is not linked: util/curl_lazy.c loads it on first use (starting faster).
LDLIBS  += -lcivetweb $(shell pkg-config --libs libcjson lua5.4 libpcre2-8 2>/dev/null) -ldl -lm -pthread
TEST_LDLIBS = $(shell pkg-config --libs criterion libcurl 2>/dev/null)

DEB_PACKAGES = libcivetweb-dev libcjson-dev liblua5.4-dev libcriterion-dev \
               libcurl4-openssl-dev libpcre2-dev pkg-config poppler-utils \
               dpkg-dev groff-base nodejs python3-pytest python3-jsonschema python3-yaml chromium \
               clang libclang-rt-14-dev
# clang and its libFuzzer runtime: `make test` runs each fuzz target briefly.
# valgrind only for `make valgrind`, which installs it.
VALGRIND_PACKAGES = valgrind

SERVER_SRC   = $(filter-out server/main.c,$(wildcard server/*/*.c))
TEST_SRC     = $(wildcard tests/*/test_*.c)
TEST_LIB_SRC = $(wildcard tests/lib/*.c)
# What the suites read besides their own binary: fixtures, scenarios, contracts.
TEST_DATA    = $(wildcard fixtures/*.json scenarios/* contracts/*.json contracts/*/*.json contracts/*/*/*.json)

BUILD   = build
OBJ     = $(BUILD)/obj
SAN     = $(BUILD)/san
SANFLAGS = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined

PORT     ?= 8080
BIND     ?= 127.0.0.1
FIXTURES ?= fixtures/default.json

.PHONY: all deps build run test check retest unit sanitize clean bench bench-deps install install-files uninstall deb pact conformance routes-readme module-contracts fuzz fuzz-build valgrind soak

# Objects made on the way to a fuzz or valgrind binary stay (no rebuild next time).
.SECONDARY:

all: build

# Installs the Debian packages of $(1) that are missing, and nothing when
# all are present (make deps, make bench, make valgrind).
define install_missing
	@missing=""; for p in $(1); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "make: installing$$missing"; \
	  SUDO=""; [ "$$(id -u)" -ne 0 ] && SUDO=sudo; \
	  $$SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq $$missing; \
	fi; \
	if ! command -v npm >/dev/null; then \
	  echo "make deps: installing npm"; \
	  SUDO=""; [ "$$(id -u)" -ne 0 ] && SUDO=sudo; \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq npm; \
	fi
endef

deps:
	$(call install_missing,$(DEB_PACKAGES))

# npm may come from elsewhere than Debian (Debian's npm then conflicts):
# only a machine without the command gets the package.
install_missing_cmd = SUDO=""; [ "$$(id -u)" -ne 0 ] && SUDO=sudo; \
	DEBIAN_FRONTEND=noninteractive $$SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq $(1)

build: deps
	@$(MAKE) --no-print-directory $(BUILD)/zoho-mock

run: build
	./$(BUILD)/zoho-mock --port $(PORT) --bind $(BIND) --fixtures $(FIXTURES)

# ------------------------------------------------------------ compiling

# Files compiled into the binary (util/embedded.h): Zoho's facts, the
# hand-written routes' OpenAPI descriptions, the default fixture, the
# example scenarios, the dashboard (/__admin/ui), verify --openapi's tool.
UI_FILES    = $(sort $(wildcard ui/*.html ui/*.css ui/*.js ui/*.svg))
EMBED_FILES = $(sort $(wildcard spec/zoho/*.json)) spec/mock/openapi.json fixtures/default.json \
              $(sort $(wildcard scenarios/*.lua)) $(UI_FILES) server/verify/openapi_drift.py
GEN = $(BUILD)/gen
# One run of embed.sh makes both files (a grouped target: never twice under -j).
$(GEN)/embedded_table.c $(GEN)/embedded_data.S &: $(EMBED_FILES) tools/embed.sh
	$(call say,EMBED,$(words $(EMBED_FILES)) files)
	$(Q)tools/embed.sh $(GEN) $(EMBED_FILES)

SERVER_OBJ = $(patsubst server/%.c,$(OBJ)/%.o,$(SERVER_SRC)) $(OBJ)/gen/embedded_table.o $(OBJ)/gen/embedded_data.o
SAN_OBJ    = $(patsubst server/%.c,$(SAN)/%.o,$(SERVER_SRC)) $(SAN)/gen/embedded_table.o $(SAN)/gen/embedded_data.o

$(OBJ)/gen/%.o: $(GEN)/%.c
	@mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) -c -o $@ $<
$(SAN)/gen/%.o: $(GEN)/%.c
	@mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) $(SANFLAGS) -c -o $@ $<
$(OBJ)/gen/%.o: $(GEN)/%.S
	@mkdir -p $(@D)
	$(Q)$(CC) -c -o $@ $<
$(SAN)/gen/%.o: $(GEN)/%.S
	@mkdir -p $(@D)
	$(Q)$(CC) -c -o $@ $<

# One short line per step; `make V=1` shows the commands.
Q = $(if $(V),,@)
say = $(if $(V),,@echo "  $(1) $(2)")

$(OBJ)/%.o: server/%.c
	@mkdir -p $(@D)
	$(call say,CC,$<)
	$(Q)$(CC) $(CFLAGS) $(DEPFLAGS) -c -o $@ $<

$(SAN)/%.o: server/%.c
	@mkdir -p $(@D)
	$(call say,CC-SAN,$<)
	$(Q)$(CC) $(CFLAGS) $(SANFLAGS) $(DEPFLAGS) -c -o $@ $<

$(BUILD)/zoho-mock: $(OBJ)/main.o $(SERVER_OBJ)
	$(call say,LINK,$@)
	$(Q)$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

$(SAN)/zoho-mock: $(SAN)/main.o $(SAN_OBJ)
	$(call say,LINK,$@)
	$(Q)$(CC) $(CFLAGS) $(SANFLAGS) -o $@ $^ $(LDLIBS)

# ------------------------------------------------------ install, package

# `make install PREFIX=/usr/local DESTDIR=...`: the binary (it carries the
# default fixture and the example scenarios) and the man page.
PREFIX  ?= /usr/local
BINDIR   = $(PREFIX)/bin
MAN1DIR  = $(PREFIX)/share/man/man1
VERSION := $(shell sed -n 's/^\#define ZM_VERSION "\(.*\)"$$/\1/p' server/util/version.h)

install: build
	@$(MAKE) --no-print-directory install-files

install-files: $(BUILD)/zoho-mock doc/zoho-mock.1
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MAN1DIR)
	install -m 0755 $(BUILD)/zoho-mock $(DESTDIR)$(BINDIR)/zoho-mock
	install -m 0644 doc/zoho-mock.1 $(DESTDIR)$(MAN1DIR)/zoho-mock.1

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/zoho-mock $(DESTDIR)$(MAN1DIR)/zoho-mock.1

# `make deb`: build/zoho-mock_<version>_<arch>.deb, from `make install
# PREFIX=/usr` into build/deb (tools/make_deb.sh: strip, control, dpkg-deb).
DEB = $(BUILD)/zoho-mock_$(VERSION)_$(shell dpkg --print-architecture 2>/dev/null).deb
deb: build
	@$(MAKE) --no-print-directory $(DEB)
	@echo "  $(DEB)"

$(DEB): $(BUILD)/zoho-mock doc/zoho-mock.1 tools/make_deb.sh server/util/version.h
	$(call say,DEB,$@)
	$(Q)rm -rf $(BUILD)/deb $(BUILD)/zoho-mock_*.deb
	$(Q)$(MAKE) --no-print-directory install-files DESTDIR=$(CURDIR)/$(BUILD)/deb/debian/zoho-mock PREFIX=/usr >/dev/null
	$(Q)tools/make_deb.sh $(BUILD)/deb $(VERSION) $@

# ------------------------------------------------------------ the tests

# The shared test helpers, compiled once.
TEST_LIB_OBJ = $(patsubst tests/lib/%.c,$(SAN)/tests/lib/%.o,$(TEST_LIB_SRC))
$(SAN)/tests/lib/%.o: tests/lib/%.c
	@mkdir -p $(@D)
	$(call say,CC-SAN,$<)
	$(Q)$(CC) $(CFLAGS) $(SANFLAGS) $(DEPFLAGS) -Itests/lib -c -o $@ $<

# tests/<layer>/test_<name>.c -> build/san/tests/<layer>/t_<name>
test_bin = $(SAN)/$(dir $(1))$(patsubst test_%,t_%,$(basename $(notdir $(1))))
TEST_BINS = $(foreach t,$(TEST_SRC),$(call test_bin,$(t)))

$(SAN)/tests/%.o: tests/%.c
	@mkdir -p $(@D)
	$(call say,CC-SAN,$<)
	$(Q)$(CC) $(CFLAGS) $(SANFLAGS) $(DEPFLAGS) -Itests/lib -c -o $@ $<

# The fuzz replay suite (tests/fuzz/) links the fuzz targets themselves.
FUZZ_TARGET_SRC = $(sort $(wildcard tests/fuzz/fuzz_*.c))
fuzz_objs = $(if $(filter tests/fuzz/%,$(1)),$(patsubst tests/%.c,$(2)/tests/%.o,$(FUZZ_TARGET_SRC)))

define test_link
$(call test_bin,$(1)): $(SAN)/tests/$(basename $(patsubst tests/%,%,$(1))).o $(call fuzz_objs,$(1),$(SAN)) $(TEST_LIB_OBJ) $(SAN_OBJ)
	$$(call say,LINK,$$@)
	$$(Q)$$(CC) $$(CFLAGS) $$(SANFLAGS) -o $$@ $$^ $$(LDLIBS) $$(TEST_LDLIBS)
endef
$(foreach t,$(TEST_SRC),$(eval $(call test_link,$(t))))

# One stamp per suite: it passed with these inputs. Each suite gets its own
# TMPDIR under build/, removed when it passes: nothing is left in /tmp.
# ZOHO_MOCK_CHECK_TABLES=1: after every engine call the server checks its
# list tables and kept rows against the records (model/docs.h) and stops
# with the record a change left behind.
TEST_STAMPS = $(addsuffix .passed,$(TEST_BINS))
%.passed: % $(SAN)/zoho-mock $(BUILD)/zoho-mock $(TEST_DATA)
	@rm -rf $*.tmp && mkdir -p $*.tmp
	@if TMPDIR=$(CURDIR)/$*.tmp ZOHO_MOCK_BIN=$(CURDIR)/$(SAN)/zoho-mock ASAN_OPTIONS=detect_leaks=1 ZOHO_MOCK_CHECK_TABLES=1 \
	    $* --jobs 2 >$*.log 2>&1; then \
	  echo "  PASS $(notdir $*): $$(grep -ho 'Tested: [0-9]*' $*.log)"; rm -rf $*.tmp; touch $@; \
	else cat $*.log; echo "  FAIL $*"; exit 1; fi

# The project's own contracts against a fresh mock, under the sanitizers.
CONTRACT_STAMP = $(SAN)/contracts.passed
$(CONTRACT_STAMP): $(SAN)/zoho-mock $(TEST_DATA)
	@ASAN_OPTIONS=detect_leaks=1 ./$(SAN)/zoho-mock verify contracts/ >$(SAN)/contracts.log 2>&1 \
	  && echo "  PASS contracts: $$(tail -1 $(SAN)/contracts.log)" && touch $@ \
	  || { cat $(SAN)/contracts.log; echo "  FAIL contracts"; exit 1; }

# Every documented operation walked on a fresh mock under the sanitizers;
# fails below the percentages in tests/conformance/thresholds.json.
CONFORMANCE = tests/conformance
CONFORMANCE_STAMP = $(SAN)/conformance.passed
$(CONFORMANCE_STAMP): $(SAN)/zoho-mock $(wildcard $(CONFORMANCE)/*.py $(CONFORMANCE)/*.json spec/zoho/*.json) fixtures/default.json
	@rm -rf $(SAN)/conformance.tmp && mkdir -p $(SAN)/conformance.tmp
	@if TMPDIR=$(CURDIR)/$(SAN)/conformance.tmp ASAN_OPTIONS=detect_leaks=1 ZOHO_MOCK_CHECK_TABLES=1 /usr/bin/python3 $(CONFORMANCE)/conformance.py \
	    --binary $(SAN)/zoho-mock --check $(CONFORMANCE)/thresholds.json >$(SAN)/conformance.log 2>&1; then \
	  echo "  PASS conformance: $$(grep '^total' $(SAN)/conformance.log | awk '{print $$2" operations, "$$3" routed, code 0 "$$5", schema-valid "$$7}')"; \
	  rm -rf $(SAN)/conformance.tmp; touch $@; \
	else cat $(SAN)/conformance.log; echo "  FAIL conformance"; exit 1; fi

# scenarios/README.md's table of route names, from `zoho-mock routes --markdown`.
routes-readme: build
	@tools/readme_routes.sh $(BUILD)/zoho-mock scenarios/README.md

# contracts/modules/<module>.json, recorded from each module's happy path: make module-contracts [MODULE=...]
module-contracts: build
	@/usr/bin/python3 $(CONFORMANCE)/module_contracts.py $(MODULE)

# The table, from the optimised build: make conformance [MODULE=salesorders] [ARGS=--verbose]
conformance: build
	@/usr/bin/python3 $(CONFORMANCE)/conformance.py $(foreach m,$(MODULE),--module $(m)) $(ARGS)

LAYER_STAMP = $(BUILD)/layers.passed
$(LAYER_STAMP): $(wildcard server/*/*.c server/*/*.h) tools/check_layers.sh
	@tools/check_layers.sh | sed 's/^/  /' && touch $@

# ------------------------------------------------------------ Pact

# Pact's own tooling against zoho-mock (README: Contract testing with Pact): npm's
# @pact-foundation/pact (pact_ffi inside) installed from the committed
# lock file into tests/pact/node_modules, then one stamp per test file.
PACT      = $(BUILD)/pact
PACT_NPM  = tests/pact/node_modules/.installed
PACT_SRC  = $(filter-out %.test.js,$(wildcard tests/pact/*.js))
PACT_STAMPS = $(patsubst tests/pact/%.test.js,$(PACT)/%.passed,$(wildcard tests/pact/*.test.js))

$(PACT_NPM): tests/pact/package.json tests/pact/package-lock.json
	$(call say,NPM,tests/pact)
	$(Q)cd tests/pact && npm ci --no-audit --no-fund --loglevel=error >/dev/null
	@touch $@

# Each test writes its pacts to its own folder (emptied first: Pact merges
# into an existing file). The consumer's pact is then verified by
# `zoho-mock verify`, as a CI job would.
$(PACT)/%.passed: tests/pact/%.test.js $(PACT_SRC) $(PACT_NPM) $(SAN)/zoho-mock $(TEST_DATA)
	@rm -rf $(PACT)/$* && mkdir -p $(PACT)/$*/tmp $(PACT)/$*/pacts
	@if TMPDIR=$(CURDIR)/$(PACT)/$*/tmp PACT_DIR=$(PACT)/$*/pacts ZOHO_MOCK_BIN=$(SAN)/zoho-mock \
	    PACT_DO_NOT_TRACK=true ASAN_OPTIONS=detect_leaks=1 node --test $< >$(PACT)/$*.log 2>&1 && \
	  { [ $* != consumer ] || ASAN_OPTIONS=detect_leaks=1 ./$(SAN)/zoho-mock verify \
	      --states contracts/states.json $(PACT)/$*/pacts/ >>$(PACT)/$*.log 2>&1; }; then \
	  echo "  PASS pact $*: node $$(grep -h '^# pass' $(PACT)/$*.log | tr -d '#')$$([ $* != consumer ] || echo ", zoho-mock verify: $$(tail -1 $(PACT)/$*.log)")"; \
	  rm -rf $(PACT)/$*/tmp; touch $@; \
	else cat $(PACT)/$*.log; echo "  FAIL pact $*"; exit 1; fi

pact: deps
	@$(MAKE) --no-print-directory $(PACT_STAMPS)


# Suites that are not Criterion binaries (shell, Node, Python), run like
# them: $(call run_suite,NAME,COMMAND,SUMMARY) runs COMMAND with its own
# TMPDIR (removed when it passes) and its output in build/NAME.log, then
# prints PASS and SUMMARY (a filter of the log) and touches the stamp, or
# prints the log and FAIL.
define run_suite
	@rm -rf $(BUILD)/$(1).tmp && mkdir -p $(BUILD)/$(1).tmp
	@if TMPDIR=$(CURDIR)/$(BUILD)/$(1).tmp ZOHO_MOCK_BIN=$(CURDIR)/$(BUILD)/zoho-mock $(2) \
	    >$(CURDIR)/$(BUILD)/$(1).log 2>&1; then \
	  echo "  PASS $(1): $$({ $(3); } <$(BUILD)/$(1).log)"; rm -rf $(BUILD)/$(1).tmp; touch $@; \
	else cat $(BUILD)/$(1).log; echo "  FAIL $(1)"; exit 1; fi
endef

# README's curl walkthroughs, run as written: answers code 0, figures as their comments say.
WALKTHROUGH_STAMP = $(BUILD)/walkthroughs.passed
$(WALKTHROUGH_STAMP): $(BUILD)/zoho-mock README.md tests/readme/walkthroughs.py
	$(call run_suite,walkthroughs,/usr/bin/python3 tests/readme/walkthroughs.py $(BUILD)/zoho-mock,tail -n 1)
check: $(WALKTHROUGH_STAMP)

# The man page names every flag and command of --help and every admin route.
MANPAGE_STAMP = $(BUILD)/manpage.passed
$(MANPAGE_STAMP): $(BUILD)/zoho-mock doc/zoho-mock.1 server/http/routes.c tests/pkg/check_manpage.sh
	$(call run_suite,manpage,tests/pkg/check_manpage.sh $(BUILD)/zoho-mock doc/zoho-mock.1 server/http/routes.c,tail -n 1)

# The .deb: metadata, files, and the unpacked binary serving from an unrelated folder.
DEB_STAMP = $(BUILD)/deb.passed
DEB_CONTRACT = contracts/flows/scenario-flaky-then-ok.json
$(DEB_STAMP): $(DEB) tests/pkg/test_deb.sh fixtures/default.json $(DEB_CONTRACT)
	$(call run_suite,deb,tests/pkg/test_deb.sh $(DEB) $(VERSION) fixtures/default.json $(DEB_CONTRACT),tail -n 1)

# The test kits against the optimised binary.
NODE_KIT_STAMP = $(BUILD)/testkit-node.passed
$(NODE_KIT_STAMP): $(BUILD)/zoho-mock $(wildcard testkits/node/*.js testkits/node/*.json testkits/node/test/*.js)
	$(call run_suite,testkit-node,sh -c 'cd testkits/node && node --test test/',sed -n 's/^. \(tests\|pass\|fail\) \([0-9]*\)/\2 \1/p' | paste -sd' ')

PY_KIT_STAMP = $(BUILD)/testkit-python.passed
$(PY_KIT_STAMP): $(BUILD)/zoho-mock $(wildcard testkits/python/*.toml testkits/python/zoho_mock/*.py testkits/python/tests/*.py)
	$(call run_suite,testkit-python,sh -c 'cd testkits/python && PYTHONDONTWRITEBYTECODE=1 /usr/bin/python3 -m pytest -q',tail -n 1)

PKG_STAMPS = $(MANPAGE_STAMP) $(DEB_STAMP) $(NODE_KIT_STAMP) $(PY_KIT_STAMP)

# The dashboard in a real browser: Debian's chromium driven by playwright-core
# (npm, installed from the committed lock into build/ui), node's test runner.
UI_DIR   = $(BUILD)/ui
UI_NODE  = $(UI_DIR)/node_modules/.installed
UI_STAMP = $(UI_DIR)/dashboard.passed
# $(call npm_ci,FROM,INTO,WHAT): npm ci of FROM's package.json and lock in INTO.
define npm_ci
	@mkdir -p $(2)
	@cp $(1)/package.json $(1)/package-lock.json $(2)/
	$(call say,NPM,$(3))
	$(Q)cd $(2) && npm ci --no-audit --no-fund --loglevel=error >npm.log 2>&1 || { cat npm.log; exit 1; }
	@touch $@
endef
$(UI_NODE): tests/ui/package.json tests/ui/package-lock.json
	$(call npm_ci,tests/ui,$(UI_DIR),playwright-core)
$(UI_STAMP): tests/ui/dashboard.test.cjs $(UI_NODE) $(SAN)/zoho-mock $(TEST_DATA)
	@rm -rf $(UI_DIR)/tmp && mkdir -p $(UI_DIR)/tmp
	@if TMPDIR=$(CURDIR)/$(UI_DIR)/tmp NODE_PATH=$(CURDIR)/$(UI_DIR)/node_modules \
	    ZOHO_MOCK_BIN=$(CURDIR)/$(SAN)/zoho-mock ASAN_OPTIONS=detect_leaks=1 \
	    SCREENSHOTS=$(CURDIR)/$(UI_DIR)/screenshots \
	    node --test --test-reporter=spec tests/ui/ >$(UI_DIR)/dashboard.log 2>&1; then \
	  echo "  PASS dashboard: $$(grep -o 'pass [0-9]*' $(UI_DIR)/dashboard.log | tail -1), screenshots in $(UI_DIR)/screenshots"; \
	  rm -rf $(UI_DIR)/tmp; touch $@; \
	else cat $(UI_DIR)/dashboard.log; echo "  FAIL dashboard"; exit 1; fi

# GET /__admin/openapi.json linted by Redocly (npm @redocly/cli, installed from
# the committed lock into build/openapi) and compared with `zoho-mock routes`.
OPENAPI_DIR   = $(BUILD)/openapi
OPENAPI_NPM   = $(OPENAPI_DIR)/node_modules/.installed
OPENAPI_STAMP = $(OPENAPI_DIR)/openapi.passed
$(OPENAPI_NPM): tests/openapi/package.json tests/openapi/package-lock.json
	$(call npm_ci,tests/openapi,$(OPENAPI_DIR),@redocly/cli)
$(OPENAPI_STAMP): tests/openapi/openapi.test.cjs tests/openapi/redocly.yaml $(OPENAPI_NPM) $(SAN)/zoho-mock
	@rm -rf $(OPENAPI_DIR)/tmp && mkdir -p $(OPENAPI_DIR)/tmp
	@if TMPDIR=$(CURDIR)/$(OPENAPI_DIR)/tmp ZOHO_MOCK_BIN=$(CURDIR)/$(SAN)/zoho-mock ASAN_OPTIONS=detect_leaks=1 \
	    REDOCLY=$(CURDIR)/$(OPENAPI_DIR)/node_modules/.bin/redocly \
	    node --test tests/openapi/ >$(OPENAPI_DIR)/openapi.log 2>&1; then \
	  echo "  PASS openapi: $$(grep -h '^# [0-9]* routes\|^# redocly\|^# pass' $(OPENAPI_DIR)/openapi.log | tr -d '#' | paste -sd,)"; \
	  rm -rf $(OPENAPI_DIR)/tmp; touch $@; \
	else cat $(OPENAPI_DIR)/openapi.log; echo "  FAIL openapi"; exit 1; fi

check: $(TEST_STAMPS) $(CONTRACT_STAMP) $(CONFORMANCE_STAMP) $(LAYER_STAMP) $(PKG_STAMPS) $(PACT_STAMPS) $(UI_STAMP) \
       $(OPENAPI_STAMP)

# The replay of the fuzz corpora reruns when a seed or a past crash changes.
FUZZ_INPUTS = $(wildcard tests/fuzz/corpus/*/* tests/fuzz/regressions/*/*)
$(SAN)/tests/fuzz/t_fuzz_replay.passed: $(FUZZ_INPUTS)

# Everything: compiles on every core, then runs the suites side by side.
test: deps
	@$(MAKE) --no-print-directory -j$$(nproc) check

retest:
	rm -f $(TEST_STAMPS) $(CONTRACT_STAMP) $(CONFORMANCE_STAMP) $(LAYER_STAMP) $(PKG_STAMPS) $(PACT_STAMPS) $(UI_STAMP) \
	      $(OPENAPI_STAMP) $(FUZZ_SHORT_STAMPS) $(SOAK_STAMP) $(WALKTHROUGH_STAMP)
	@$(MAKE) --no-print-directory test

unit: test
sanitize: test

# ------------------------------------------------------------ bench

# One table, one run (bench/bench.py, bench/RESULTS.md): the floor (a bare
# civetweb handler, bench/floor.c), zoho-mock's GET, lists, search, create,
# lifecycle, two organizations, memory and start, and WireMock answering
# the same body. Numbers to compare, not a pass/fail test; not part of test.
# Its tools are installed here, not by `make deps`: wrk and Java (Debian),
# WireMock's standalone jar (npm package wiremock, bench/package-lock.json).
BENCH_DEB_PACKAGES = wrk openjdk-17-jre-headless python3
BENCH_NPM = $(BUILD)/bench/node_modules/wiremock/package.json

bench: build $(BUILD)/bench-floor bench-deps $(BENCH_NPM)
	python3 bench/bench.py $(BUILD)

bench-deps:
	$(call install_missing,$(BENCH_DEB_PACKAGES))
	@command -v npm >/dev/null || { $(call install_missing_cmd,npm); }

$(BENCH_NPM): bench/package.json bench/package-lock.json
	@mkdir -p $(BUILD)/bench
	cp bench/package.json bench/package-lock.json $(BUILD)/bench/
	cd $(BUILD)/bench && npm ci --ignore-scripts --no-audit --no-fund
	@touch $@

$(BUILD)/bench-floor: bench/floor.c
	@mkdir -p $(@D)
	$(call say,CC,$<)
	$(Q)$(CC) $(CFLAGS) -o $@ $< -lcivetweb -pthread

# ------------------------------------------------------------ soak

# tests/soak/soak.py (README: Soak): many keep-alive clients run stock
# lifecycles in three organizations of the default fixture, one with a fault
# scenario, against the optimised binary on loopback; then every stock
# figure, status and list total is checked, RSS and open files too.
# `make soak` runs SOAK_SECONDS (default 60); `make test` a short one.
SOAK_SECONDS ?= 60
SOAK_SHORT   ?= 12
SOAK_STAMP    = $(BUILD)/soak.passed
SOAK_SRC      = $(wildcard tests/soak/*.py tests/soak/*.lua)

soak: build
	@SOAK_SECONDS=$(SOAK_SECONDS) PYTHONDONTWRITEBYTECODE=1 /usr/bin/python3 -u tests/soak/soak.py $(BUILD)/zoho-mock

$(SOAK_STAMP): $(BUILD)/zoho-mock $(SOAK_SRC)
	$(call run_suite,soak,env SOAK_SECONDS=$(SOAK_SHORT) PYTHONDONTWRITEBYTECODE=1 /usr/bin/python3 tests/soak/soak.py $(BUILD)/zoho-mock,grep -h 'req/s' | sed 's/^soak: //')

check: $(SOAK_STAMP)

# ------------------------------------------------------------ fuzzing

# libFuzzer targets (tests/fuzz/fuzz_*.c), built with clang, ASan and UBSan
# into build/fuzz/. `make fuzz` runs each for FUZZ_SECONDS (default 60)
# from its seeds (tests/fuzz/corpus/<target>) and what earlier runs found
# (build/fuzz/corpus/<target>); crashes land in build/fuzz/crashes/<target>/.
# `make test` runs each for FUZZ_SHORT seconds.
FUZZ_CC      ?= clang
FUZZ          = $(BUILD)/fuzz
FUZZFLAGS     = -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
FUZZ_TARGETS  = $(patsubst tests/fuzz/fuzz_%.c,%,$(filter-out tests/fuzz/fuzz_serve.c,$(FUZZ_TARGET_SRC)))
FUZZ_BINS     = $(addprefix $(FUZZ)/fuzz_,$(FUZZ_TARGETS))
FUZZ_OBJ      = $(patsubst server/%.c,$(FUZZ)/%.o,$(SERVER_SRC)) $(FUZZ)/gen/embedded_table.o $(FUZZ)/gen/embedded_data.o
FUZZ_SECONDS ?= 60
FUZZ_SHORT   ?= 3
FUZZ_SHORT_STAMPS = $(addsuffix .short.passed,$(FUZZ_BINS))

$(FUZZ)/%.o: server/%.c
	@mkdir -p $(@D)
	$(call say,CC-FUZZ,$<)
	$(Q)$(FUZZ_CC) $(CFLAGS) $(FUZZFLAGS) $(DEPFLAGS) -c -o $@ $<
$(FUZZ)/gen/%.o: $(GEN)/%.c
	@mkdir -p $(@D)
	$(Q)$(FUZZ_CC) $(CFLAGS) $(FUZZFLAGS) -c -o $@ $<
$(FUZZ)/gen/%.o: $(GEN)/%.S
	@mkdir -p $(@D)
	$(Q)$(FUZZ_CC) -c -o $@ $<
$(FUZZ)/tests/fuzz/%.o: tests/fuzz/%.c
	@mkdir -p $(@D)
	$(call say,CC-FUZZ,$<)
	$(Q)$(FUZZ_CC) $(CFLAGS) $(FUZZFLAGS) -DZM_LIBFUZZER $(DEPFLAGS) -c -o $@ $<
$(FUZZ)/fuzz_%: $(FUZZ)/tests/fuzz/fuzz_%.o $(FUZZ)/tests/fuzz/fuzz_serve.o $(FUZZ_OBJ)
	$(call say,LINK,$@)
	$(Q)$(FUZZ_CC) $(CFLAGS) -fsanitize=fuzzer,address,undefined -o $@ $^ $(LDLIBS)

# Runs target $(1) for $(2) seconds; its log in build/fuzz/fuzz_<target>.log.
define fuzz_run
	@mkdir -p $(FUZZ)/corpus/$(1) $(FUZZ)/crashes/$(1)
	@ASAN_OPTIONS=detect_leaks=1 $(FUZZ)/fuzz_$(1) -max_total_time=$(2) -print_final_stats=1 \
	  -artifact_prefix=$(FUZZ)/crashes/$(1)/ $(if $(wildcard tests/fuzz/$(1).dict),-dict=tests/fuzz/$(1).dict) \
	  $(FUZZ)/corpus/$(1) tests/fuzz/corpus/$(1) >$(FUZZ)/fuzz_$(1).log 2>&1 \
	  && echo "  PASS fuzz_$(1): $$(grep -o 'stat::number_of_executed_units: *[0-9]*' $(FUZZ)/fuzz_$(1).log | grep -o '[0-9]*$$') runs in $(2) s" \
	  || { tail -40 $(FUZZ)/fuzz_$(1).log; echo "  FAIL fuzz_$(1): the input is in $(FUZZ)/crashes/$(1)/"; exit 1; }
endef

$(FUZZ)/fuzz_%.short.passed: $(FUZZ)/fuzz_% $(wildcard tests/fuzz/corpus/*/* tests/fuzz/*.dict)
	$(call fuzz_run,$*,$(FUZZ_SHORT))
	@touch $@

check: $(FUZZ_SHORT_STAMPS)

fuzz-build: deps
	@$(MAKE) --no-print-directory -j$$(nproc) $(FUZZ_BINS)

fuzz: fuzz-build
	@for t in $(FUZZ_TARGETS); do $(MAKE) --no-print-directory fuzz-run-$$t || exit 1; done

fuzz-run-%:
	$(call fuzz_run,$*,$(FUZZ_SECONDS))

# ------------------------------------------------------------ valgrind

# The HTTP suites (tests/http, tests/zoho, the scenarios over HTTP) built
# without sanitizers into build/vg/ and run under valgrind: any memory
# error or definite leak fails (a report of valgrind's in the log: the
# test processes' own exit codes do not reach the runner's). Timing bounds of the tests are scaled
# (ZM_TEST_TIME_SCALE): valgrind runs code tens of times slower.
VG = $(BUILD)/vg
VG_SUITES = $(wildcard tests/http/test_*.c tests/zoho/test_*.c) tests/scenario/test_scenarios.c
VG_OBJ = $(patsubst server/%.c,$(VG)/%.o,$(SERVER_SRC)) $(VG)/gen/embedded_table.o $(VG)/gen/embedded_data.o
VG_LIB_OBJ = $(patsubst tests/lib/%.c,$(VG)/tests/lib/%.o,$(TEST_LIB_SRC))
VG_BINS = $(foreach t,$(VG_SUITES),$(VG)/$(dir $(t))$(patsubst test_%,t_%,$(basename $(notdir $(t)))))
VALGRIND = valgrind --quiet --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite,indirect \
           --show-leak-kinds=definite,indirect --trace-children=yes --child-silent-after-fork=yes \
           --suppressions=tests/valgrind.supp

$(VG)/%.o: server/%.c
	@mkdir -p $(@D)
	$(call say,CC-VG,$<)
	$(Q)$(CC) $(CFLAGS) $(DEPFLAGS) -c -o $@ $<
$(VG)/gen/%.o: $(GEN)/%.c
	@mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) -c -o $@ $<
$(VG)/gen/%.o: $(GEN)/%.S
	@mkdir -p $(@D)
	$(Q)$(CC) -c -o $@ $<
$(VG)/tests/%.o: tests/%.c
	@mkdir -p $(@D)
	$(call say,CC-VG,$<)
	$(Q)$(CC) $(CFLAGS) $(DEPFLAGS) -Itests/lib -c -o $@ $<
define vg_link
$(VG)/$(dir $(1))$(patsubst test_%,t_%,$(basename $(notdir $(1)))): $(VG)/$(basename $(1)).o $(VG_LIB_OBJ) $(VG_OBJ)
	$$(call say,LINK,$$@)
	$$(Q)$$(CC) $$(CFLAGS) -o $$@ $$^ $$(LDLIBS) $$(TEST_LDLIBS)
endef
$(foreach t,$(VG_SUITES),$(eval $(call vg_link,$(t))))

valgrind: build
	$(call install_missing,$(VALGRIND_PACKAGES))
	@$(MAKE) --no-print-directory -j$$(nproc) $(VG_BINS)
	@for t in $(VG_BINS); do \
	  mkdir -p $$t.tmp; \
	  if TMPDIR=$(CURDIR)/$$t.tmp ZOHO_MOCK_BIN=$(CURDIR)/$(BUILD)/zoho-mock ZM_TEST_TIME_SCALE=30 \
	     $(VALGRIND) $$t >$$t.log 2>&1 && ! grep -q '^==[0-9]*== ' $$t.log; then \
	    echo "  PASS valgrind $$(basename $$t): $$(grep -ho 'Tested: [0-9]*' $$t.log)"; rm -rf $$t.tmp; \
	  else tail -60 $$t.log; echo "  FAIL valgrind $$t (log: $$t.log)"; exit 1; fi; \
	done

clean:
	rm -rf $(BUILD)

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
