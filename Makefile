# Makefile -- zoho-mock: deps, build, run, test, sanitize, bench
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
CFLAGS  += $(shell pkg-config --cflags libcjson lua5.4 2>/dev/null)
DEPFLAGS = -MMD -MP
# libcurl is not linked: util/curl_lazy.c loads it on first use (starting faster).
LDLIBS  += -lcivetweb $(shell pkg-config --libs libcjson lua5.4 2>/dev/null) -ldl -lm -pthread
TEST_LDLIBS = $(shell pkg-config --libs criterion libcurl 2>/dev/null)

DEB_PACKAGES = libcivetweb-dev libcjson-dev liblua5.4-dev libcriterion-dev \
               libcurl4-openssl-dev pkg-config

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

.PHONY: all deps build run test check retest unit sanitize clean bench bench-deps

all: build

# Installs any missing Debian package, and nothing when all are present.
# Installs the Debian packages of $(1) that are missing, and nothing when
# all are present (make deps, make bench).
define install_missing
	@missing=""; for p in $(1); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "make: installing$$missing"; \
	  SUDO=""; [ "$$(id -u)" -ne 0 ] && SUDO=sudo; \
	  $$SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq $$missing; \
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
# default fixture, the example scenarios.
EMBED_FILES = $(sort $(wildcard spec/zoho/*.json)) fixtures/default.json $(sort $(wildcard scenarios/*.lua))
GEN = $(BUILD)/gen
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

define test_link
$(call test_bin,$(1)): $(SAN)/tests/$(basename $(patsubst tests/%,%,$(1))).o $(TEST_LIB_OBJ) $(SAN_OBJ)
	$$(call say,LINK,$$@)
	$$(Q)$$(CC) $$(CFLAGS) $$(SANFLAGS) -o $$@ $$^ $$(LDLIBS) $$(TEST_LDLIBS)
endef
$(foreach t,$(TEST_SRC),$(eval $(call test_link,$(t))))

# One stamp per suite: it passed with these inputs. Each suite gets its own
# TMPDIR under build/, removed when it passes: nothing is left in /tmp.
TEST_STAMPS = $(addsuffix .passed,$(TEST_BINS))
%.passed: % $(SAN)/zoho-mock $(BUILD)/zoho-mock $(TEST_DATA)
	@rm -rf $*.tmp && mkdir -p $*.tmp
	@if TMPDIR=$(CURDIR)/$*.tmp ZOHO_MOCK_BIN=$(CURDIR)/$(SAN)/zoho-mock ASAN_OPTIONS=detect_leaks=1 \
	    $* --jobs 2 >$*.log 2>&1; then \
	  echo "  PASS $(notdir $*): $$(grep -ho 'Tested: [0-9]*' $*.log)"; rm -rf $*.tmp; touch $@; \
	else cat $*.log; echo "  FAIL $*"; exit 1; fi

# The project's own contracts against a fresh mock, under the sanitizers.
CONTRACT_STAMP = $(SAN)/contracts.passed
$(CONTRACT_STAMP): $(SAN)/zoho-mock $(TEST_DATA)
	@ASAN_OPTIONS=detect_leaks=1 ./$(SAN)/zoho-mock verify contracts/ >$(SAN)/contracts.log 2>&1 \
	  && echo "  PASS contracts: $$(tail -1 $(SAN)/contracts.log)" && touch $@ \
	  || { cat $(SAN)/contracts.log; echo "  FAIL contracts"; exit 1; }

LAYER_STAMP = $(BUILD)/layers.passed
$(LAYER_STAMP): $(wildcard server/*/*.c server/*/*.h) tools/check_layers.sh
	@tools/check_layers.sh | sed 's/^/  /' && touch $@

check: $(TEST_STAMPS) $(CONTRACT_STAMP) $(LAYER_STAMP)

# Everything: compiles on every core, then runs the suites side by side.
test: deps
	@$(MAKE) --no-print-directory -j$$(nproc) check

retest:
	rm -f $(TEST_STAMPS) $(CONTRACT_STAMP) $(LAYER_STAMP)
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

clean:
	rm -rf $(BUILD)

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
