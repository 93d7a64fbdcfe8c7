# Makefile -- zoho-mock: deps, build, run, test, sanitize, bench
#
# `make run` and `make test` are the two commands a newcomer needs; both
# install missing Debian packages first (`make deps`).

CC      ?= cc
CFLAGS  ?= -O2 -g
CFLAGS  += -std=c11 -D_GNU_SOURCE -Wall -Wextra -Wshadow -pthread
CFLAGS  += $(shell pkg-config --cflags libcjson lua5.4 2>/dev/null)
LDLIBS  += -lcivetweb $(shell pkg-config --libs libcjson lua5.4 2>/dev/null) -lm -pthread
TEST_LDLIBS = $(shell pkg-config --libs criterion libcurl 2>/dev/null)

DEB_PACKAGES = libcivetweb-dev libcjson-dev liblua5.4-dev libcriterion-dev \
               libcurl4-openssl-dev pkg-config

SERVER_SRC  = $(filter-out server/main.c,$(wildcard server/*.c))
TEST_SRC    = $(wildcard tests/test_*.c)
TEST_HELPERS = $(filter-out $(TEST_SRC),$(wildcard tests/*.c))

BUILD   = build
SAN     = $(BUILD)/san
SANFLAGS = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined

PORT     ?= 8080
BIND     ?= 127.0.0.1
FIXTURES ?= fixtures/default.json

.PHONY: all deps build run test unit sanitize clean bench

all: build

# Installs any missing Debian package, and nothing when all are present.
deps:
	@missing=""; for p in $(DEB_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "make deps: installing$$missing"; \
	  SUDO=""; [ "$$(id -u)" -ne 0 ] && SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

build: deps
	@$(MAKE) --no-print-directory $(BUILD)/zoho-mock

$(BUILD)/zoho-mock: $(BUILD)/main.o $(BUILD)/libzm.a
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS) $(shell pkg-config --libs libcurl 2>/dev/null)

$(BUILD)/libzm.a: $(patsubst server/%.c,$(BUILD)/%.o,$(SERVER_SRC))
	$(AR) rcs $@ $^

$(BUILD)/%.o: server/%.c $(wildcard server/*.h) | $(BUILD)/.dirs
	$(CC) $(CFLAGS) -c -o $@ $<

$(BUILD)/.dirs:
	mkdir -p $(BUILD) $(SAN)
	touch $@

run: build
	./$(BUILD)/zoho-mock --port $(PORT) --bind $(BIND) --fixtures $(FIXTURES)

# The test suite runs under AddressSanitizer and UndefinedBehaviorSanitizer:
# every server source and every test is compiled with them.
$(SAN)/%.o: server/%.c $(wildcard server/*.h) | $(BUILD)/.dirs
	$(CC) $(CFLAGS) $(SANFLAGS) -c -o $@ $<

$(SAN)/libzm.a: $(patsubst server/%.c,$(SAN)/%.o,$(SERVER_SRC))
	$(AR) rcs $@ $^

$(SAN)/zoho-mock: $(SAN)/main.o $(SAN)/libzm.a
	$(CC) $(CFLAGS) $(SANFLAGS) -o $@ $^ $(LDLIBS) $(shell pkg-config --libs libcurl 2>/dev/null)

$(SAN)/t_%: tests/test_%.c $(TEST_HELPERS) $(wildcard tests/*.h) $(SAN)/libzm.a
	$(CC) $(CFLAGS) $(SANFLAGS) -Iserver -o $@ $< $(TEST_HELPERS) $(SAN)/libzm.a $(LDLIBS) $(TEST_LDLIBS)

TEST_BINS = $(patsubst tests/test_%.c,$(SAN)/t_%,$(TEST_SRC))

unit: $(TEST_BINS) $(SAN)/zoho-mock $(BUILD)/zoho-mock
	@failed=0; for t in $(TEST_BINS); do \
	  echo "== $$t"; \
	  ZOHO_MOCK_BIN=$(CURDIR)/$(SAN)/zoho-mock ASAN_OPTIONS=detect_leaks=1 $$t --jobs 2 || failed=1; \
	done; exit $$failed

# The unit tests, then the project's own contracts against a fresh mock,
# both under the sanitizers. Compiles on every core; the suites then run
# one binary at a time.
test: deps
	@$(MAKE) --no-print-directory -j$$(nproc) unit
	ASAN_OPTIONS=detect_leaks=1 ./$(SAN)/zoho-mock verify contracts/

sanitize: test

# Throughput, latency percentiles and peak memory of the optimised build,
# over keep-alive connections (numbers, not a pass/fail test).
bench: build
	@$(MAKE) --no-print-directory $(BUILD)/bench
	./$(BUILD)/bench ./$(BUILD)/zoho-mock

$(BUILD)/bench: bench/bench.c | $(BUILD)/.dirs
	$(CC) $(CFLAGS) -o $@ $< -pthread

clean:
	rm -rf $(BUILD)
