# pmcoach - terminal coach for AI product-manager design interviews.
#
#   make            build ./pmcoach (installs missing Debian packages first)
#   make run        build and start pmcoach on the built-in packs
#   make test       unit, CLI and calibration tests
#   make deps       install the Debian packages needed to build and test
#   make bench      benchmarks (not tests; see bench/README.md)
#   make install    PREFIX=/usr/local DESTDIR= (binary, packs, man page)

PREFIX    ?= /usr/local
BINDIR    ?= $(PREFIX)/bin
DATADIR   ?= $(PREFIX)/share/pmcoach
MANDIR    ?= $(PREFIX)/share/man
DESTDIR   ?=
PKG_CONFIG ?= pkg-config
CFLAGS    ?= -O2 -g
SRCDIR    := $(CURDIR)

WARN = -Wall -Wextra -Werror -Wshadow -Wmissing-prototypes -Wstrict-prototypes \
       -Wformat=2 -Wwrite-strings -Wundef -Wno-format-nonliteral
# Recursive (=) on purpose: pkg-config runs when a recipe needs the flags,
# after the deps stamp has installed the packages.
CJSON_CFLAGS = $(shell $(PKG_CONFIG) --cflags libcjson)
CJSON_LIBS   = $(shell $(PKG_CONFIG) --libs libcjson)
CMOCKA_LIBS  = $(shell $(PKG_CONFIG) --libs cmocka)
ALL_CFLAGS = -std=c11 $(WARN) -D_DEFAULT_SOURCE -Iinclude -Isrc $(CJSON_CFLAGS) \
             -MMD -MP $(CFLAGS) $(CPPFLAGS)

# The core: no curses, no curl, no global state.
CORE = xalloc sbuf err diag sanitize fsutil jsonutil imof text phrase rubric \
       answer score pack catalog attempt store
# UI: core modules the curses coach needs (editor buffer, timer) go here
CORE_UI = editbuf timer
CORE += $(CORE_UI)
CLI  = cli cli_packs cli_score cli_history cli_tui
# UI: the curses front end (only these files include <curses.h>)
UI   = ui ui_draw ui_keys ui_home ui_browse ui_session ui_results
NCURSES_CFLAGS = $(shell $(PKG_CONFIG) --cflags ncursesw)
NCURSES_LIBS   = $(shell $(PKG_CONFIG) --libs ncursesw)
CORE_OBJ = $(CORE:%=build/%.o)
CLI_OBJ  = $(CLI:%=build/%.o) $(UI:%=build/%.o) build/main.o build/builtin.o
PACKS    = $(sort $(wildcard prompts/*.json)) $(sort $(wildcard rubrics/*.json))

UNIT_TESTS = $(patsubst tests/unit/%.c,build/tests/%,$(wildcard tests/unit/test_*.c))

ifeq ($(V),1)
Q =
else
Q = @
endif

.PHONY: all run test unit-test cli-test e2e-test calibration deps install uninstall \
        clean bench check-packs
all: pmcoach

deps:
	sh tools/deps.sh

build/.deps-ok: tools/deps.sh
	@mkdir -p build
	$(Q)sh tools/deps.sh
	@touch $@

build/%.o: src/%.c | build/.deps-ok
	@mkdir -p $(@D)
	@echo "  CC      $<"
	$(Q)$(CC) $(ALL_CFLAGS) -DPMCOACH_DATADIR='"$(DATADIR)"' \
		-DPMCOACH_SRCDIR='"$(SRCDIR)"' -c -o $@ $<

$(UI:%=build/%.o): ALL_CFLAGS += $(NCURSES_CFLAGS)

build/libpmcore.a: $(CORE_OBJ)
	@echo "  AR      $@"
	$(Q)rm -f $@ && $(AR) rcs $@ $^

build/embed: tools/embed.c | build/.deps-ok
	$(Q)$(CC) -std=c11 -O2 -o $@ $<

build/builtin.c: build/embed $(PACKS)
	@echo "  EMBED   $(PACKS)"
	$(Q)build/embed $@ $(foreach f,$(PACKS),$(f)=$(f))

build/builtin.o: build/builtin.c
	$(Q)$(CC) $(ALL_CFLAGS) -c -o $@ $<

pmcoach: $(CLI_OBJ) build/libpmcore.a
	@echo "  LD      $@"
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(CLI_OBJ) build/libpmcore.a \
		$(CJSON_LIBS) $(if $(UI),$(NCURSES_LIBS)) -lm

run: pmcoach
	./pmcoach

# ---- tests -----------------------------------------------------------------

build/tests/%: tests/unit/%.c build/libpmcore.a tests/unit/testutil.h
	@mkdir -p $(@D)
	@echo "  CC      $<"
	$(Q)$(CC) $(ALL_CFLAGS) -Itests/unit -DSRCDIR='"$(SRCDIR)"' -o $@ $< \
		build/libpmcore.a $(CJSON_LIBS) $(CMOCKA_LIBS) -lm

build/calibrate: tests/calibration/calibrate.c build/libpmcore.a
	@mkdir -p $(@D)
	$(Q)$(CC) $(ALL_CFLAGS) -o $@ $< build/libpmcore.a $(CJSON_LIBS) -lm

unit-test: $(UNIT_TESTS)
	@fail=0; for t in $(UNIT_TESTS); do $$t || fail=1; done; exit $$fail

cli-test: pmcoach
	sh tests/cli/run.sh ./pmcoach

check-packs: pmcoach
	./pmcoach --packs /nonexistent check

# UI: end-to-end tests of the real TUI in tmux
e2e-test: pmcoach
	@if [ -f tests/e2e/run.sh ]; then sh tests/e2e/run.sh ./pmcoach; fi

calibration: build/calibrate
	build/calibrate rubrics/imof.json tests/calibration/floors.json tests/calibration/train tests/calibration/train2 tests/calibration/holdout \
		tests/calibration/passages-tune.tsv tests/calibration/passages-holdout.tsv

test: all
	@fail=0; \
	$(MAKE) --no-print-directory unit-test || fail=1; \
	$(MAKE) --no-print-directory cli-test || fail=1; \
	$(MAKE) --no-print-directory check-packs || fail=1; \
	$(MAKE) --no-print-directory e2e-test || fail=1; \
	$(MAKE) --no-print-directory calibration || fail=1; \
	if [ $$fail = 0 ]; then echo "make test: all suites passed"; \
	else echo "make test: FAILED"; fi; exit $$fail

# ---- benchmarks (not tests) -------------------------------------------------

build/bench_score: bench/bench_score.c build/libpmcore.a
	$(Q)$(CC) $(ALL_CFLAGS) -o $@ $< build/libpmcore.a $(CJSON_LIBS) -lm

bench: pmcoach build/bench_score
	sh tools/deps.sh nano gawk hyperfine
	sh bench/run.sh

# ---- install ----------------------------------------------------------------

install: pmcoach
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/prompts \
		$(DESTDIR)$(DATADIR)/rubrics $(DESTDIR)$(MANDIR)/man1
	install -m 755 pmcoach $(DESTDIR)$(BINDIR)/pmcoach
	install -m 644 prompts/*.json $(DESTDIR)$(DATADIR)/prompts/
	install -m 644 rubrics/*.json $(DESTDIR)$(DATADIR)/rubrics/
	install -m 644 man/pmcoach.1 $(DESTDIR)$(MANDIR)/man1/pmcoach.1

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/pmcoach $(DESTDIR)$(MANDIR)/man1/pmcoach.1
	rm -rf $(DESTDIR)$(DATADIR)

clean:
	rm -rf build pmcoach

-include $(wildcard build/*.d build/tests/*.d)
