# pmcoach - terminal coach for AI product-manager design interviews.
#
#   make            build ./pmcoach (installs missing Debian packages first)
#   make run        build and start pmcoach on the built-in packs
#   make test       unit, CLI and calibration tests
#   make deps       install the Debian packages needed to build and test
#   make bench      every benchmark, one table (not tests)
#   make asan       the test suite under AddressSanitizer and UBSan
#   make valgrind   unit, fuzz-replay and CLI tests under valgrind
#   make fuzz       libFuzzer on each target (FUZZ_SECONDS=60 each; a crash fails it)
#   make install    PREFIX=/usr/local DESTDIR= (binary, packs, man page)

PREFIX    ?= /usr/local
BINDIR    ?= $(PREFIX)/bin
DATADIR   ?= $(PREFIX)/share/pmcoach
MANDIR    ?= $(PREFIX)/share/man
DESTDIR   ?=
PKG_CONFIG ?= pkg-config
CFLAGS    ?= -O2 -g
SRCDIR    := $(CURDIR)
# B: build directory (make asan uses build-asan); BIN: the binary;
# RUNBIN: what the CLI tests run and RUNWRAP: a prefix for test binaries
# (make valgrind sets both).
B         ?= build
BIN       ?= pmcoach
RUNBIN    ?= ./$(BIN)
RUNWRAP   ?=

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
CORE = xalloc sbuf err diag sanitize fit fsutil jsonutil imof text phrase rubric \
       answer learn score pack catalog attempt store drill practice progress prefs \
       compare rescue
# the daily hook: since the last practice day, and the streak (recap.h)
CORE += recap
# UI: core modules the curses coach needs (editor buffer, timer) go here
CORE_UI = editbuf timer
CORE += $(CORE_UI)
# LLM second opinion (issue 6): configuration, request, reply parsing; no curl
# llm_feedback: what the CLI and the TUI share (request, stored member,
# disagreements); llm_job: a request on a worker thread, given as a
# function, so it needs neither curl nor curses and its unit test links
LLM_CORE = llmcfg llmreq llmresp llm_feedback llm_job
CORE += $(LLM_CORE)
# LLM front end: llm_http is the only file using libcurl; cli_llm the commands
# http_fetch + cli_pack: pmcoach pack add URL|FILE, list, remove (same limits)
# curl_dl: pmcoach is not linked with libcurl; the first curl_global_init()
# dlopen()s it (src/curl_dl.c), so only the commands that talk to a network
# load its 30 shared libraries (issue 17).  The headers are still needed.
LLM_NET = llm_http cli_llm http_fetch cli_pack curl_dl
CURL_CFLAGS = $(shell $(PKG_CONFIG) --cflags libcurl)
CLI  = cli cli_packs cli_score cli_watch cli_history cli_compare cli_practice cli_tui
# UI: the curses front end (only these files include <curses.h>)
UI   = ui ui_draw ui_doc ui_keys ui_home ui_browse ui_session ui_results ui_history \
       ui_llm ui_practice ui_wake
NCURSES_CFLAGS = $(shell $(PKG_CONFIG) --cflags ncursesw)
NCURSES_LIBS   = $(shell $(PKG_CONFIG) --libs ncursesw)
CORE_OBJ = $(CORE:%=$(B)/%.o)
CLI_OBJ  = $(CLI:%=$(B)/%.o) $(UI:%=$(B)/%.o) $(LLM_NET:%=$(B)/%.o) $(B)/main.o $(B)/builtin.o \
           $(B)/learnpre.o
PACKS    = $(sort $(wildcard prompts/*.json)) $(sort $(wildcard rubrics/*.json))

UNIT_TESTS = $(patsubst tests/unit/%.c,$(B)/tests/%,$(wildcard tests/unit/test_*.c))

ifeq ($(V),1)
Q =
else
Q = @
endif

.PHONY: all run test unit-test cli-test e2e-test calibration deps install uninstall \
        clean bench check-packs fuzz fuzz-replay asan valgrind
all: $(BIN)

deps:
	sh tools/deps.sh

$(B)/.deps-ok: tools/deps.sh
	@mkdir -p $(B)
	$(Q)sh tools/deps.sh
	@touch $@

$(B)/%.o: src/%.c | $(B)/.deps-ok
	@mkdir -p $(@D)
	@echo "  CC      $<"
	$(Q)$(CC) $(ALL_CFLAGS) -DPMCOACH_DATADIR='"$(DATADIR)"' \
		-DPMCOACH_SRCDIR='"$(SRCDIR)"' -c -o $@ $<

$(UI:%=$(B)/%.o): ALL_CFLAGS += $(NCURSES_CFLAGS)
$(LLM_NET:%=$(B)/%.o): ALL_CFLAGS += $(CURL_CFLAGS)

$(B)/libpmcore.a: $(CORE_OBJ)
	@echo "  AR      $@"
	$(Q)rm -f $@ && $(AR) rcs $@ $^

$(B)/embed: tools/embed.c | $(B)/.deps-ok
	$(Q)$(CC) -std=c11 -O2 -o $@ $<

$(B)/builtin.c: $(B)/embed $(PACKS)
	@echo "  EMBED   $(PACKS)"
	$(Q)$(B)/embed $@ $(foreach f,$(PACKS),$(f)=$(f))

$(B)/builtin.o: $(B)/builtin.c
	$(Q)$(CC) $(ALL_CFLAGS) -c -o $@ $<

# The learned layers of the built-in rubrics as C data, read by the build
# so that a command does not parse them again (issue 17; catalog.h).
$(B)/learnpre: tools/learnpre.c $(B)/libpmcore.a
	$(Q)$(CC) $(ALL_CFLAGS) -o $@ $< $(B)/libpmcore.a $(CJSON_LIBS) -lm

$(B)/learnpre.c: $(B)/learnpre $(PACKS)
	@echo "  LEARNPRE"
	$(Q)$(B)/learnpre $@ $(foreach f,$(PACKS),$(f)=$(f))

$(B)/learnpre.o: $(B)/learnpre.c
	$(Q)$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BIN): $(CLI_OBJ) $(B)/libpmcore.a
	@echo "  LD      $@"
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(CLI_OBJ) $(B)/libpmcore.a \
		$(CJSON_LIBS) $(if $(UI),$(NCURSES_LIBS)) -lm

run: $(BIN)
	./$(BIN)

# ---- tests -----------------------------------------------------------------

$(B)/tests/%: tests/unit/%.c $(B)/libpmcore.a tests/unit/testutil.h tests/unit/tu_store.h
	@mkdir -p $(@D)
	@echo "  CC      $<"
	$(Q)$(CC) $(ALL_CFLAGS) -Itests/unit -DSRCDIR='"$(SRCDIR)"' -o $@ $< \
		$(B)/libpmcore.a $(CJSON_LIBS) $(CMOCKA_LIBS) -lm

# ui_wake is front-end code (a timer and a signal, no curses), not in the
# core library: its test links it alone
$(B)/tests/test_ui_wake: tests/unit/test_ui_wake.c $(B)/ui_wake.o tests/unit/testutil.h
	@mkdir -p $(@D)
	@echo "  CC      $<"
	$(Q)$(CC) $(ALL_CFLAGS) -Itests/unit -o $@ $< $(B)/ui_wake.o \
		$(B)/libpmcore.a $(CJSON_LIBS) $(CMOCKA_LIBS) -lpthread -lm

$(B)/calibrate: tests/calibration/calibrate.c $(B)/libpmcore.a
	@mkdir -p $(@D)
	$(Q)$(CC) $(ALL_CFLAGS) -o $@ $< $(B)/libpmcore.a $(CJSON_LIBS) -lm

$(B)/evalcorpus: tests/calibration/evalcorpus.c tools/corpus.h $(B)/libpmcore.a
	@mkdir -p $(@D)
	$(Q)$(CC) $(ALL_CFLAGS) -Itools -o $@ $< $(B)/libpmcore.a $(CJSON_LIBS) -lm

$(B)/train: tools/train.c tools/corpus.h $(B)/libpmcore.a
	@mkdir -p $(@D)
	$(Q)$(CC) $(ALL_CFLAGS) -Itools -o $@ $< $(B)/libpmcore.a $(CJSON_LIBS) -lm

# The learned layer of the imof rubric, fitted from the labelled corpus
# (tests/corpus/README.md).  Deterministic: the same corpus gives the same
# file, and `make calibration` checks that the committed weights are what
# the corpus gives.  The fold models (one per writer, each trained
# without that writer) let it measure the scorer on every writer's
# passages with a model that never saw them.
CORPUS_TRAIN = $(sort $(wildcard tests/corpus/W*.tsv)) tests/calibration/passages-tune.tsv
.PHONY: train
# the GenAI checks (imof-genai, imof-agent): their own blind corpus, labelled
# for those checks alone (tests/corpus/genai)
CORPUS_GENAI = $(sort $(wildcard tests/corpus/genai/G*.tsv))
GENAI_TRAIN = --parent rubrics/imof.json --checks eval_plan,output_safety,launch_plan \
	rubrics/imof-genai.json
AGENT_TRAIN = --parent rubrics/imof.json --parent rubrics/imof-genai.json \
	--checks agent_permissions rubrics/imof-agent.json

train: $(B)/train
	$(B)/train rubrics/imof.json rubrics/imof.weights.json $(CORPUS_TRAIN)
	$(B)/train $(GENAI_TRAIN) rubrics/imof-genai.weights.json $(CORPUS_GENAI)
	$(B)/train $(AGENT_TRAIN) rubrics/imof-agent.weights.json $(CORPUS_GENAI)

# the unit tests' temporary files go in a directory of their own under
# $$TMPDIR, removed afterwards
unit-test: $(UNIT_TESTS)
	@t=$$(mktemp -d "$${TMPDIR:-/tmp}/pmcoach-unit.XXXXXX"); fail=0; \
	for u in $(UNIT_TESTS); do TMPDIR=$$t $(RUNWRAP) $$u || fail=1; done; \
	rm -rf "$$t"; exit $$fail

cli-test: $(BIN)
	@r=0; sh tests/cli/run.sh $(RUNBIN) || r=1; \
	sh tests/cli/scope.sh $(RUNBIN) || r=1; \
	sh tests/cli/startup.sh $(RUNBIN) || r=1; exit $$r

check-packs: $(BIN)
	./$(BIN) --packs /nonexistent check

# UI: end-to-end tests of the real TUI in tmux
e2e-test: $(BIN)
	@r=0; sh tests/e2e/run.sh ./$(BIN) || r=1; \
	sh tests/e2e/practice.sh ./$(BIN) || r=1; \
	sh tests/e2e/kill.sh ./$(BIN) || r=1; \
	sh tests/e2e/rescue.sh ./$(BIN) || r=1; \
	sh tests/e2e/twice.sh ./$(BIN) || r=1; \
	sh tests/e2e/recap.sh ./$(BIN) || r=1; \
	sh tests/e2e/genai.sh ./$(BIN) || r=1; \
	sh tests/e2e/layout.sh ./$(BIN) || r=1; \
	sh tests/e2e/watch.sh ./$(BIN) || r=1; \
	sh tests/e2e/coverage.sh ./$(BIN) || r=1; \
	sh tests/e2e/startup.sh ./$(BIN) || r=1; \
	sh tests/e2e/versions.sh ./$(BIN) || r=1; \
	sh tests/e2e/paste.sh ./$(BIN) || r=1; exit $$r

# LLM feedback against a scripted fake OpenAI-compatible server (issue 6)
.PHONY: llm-test
$(B)/fakeserver: tests/llm/fakeserver.c | $(B)/.deps-ok
	@mkdir -p $(@D)
	$(Q)$(CC) -std=c11 -Wall -Wextra -Werror $(CJSON_CFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< $(CJSON_LIBS)

# tests/llm/tui.sh: the same server behind the curses coach, in tmux
llm-test: $(BIN) $(B)/fakeserver
	@r=0; sh tests/llm/run.sh $(RUNBIN) $(B)/fakeserver || r=1; \
	sh tests/llm/tui.sh $(RUNBIN) $(B)/fakeserver || r=1; exit $$r

calibration: $(B)/calibrate $(B)/evalcorpus $(B)/train
	@rm -rf $(B)/folds && mkdir -p $(B)/folds
	$(B)/train --folds $(B)/folds rubrics/imof.json $(B)/imof.weights.json $(CORPUS_TRAIN) 2>$(B)/train.log
	@cmp -s $(B)/imof.weights.json rubrics/imof.weights.json || \
		{ echo "FAIL: rubrics/imof.weights.json is not what make train gives from the corpus"; exit 1; }
	@echo "rubrics/imof.weights.json: reproduced from the corpus"
	@rm -rf $(B)/folds-genai $(B)/folds-agent && mkdir -p $(B)/folds-genai $(B)/folds-agent
	$(B)/train --folds $(B)/folds-genai $(GENAI_TRAIN) $(B)/imof-genai.weights.json $(CORPUS_GENAI) 2>>$(B)/train.log
	$(B)/train --folds $(B)/folds-agent $(AGENT_TRAIN) $(B)/imof-agent.weights.json $(CORPUS_GENAI) 2>>$(B)/train.log
	@for w in imof-genai imof-agent; do cmp -s $(B)/$$w.weights.json rubrics/$$w.weights.json || \
		{ echo "FAIL: rubrics/$$w.weights.json is not what make train gives from the corpus"; exit 1; }; done
	@echo "rubrics/imof-genai.weights.json, rubrics/imof-agent.weights.json: reproduced from the corpus"
	$(B)/evalcorpus --quiet --floors tests/calibration/floors.json --floors-set genai_passages \
		--weights rubrics/imof.weights.json \
		--child-weights rubrics/imof-genai.weights.json $(B)/folds-genai \
		--child-weights rubrics/imof-agent.weights.json $(B)/folds-agent \
		--parent rubrics/imof.json --parent rubrics/imof-genai.json \
		--checks eval_plan,output_safety,launch_plan,agent_permissions \
		rubrics/imof-agent.json $(CORPUS_GENAI) tests/corpus/genai-holdout/G4.tsv
	$(B)/evalcorpus --quiet --floors tests/calibration/floors.json --weights rubrics/imof.weights.json \
		--folds $(B)/folds rubrics/imof.json $(sort $(wildcard tests/corpus/W*.tsv)) \
		tests/corpus/answers-tune tests/corpus/answers-dev \
		tests/corpus/holdout/H1.tsv tests/corpus/holdout/answers \
		tests/corpus/holdout2/H3.tsv tests/corpus/holdout2/answers \
		tests/corpus/holdout3/H5.tsv tests/corpus/holdout3/answers
	$(B)/calibrate --weights rubrics/imof.weights.json rubrics/imof.json tests/calibration/floors.json \
		tests/calibration/train tests/calibration/train2 tests/calibration/holdout \
		tests/calibration/passages-tune.tsv tests/calibration/passages-holdout.tsv
	$(B)/calibrate --drills prompts/drills.json rubrics tests/calibration/floors.json \
		tests/calibration/drills-tune tests/calibration/drills-holdout
	$(B)/calibrate --drills prompts/drills.json rubrics tests/calibration/floors-drills2.json \
		tests/calibration/drills2-tune tests/calibration/drills2-holdout

test: all
	@fail=0; \
	$(MAKE) --no-print-directory unit-test || fail=1; \
	$(MAKE) --no-print-directory fuzz-replay || fail=1; \
	$(MAKE) --no-print-directory cli-test || fail=1; \
	$(MAKE) --no-print-directory llm-test || fail=1; \
	$(MAKE) --no-print-directory check-packs || fail=1; \
	$(MAKE) --no-print-directory e2e-test || fail=1; \
	$(MAKE) --no-print-directory calibration || fail=1; \
	if [ $$fail = 0 ]; then echo "make test: all suites passed"; \
	else echo "make test: FAILED"; fi; exit $$fail

# ---- benchmarks (not tests) -------------------------------------------------

$(B)/bench_score: bench/bench_score.c $(B)/libpmcore.a
	$(Q)$(CC) $(ALL_CFLAGS) -o $@ $< $(B)/libpmcore.a $(CJSON_LIBS) -lm

$(B)/bench_save: bench/bench_save.c $(B)/libpmcore.a
	$(Q)$(CC) $(ALL_CFLAGS) -o $@ $< $(B)/libpmcore.a $(CJSON_LIBS) -lm

$(B)/ptytime: bench/ptytime.c
	$(Q)$(CC) -std=c11 -Wall -Wextra -O2 $(CFLAGS) $(LDFLAGS) -o $@ $< -lutil

$(B)/keyfloor: bench/keyfloor.c
	$(Q)$(CC) -std=c11 -Wall -Wextra -O2 $(NCURSES_CFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< $(NCURSES_LIBS)

# every benchmark in one run, one table (bench/results/latest.md)
bench: $(BIN) $(B)/bench_score $(B)/bench_save $(B)/ptytime $(B)/keyfloor
	sh tools/deps.sh nano gawk time valgrind
	sh bench/all.sh $(BIN) $(B)

# ---- fuzzing and sanitizers ---------------------------------------------------

FUZZ_TARGETS = pack attempt answer score sanitize llmresp prefs weights index
FUZZ_SECONDS ?= 60

# The corpora replay in every test run, built with the normal compiler.
$(B)/fuzz/replay_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c tests/fuzz/fuzz.h $(B)/libpmcore.a $(B)/builtin.o
	@mkdir -p $(@D)
	$(Q)$(CC) $(ALL_CFLAGS) -Itests/fuzz -o $@ tests/fuzz/replay.c $< \
		$(B)/builtin.o $(B)/libpmcore.a $(CJSON_LIBS) -lm

fuzz-replay: $(FUZZ_TARGETS:%=$(B)/fuzz/replay_%)
	@fail=0; for t in $(FUZZ_TARGETS); do \
		$(RUNWRAP) $(B)/fuzz/replay_$$t tests/fuzz/corpus/$$t || fail=1; done; exit $$fail

# libFuzzer binaries (clang, ASan, UBSan with no recovery): make fuzz
# FUZZ_SECONDS=60 fuzzes each target that long (.ci/run: 20 s); the core is
# compiled once for all of them.  tests/fuzz/run.sh runs them: new inputs
# go to $(B)/fuzz/corpus-*, and a crash, leak, timeout or OOM fails the run
# with its input saved as $(B)/fuzz/TARGET-crash-* (see tests/fuzz/README).
FUZZ_CC    ?= clang
FUZZ_FLAGS  = -std=c11 -g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined \
              -fno-sanitize-recover=all -D_DEFAULT_SOURCE -Iinclude -Isrc -Itests/fuzz -MMD -MP
FUZZ_OBJ    = $(CORE:%=$(B)/fuzz/obj/%.o) $(B)/fuzz/obj/builtin.o
.SECONDARY: $(FUZZ_OBJ)
$(B)/fuzz/obj/%.o: src/%.c | $(B)/.deps-ok
	@mkdir -p $(@D)
	@echo "  CLANG   $<"
	$(Q)$(FUZZ_CC) $(FUZZ_FLAGS) -fsanitize=fuzzer-no-link $(CJSON_CFLAGS) -c -o $@ $<
$(B)/fuzz/obj/builtin.o: $(B)/builtin.c
	@mkdir -p $(@D)
	$(Q)$(FUZZ_CC) $(FUZZ_FLAGS) $(CJSON_CFLAGS) -c -o $@ $<
$(B)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(FUZZ_OBJ)
	@echo "  FUZZER  $@"
	$(Q)$(FUZZ_CC) $(FUZZ_FLAGS) -fsanitize=fuzzer $(CJSON_CFLAGS) -o $@ $< $(FUZZ_OBJ) \
		$(CJSON_LIBS) -lm

fuzz:
	sh tools/deps.sh clang libclang-rt-14-dev
	$(MAKE) --no-print-directory $(FUZZ_TARGETS:%=$(B)/fuzz/fuzz_%)
	sh tests/fuzz/run.sh $(B)/fuzz $(FUZZ_SECONDS) $(FUZZ_TARGETS)

-include $(wildcard $(B)/fuzz/obj/*.d)

# The whole test suite under AddressSanitizer and UndefinedBehaviorSanitizer,
# in its own build directory; any report fails it.
SAN_FLAGS = -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
asan:
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	$(MAKE) --no-print-directory B=build-asan BIN=build-asan/pmcoach \
		CFLAGS="$(SAN_FLAGS)" LDFLAGS="-fsanitize=address,undefined" test

# Unit, fuzz-replay and CLI tests under valgrind: no invalid access and no
# definite leak (ncurses' own reachable memory is not counted).
VALGRIND = valgrind -q --error-exitcode=97 --leak-check=full --errors-for-leak-kinds=definite
valgrind: all $(UNIT_TESTS) $(FUZZ_TARGETS:%=$(B)/fuzz/replay_%)
	sh tools/deps.sh valgrind
	@printf '#!/bin/sh\nexec %s "%s" "$$@"\n' "$(VALGRIND)" "$(CURDIR)/$(BIN)" >$(B)/valgrind-pmcoach
	@chmod +x $(B)/valgrind-pmcoach
	@fail=0; \
	$(MAKE) --no-print-directory RUNWRAP="$(VALGRIND)" unit-test || fail=1; \
	$(MAKE) --no-print-directory RUNWRAP="$(VALGRIND)" fuzz-replay || fail=1; \
	$(MAKE) --no-print-directory RUNBIN=$(B)/valgrind-pmcoach cli-test || fail=1; \
	if [ $$fail = 0 ]; then echo "make valgrind: clean"; else echo "make valgrind: FAILED"; fi; exit $$fail

# ---- install ----------------------------------------------------------------

install: $(BIN)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/prompts \
		$(DESTDIR)$(DATADIR)/rubrics $(DESTDIR)$(MANDIR)/man1
	install -m 755 $(BIN) $(DESTDIR)$(BINDIR)/pmcoach
	install -m 644 prompts/*.json $(DESTDIR)$(DATADIR)/prompts/
	install -m 644 rubrics/*.json $(DESTDIR)$(DATADIR)/rubrics/
	install -m 644 man/pmcoach.1 $(DESTDIR)$(MANDIR)/man1/pmcoach.1

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/pmcoach $(DESTDIR)$(MANDIR)/man1/pmcoach.1
	rm -rf $(DESTDIR)$(DATADIR)

clean:
	rm -rf build pmcoach

-include $(wildcard $(B)/*.d $(B)/tests/*.d)
