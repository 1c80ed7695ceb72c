#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# inputs.t - what people give instead of a plain trace file: pipes and FIFOs (spooled,
# bounded). Each failure is exit status 2 with one line on standard error; no temporary
# file is left behind (TMPDIR). replay.t checks that the readable forms give the trace.dat's
# findings.
. "$(dirname "$0")/lib.sh"
REAL=testdata/balloon-6.1-modern.dat
SPOOL=$TMP/spool
mkdir "$SPOOL"
export TMPDIR="$SPOOL"

# one_line STATUS PATTERN DESCRIPTION -- CMD...: expect, and stderr is that one line
one_line() {
	expect "$@"
	[ "$(wc -l <"$TMP/err")" -eq 1 ]
	ok $? "$3: one line on standard error" "$TMP/err"
}

# runs STATUS DESCRIPTION -- CMD...: CMD exits STATUS (its output in $TMP/out, $TMP/err)
runs() {
	want=$1 what=$2
	shift 3
	"$@" >"$TMP/out" 2>"$TMP/err"
	got=$?
	[ "$got" -eq "$want" ]
	ok $? "$what (exit $got, want $want)" "$TMP/err"
}

# pipes, FIFOs, standard input: spooled to a temporary file, bounded
runs 1 "a trace.dat on standard input" -- sh -c "$CHECK -q - <'$REAL'"
runs 1 "a trace.dat through a pipe" -- sh -c "cat '$REAL' | $CHECK -q -"
mkfifo "$TMP/fifo"
(cat "$REAL" >"$TMP/fifo") &
runs 1 "a trace.dat through a FIFO" -- $CHECK -q "$TMP/fifo"
wait
$CHECK -v - <"$REAL" >"$TMP/v.out" 2>&1
grep -q "not a regular file: [0-9]* bytes spooled to an unlinked temporary file in $SPOOL (the bound is 4 GiB)" \
	"$TMP/v.out"
ok $? "-v says what was spooled, where, and the bound" "$TMP/v.out"
CCSL_SPOOL_MAX=64K one_line 2 "^ccsl-check: -: more than 64 KiB to spool to a temporary file: refused" \
	"standard input beyond the bound" -- sh -c "$CHECK -q - <'$REAL'"
CCSL_SPOOL_MAX=lots one_line 2 "CCSL_SPOOL_MAX is not a size" "a bad bound" -- \
	sh -c "$CHECK -q - <'$REAL'"
one_line 2 "^ccsl-check: -: empty input" "nothing on standard input" -- \
	sh -c "$CHECK -q - </dev/null"

# nothing left behind in TMPDIR, whatever failed
[ -z "$(ls -A "$SPOOL")" ]
ok $? "no temporary file left in TMPDIR"
test_end
