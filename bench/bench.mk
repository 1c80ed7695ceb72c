# SPDX-License-Identifier: GPL-2.0-or-later
#
# bench.mk - `make bench`: build ccsl-check, tracegen and the bench programs, then run
# bench/run (big generated traces in bench/out/, a results table in bench/out/results.md; the
# --live section probes build/standin with uprobes, where the machine allows).
# `make bench-devices`: only its devices section (bench/devices.py traces of many devices).
# Included by the Makefile; the bench programs are not built by `make`.

BENCH_OUT	:= bench/out
BENCH_BINS	:= $(BENCH_OUT)/baseline $(BENCH_OUT)/engine_bench $(BENCH_OUT)/memtime

bench: all $(FIXTURE) $(STANDIN) $(BENCH_BINS)
	BUILD=$(BUILD) BENCH_OUT=$(BENCH_OUT) bench/run

.PHONY: bench-devices

# bench-devices - only the devices section of bench/run (the memory of an instance)
bench-devices: all $(FIXTURE) $(BENCH_OUT)/memtime
	BUILD=$(BUILD) BENCH_OUT=$(BENCH_OUT) BENCH_DEVICES_ONLY=1 bench/run

$(BENCH_OUT):
	@mkdir -p $(BENCH_OUT)

# baseline - libtracecmd alone: read every record, compare event ids
$(BENCH_OUT)/baseline: bench/baseline.c | $(BENCH_OUT)
	$(call quiet,CC,$@)$(CC) $(ALL_CFLAGS) -o $@ $< $(ALL_LDFLAGS) $(PKG_LIBS)

# engine_bench - the engine alone, on the model the checker compiles
$(BENCH_OUT)/engine_bench: bench/engine_bench.c $(OBJS) | $(BENCH_OUT)
	$(call quiet,CC,$@)$(CC) $(ALL_CFLAGS) -o $@ $< $(OBJS) $(ALL_LDFLAGS) $(PKG_LIBS) -lm

# memtime - CPU time and peak RssAnon/RssFile of a command
$(BENCH_OUT)/memtime: bench/memtime.c | $(BENCH_OUT)
	$(call quiet,CC,$@)$(CC) $(ALL_CFLAGS) -o $@ $< $(ALL_LDFLAGS)

-include $(wildcard $(BENCH_OUT)/*.d)
