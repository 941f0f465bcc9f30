# Clerk -- GNU make only. Everything is built under build/.
#   make            library, Lua module and CLI
#   make demo       import the bundled sample minutes and print the open actions
#   make test       every test, then the C and end-to-end tests again under ASan/UBSan,
#                   and the threaded import under TSan
#   make eval       extraction scores on ../shared/seeds
#   make bench      benchmarks (ratios, not timed tests)
#   make pandoc-compare   `clerk text` against pandoc on pandoc's docx tests (word F1)

CC      ?= cc
PKGS    := lua5.4 sqlite3 libxml-2.0 libzip libcurl
TPKGS   := cmocka
BUILD   := build
SONAME  := libclerk.so.0

PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CMOCKA_LIBS := $(shell pkg-config --libs $(TPKGS) 2>/dev/null)

WARN    := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes
BASE_CFLAGS := -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -fPIC \
               -Iinclude -Icore -I$(BUILD)/gen $(WARN) $(PKG_CFLAGS) \
               -DCLERK_PLUGIN_DIR='"$(abspath plugins)"'
CFLAGS  ?= -O2 -g
ALL_CFLAGS := $(BASE_CFLAGS) $(CFLAGS)
LDLIBS  := $(PKG_LIBS) -lm -pthread

# The library: every core file except the CLI's own.
LIB_SRC  := $(filter-out core/main.c core/cli%.c,$(wildcard core/*.c))
CLI_SRC  := core/main.c $(wildcard core/cli*.c)
LIB_OBJ  := $(LIB_SRC:core/%.c=$(BUILD)/obj/%.o)
CLI_OBJ  := $(CLI_SRC:core/%.c=$(BUILD)/obj/%.o)
HEADERS  := $(wildcard include/*.h core/*.h) $(BUILD)/gen/engine_lua.h

# Test variant: -DCLERK_TESTING enables allocation-failure injection.
TEST_CFLAGS := $(BASE_CFLAGS) -O0 -g -DCLERK_TESTING
TLIB_OBJ := $(LIB_SRC:core/%.c=$(BUILD)/test/obj/%.o)
CTESTS   := $(patsubst tests/c/%.c,$(BUILD)/test/%,$(wildcard tests/c/test_*.c))

# ThreadSanitizer variant: the CLI and the threaded-import test only.
TSAN_CFLAGS := $(BASE_CFLAGS) -O1 -g -DCLERK_TESTING -fsanitize=thread
TLIBT_OBJ := $(LIB_SRC:core/%.c=$(BUILD)/tsan/obj/%.o)
TCLIT_OBJ := $(CLI_SRC:core/%.c=$(BUILD)/tsan/obj/%.o)

# Sanitizer variant of the library, CLI and C tests.
SAN     := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
ASAN_CFLAGS := $(BASE_CFLAGS) -O1 -g -DCLERK_TESTING $(SAN)
ALIB_OBJ := $(LIB_SRC:core/%.c=$(BUILD)/asan/obj/%.o)
ACLI_OBJ := $(CLI_SRC:core/%.c=$(BUILD)/asan/obj/%.o)
ACTESTS  := $(patsubst tests/c/%.c,$(BUILD)/asan/%,$(wildcard tests/c/test_*.c))

all: $(BUILD)/.deps $(BUILD)/libclerk.a $(BUILD)/libclerk.so $(BUILD)/clerk.so $(BUILD)/clerk

# Dependencies: install them when we can, else say exactly how.
$(BUILD)/.deps: scripts/install-deps.sh
	@mkdir -p $(BUILD)
	@if ! pkg-config --exists $(PKGS) $(TPKGS) || ! command -v lua5.4 >/dev/null; then \
	  if [ "$$(id -u)" = 0 ]; then sh scripts/install-deps.sh; \
	  else echo "clerk: missing build dependencies; run: sudo sh scripts/install-deps.sh" >&2; exit 1; fi; \
	fi
	@touch $@

# engine.lua is compiled in as a C string literal.
$(BUILD)/gen/engine_lua.h: core/engine.lua
	@mkdir -p $(dir $@)
	sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/"/' -e 's/$$/\\n"/' $< > $@

$(BUILD)/obj/%.o: core/%.c $(HEADERS) | $(BUILD)/.deps
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(BUILD)/libclerk.a: $(LIB_OBJ)
	rm -f $@ && ar rcs $@ $^

$(BUILD)/libclerk.so: $(LIB_OBJ)
	$(CC) -shared -Wl,-soname,$(SONAME) -o $(BUILD)/$(SONAME) $^ $(LDLIBS)
	ln -sf $(SONAME) $@

# Lua C module for stock lua5.4: require "clerk" finds build/clerk.so.
$(BUILD)/clerk.so: $(LIB_OBJ)
	$(CC) -shared -o $@ $^ $(LDLIBS)

$(BUILD)/clerk: $(CLI_OBJ) $(BUILD)/libclerk.a
	$(CC) -o $@ $(CLI_OBJ) $(BUILD)/libclerk.a $(LDLIBS)

# -- tests ---------------------------------------------------------------
$(BUILD)/test/obj/%.o: core/%.c $(HEADERS) | $(BUILD)/.deps
	@mkdir -p $(dir $@)
	$(CC) $(TEST_CFLAGS) -c $< -o $@

$(BUILD)/test/%: tests/c/%.c $(TLIB_OBJ) tests/c/testing.h tests/c/tempdb.h
	$(CC) $(TEST_CFLAGS) -Itests/c -o $@ $< $(TLIB_OBJ) $(LDLIBS) $(CMOCKA_LIBS)

$(BUILD)/asan/obj/%.o: core/%.c $(HEADERS) | $(BUILD)/.deps
	@mkdir -p $(dir $@)
	$(CC) $(ASAN_CFLAGS) -c $< -o $@

$(BUILD)/asan/clerk: $(ACLI_OBJ) $(ALIB_OBJ)
	$(CC) $(SAN) -o $@ $^ $(LDLIBS)

$(BUILD)/asan/%: tests/c/%.c $(ALIB_OBJ) tests/c/testing.h tests/c/tempdb.h
	$(CC) $(ASAN_CFLAGS) -Itests/c -o $@ $< $(ALIB_OBJ) $(LDLIBS) $(CMOCKA_LIBS)

$(BUILD)/tsan/obj/%.o: core/%.c $(HEADERS) | $(BUILD)/.deps
	@mkdir -p $(dir $@)
	$(CC) $(TSAN_CFLAGS) -c $< -o $@

$(BUILD)/tsan/clerk: $(TCLIT_OBJ) $(TLIBT_OBJ)
	$(CC) -fsanitize=thread -o $@ $^ $(LDLIBS)

$(BUILD)/tsan/test_import_many: tests/c/test_import_many.c $(TLIBT_OBJ) tests/c/testing.h tests/c/tempdb.h
	$(CC) $(TSAN_CFLAGS) -Itests/c -o $@ $< $(TLIBT_OBJ) $(LDLIBS) $(CMOCKA_LIBS)

$(BUILD)/embed_example: examples/embed.c $(BUILD)/libclerk.a
	$(CC) $(ALL_CFLAGS) -o $@ $< $(BUILD)/libclerk.a $(LDLIBS)

$(BUILD)/asan/embed_example: examples/embed.c $(ALIB_OBJ)
	$(CC) $(ASAN_CFLAGS) -o $@ $< $(ALIB_OBJ) $(LDLIBS)

test-build: all $(CTESTS) $(BUILD)/embed_example
asan-build: $(BUILD)/asan/clerk $(ACTESTS) $(BUILD)/asan/embed_example
tsan-build: $(BUILD)/tsan/clerk $(BUILD)/tsan/test_import_many

test: test-build asan-build tsan-build
	@sh tests/run.sh

# The README's first command: build, import the bundled samples, show open actions.
demo: all
	$(BUILD)/clerk import examples/minutes/
	$(BUILD)/clerk actions --open

eval: all
	@sh scripts/eval.sh

# Every scripts/bench/*.sh, each printing rates and ratios.
bench: all
	@for b in scripts/bench/*.sh; do echo "== $$b"; sh $$b || exit 1; done

# Word-level F1 of `clerk text` against `pandoc -t plain` on pandoc's .docx tests.
pandoc-compare: all
	@python3 scripts/pandoc-compare.py $(BUILD)/clerk

clean:
	rm -rf $(BUILD)

.PHONY: all test test-build asan-build tsan-build demo eval bench pandoc-compare clean
.SECONDARY:
