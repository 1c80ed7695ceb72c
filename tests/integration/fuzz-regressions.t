#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# fuzz-regressions.t - every input a fuzz target once failed on, replayed through ccsl-check:
# spec inputs with --check-spec, header, trace and report-text inputs as traces. Each must
# end with exit 0-3 (2 with a diagnostic), never a signal or a sanitizer report. The page
# reader's inputs (one CPU's data, not a file) go through $BUILD/tests/fuzz_replay_pages,
# which must exit 0.
. "$(dirname "$0")/lib.sh"
REPLAY_PAGES=$BUILD/tests/fuzz_replay_pages
set -- fuzz/regressions/spec/* fuzz/regressions/header/* fuzz/regressions/trace/* \
	fuzz/regressions/text/* fuzz/regressions/pages/*
files=""
for f in "$@"; do [ -f "$f" ] && files="$files $f"; done
for f in $files; do
	case $f in
	fuzz/regressions/spec/*) timeout 10 $CHECK --check-spec -s "$f" >/dev/null 2>"$TMP/err" ;;
	fuzz/regressions/pages/*) timeout 10 "$REPLAY_PAGES" "$f" >/dev/null 2>"$TMP/err" ;;
	*) timeout 10 $CHECK -f json "$f" >/dev/null 2>"$TMP/err" ;;
	esac
	rc=$?
	[ "$rc" -le 3 ] && ! grep -q "Sanitizer\|runtime error:" "$TMP/err" &&
		{ [ "$rc" -ne 2 ] || [ -s "$TMP/err" ]; }
	ok $? "$f (exit $rc)" "$TMP/err"
done
test_end
