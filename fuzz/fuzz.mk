# SPDX-License-Identifier: GPL-2.0-or-later
#
# fuzz.mk - libFuzzer targets (clang): make fuzz, make fuzz-ci
#
#   make fuzz                  build $(BUILD)/fuzz/fuzz_* and run each for FUZZ_SECONDS (60)
#   make fuzz-ci               the same, 20 s each
#   make fuzz-build            build only
#   make fuzz-run-TARGET       one of spec, header, trace, text, pages; FUZZ_RUNS=N ends it after N
#                              executions (or FUZZ_SECONDS, whichever comes first)
#
# Corpora live in $(BUILD)/fuzz/corpus/<target>, seeded from specs/ and testdata/;
# crashes are written to $(BUILD)/fuzz/ as crash-*: keep each fixed one in
# fuzz/regressions/<target>/ (tests/integration/fuzz-regressions.t replays them).
#
# Before the fuzzing issue was closed (2026-11-25, 2 shared cores; README "Fuzzing"):
#   make BUILD=build-fz fuzz-run-spec FUZZ_SECONDS=7200 FUZZ_RUNS=10000000
#     10,000,000 runs in 5159 s (1938/s), corpus 1626 units, no finding
#   make BUILD=build-fz fuzz-run-text FUZZ_SECONDS=7200 FUZZ_RUNS=10000000
#     10,000,000 runs in 2202 s (4541/s), corpus 714 units, no finding
#   fuzz_header: 31 M runs earlier
#   fuzz_pages (the page reader, src/trace_cpu.c and th_check_page): 2.6 M runs in 900 s with
#     a clang build by hand before it joined FUZZ_TARGETS, no finding after the fixes of
#     fuzz/regressions/pages

FUZZ_CC		?= clang
FUZZ_SECONDS	?= 60
FUZZ_RUNS	?= -1
FUZZ_DIR	:= $(BUILD)/fuzz
FUZZ_FLAGS	:= -g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined \
		   -fno-sanitize-recover=all
FUZZ_CFLAGS	= -std=gnu11 -D_GNU_SOURCE -Iinclude $(PKG_CFLAGS) -DCCSL_VERSION='"$(VERSION)"' \
		  $(FUZZ_FLAGS)
FUZZ_OBJS	:= $(patsubst src/%.c,$(FUZZ_DIR)/obj/%.o,$(SRCS)) $(FUZZ_DIR)/obj/builtin_specs.o
FUZZ_TARGETS	:= spec header trace text pages
FUZZ_BINS	:= $(patsubst %,$(FUZZ_DIR)/fuzz_%,$(FUZZ_TARGETS))
# inputs: specs are small, headers need the first sections, traces a few pages; trace
# text some 25 lines, which reach every bound of trace_text*.c a longer input would (64
# pairs, 128 fields, the comm table's growth, the 1024-byte prefix scan) but
# TT_MAX_LINE and MAX_EVENTS, out of reach at 64 KiB too, at 7 times the executions per
# second of 16 KiB
FUZZ_MAX_LEN_spec	:= 8192
FUZZ_MAX_LEN_header	:= 65536
FUZZ_MAX_LEN_trace	:= 65536
FUZZ_MAX_LEN_text	:= 4096
# one CPU's data: a few pages, or a chunk list
FUZZ_MAX_LEN_pages	:= 65536
# the forms of report text replay.t reads: plain, -t, -t without "cpus=N", -N, -R, -l,
# --ts-diff; and of tracefs text (tests/tracefs_text.py)
FUZZ_REPORT_FORMS	:= plain:: t:-t: t-nohdr:-t:1 N:-N: R:-R: l:-l: tsdiff:--ts-diff:
FUZZ_TRACEFS_FORMS	:= trace trace-old trace-tgid trace_pipe
# libtracecmd 3.1.6 mallocs sizes read from v7 files (tests/corrupt/v7-huge-alloc.dat): a
# NULL is handled, so let the trace target go on past that known finding
FUZZ_ASAN_trace		:= allocator_may_return_null=1
# the text reader allocates some 100 KiB per input and frees it all at ti_close: a 16 MiB
# quarantine still holds every free of an input, and the default 256 MiB handed out fresh
# pages (their faults took half the time of a small input)
FUZZ_ASAN_text		:= quarantine_size_mb=16

.PHONY: fuzz fuzz-ci fuzz-build
.SECONDARY: $(FUZZ_OBJS)

fuzz-build: $(FUZZ_BINS)

# -MMD: an object left behind by a header change (a struct laid out two ways) is a false finding
$(FUZZ_DIR)/obj/%.o: src/%.c
	@mkdir -p $(dir $@)
	$(call quiet,FUZZCC,$@)$(FUZZ_CC) $(FUZZ_CFLAGS) -MMD -MP -fsanitize=fuzzer-no-link \
		-c -o $@ $<

$(FUZZ_DIR)/obj/builtin_specs.o: src/builtin_specs.S $(wildcard specs/*.ccsl)
	@mkdir -p $(dir $@)
	$(call quiet,FUZZAS,$@)$(FUZZ_CC) -Ispecs -c -o $@ $<

$(FUZZ_DIR)/fuzz_%: fuzz/fuzz_%.c $(FUZZ_OBJS)
	$(call quiet,FUZZLD,$@)$(FUZZ_CC) $(FUZZ_CFLAGS) -MMD -MP -fsanitize=fuzzer -o $@ $< \
		$(FUZZ_OBJS) $(PKG_LIBS) -lm

# fuzz-seed-<target> - the seed corpus: the specs, or the real traces as v7 and v6
$(FUZZ_DIR)/corpus/spec/.seeded:
	@mkdir -p $(dir $@)
	cp specs/*.ccsl specs/examples/*.ccsl fuzz/regressions/spec/* $(dir $@) 2>/dev/null; touch $@

# trace text: each form of the real traces' and the fixtures' reports and tracefs texts cut
# into pieces of whole lines that fit max_len (a paste is often a piece), the first piece of
# two of them compressed in each format (the filters), the kept tracefs captures, the
# fixtures' .report files, and files that are not traces (a spec, a JSON report)
$(FUZZ_DIR)/corpus/text/.seeded: $(BUILD)/tracegen ccsl-check
	@mkdir -p $(dir $@)
	for t in testdata/fixtures/*.txt; do \
		$(BUILD)/tracegen -o $(dir $@)/$$(basename $$t .txt).dat $$t || exit 1; \
	done; \
	for t in $$(find testdata -name '*.dat') $(dir $@)/*.dat; do \
		b=$$(basename $$t .dat); case $$t in */shared/*) b=shared-$$b;; esac; \
		for f in $(FUZZ_REPORT_FORMS); do \
			name=$${f%%:*}; rest=$${f#*:}; opt=$${rest%%:*}; cut=$${rest#*:}; \
			trace-cmd report $$opt $$t 2>/dev/null | \
				if [ -n "$$cut" ]; then sed '1{/^cpus=/d}'; else cat; fi | \
				split -C $(FUZZ_MAX_LEN_text) -d -a 3 - $(dir $@)/$$b.$$name.; \
		done; \
		for f in $(FUZZ_TRACEFS_FORMS); do \
			python3 tests/tracefs_text.py $$f $$t 2>/dev/null | \
				split -C $(FUZZ_MAX_LEN_text) -d -a 3 - $(dir $@)/$$b.$$f.; \
		done; \
	done; \
	for p in $(dir $@)/balloon-6.1-modern.t.000 $(dir $@)/balloon-6.1-modern.trace.000; do \
		head -c 3000 $$p | gzip -c >$$p.gz && head -c 3000 $$p | xz -c >$$p.xz && \
		head -c 3000 $$p | zstd -q -c >$$p.zst && head -c 3000 $$p | bzip2 -c >$$p.bz2 || \
		exit 1; \
	done; \
	rm -f $(dir $@)/*.dat; \
	./ccsl-check -q -f json -o $(dir $@)/report.json testdata/balloon-6.1-modern.dat; \
	head -c $(FUZZ_MAX_LEN_text) specs/virtio.ccsl >$(dir $@)/spec.ccsl; \
	cp testdata/tracefs/* testdata/fixtures/*.report fuzz/regressions/text/* $(dir $@) \
		2>/dev/null; touch $@

# pages: each CPU's data of the fixtures as v6 pages and v7 zstd chunk lists, and of the
# real traces (fuzz/seed-pages puts the format byte fuzz_pages reads in front)
$(FUZZ_DIR)/corpus/pages/.seeded: $(BUILD)/tracegen
	@mkdir -p $(dir $@)
	for t in testdata/fixtures/*.txt; do \
		b=$(dir $@)/$$(basename $$t .txt); \
		$(BUILD)/tracegen -o $$b.dat $$t && \
		trace-cmd convert -i $$b.dat -o $$b-v7.dat --file-version 7 --compression zstd \
			>/dev/null 2>&1; \
	done; \
	fuzz/seed-pages $(dir $@) $(dir $@)/*.dat $$(find testdata -name '*.dat') && \
	rm -f $(dir $@)/*.dat; \
	cp fuzz/regressions/pages/* $(dir $@) 2>/dev/null; touch $@

$(FUZZ_DIR)/corpus/%/.seeded: $(BUILD)/tracegen
	@mkdir -p $(dir $@)
	for t in testdata/fixtures/*.txt; do \
		b=$$(basename $$t .txt); \
		$(BUILD)/tracegen -o $(dir $@)/$$b.dat $$t && \
		trace-cmd convert -i $(dir $@)/$$b.dat -o $(dir $@)/$$b-v7.dat --file-version 7 \
			--compression zstd >/dev/null 2>&1; \
	done; \
	for t in $$(find testdata -name '*.dat'); do \
		b=$$(echo $$t | tr / -); \
		head -c 65536 $$t >$(dir $@)/$$b-head; \
	done; \
	cp fuzz/regressions/$*/* $(dir $@) 2>/dev/null; touch $@

# run-<target> - one target for FUZZ_SECONDS; a crash fails the make
fuzz-run-%: $(FUZZ_DIR)/fuzz_% $(FUZZ_DIR)/corpus/%/.seeded
	cd $(FUZZ_DIR) && ASAN_OPTIONS=$(FUZZ_ASAN_$*) LSAN_OPTIONS="suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0" \
		./fuzz_$* -max_total_time=$(FUZZ_SECONDS) -runs=$(FUZZ_RUNS) \
		-max_len=$(FUZZ_MAX_LEN_$*) -timeout=10 -rss_limit_mb=4096 \
		-print_final_stats=1 corpus/$*

fuzz: $(patsubst %,fuzz-run-%,$(FUZZ_TARGETS))

# fuzz-ci - our own parsers only: the trace target also fuzzes libtracecmd, whose own
# crashes are findings to report, not failures of a CI run
fuzz-ci:
	@$(MAKE) --no-print-directory fuzz-run-spec fuzz-run-header fuzz-run-text fuzz-run-pages \
		FUZZ_SECONDS=20

-include $(wildcard $(FUZZ_DIR)/obj/*.d $(FUZZ_DIR)/*.d)
