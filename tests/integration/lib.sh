# SPDX-License-Identifier: GPL-2.0-or-later
# lib.sh - what the shell integration tests share (sourced by them, not run by prove), as
# tap.py is for the Python ones and rtla's tests/engine.sh for rtla's: a test file is then
# a list of cases.
#
#   . "$(dirname "$0")/lib.sh"     cd to the top of the tree (TOP, or two levels up from the
#                                  test); TMP (removed at exit), CHECK,
#                                  BUILD are set
#   ok STATUS DESCRIPTION [FILE]   one TAP line: "ok" when STATUS is 0; else "not ok" and the
#                                  first lines of FILE (if given) as comments
#   expect STATUS PATTERN DESCRIPTION -- CMD...
#                                  run CMD: ok when it exits STATUS and its stderr has a line
#                                  matching PATTERN (grep); stdout in $TMP/out, stderr in
#                                  $TMP/err
#   test_end                       the plan (after the tests) and the exit status

cd "${TOP:-$(dirname "$0")/../..}" || exit 2
CHECK=${CCSL_CHECK:-./ccsl-check}
BUILD=${BUILD:-build}
TMP=$(mktemp -d) || exit 2
trap 'rm -rf "$TMP"' EXIT
tap_n=0
tap_failed=0

# ok - one TAP result
ok() {
	tap_n=$((tap_n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $tap_n - $2"
	else
		echo "not ok $tap_n - $2"
		tap_failed=$((tap_failed + 1))
		[ -n "${3:-}" ] && [ -f "$3" ] && sed 's/^/# /' "$3" | head -8
	fi
	return 0
}

# expect - run a command, check its exit status and a line of its stderr
expect() {
	want=$1 pattern=$2 what=$3
	shift 4
	"$@" >"$TMP/out" 2>"$TMP/err"
	got=$?
	[ "$got" -eq "$want" ] && grep -q -- "$pattern" "$TMP/err"
	ok $? "$what (exit $got, want $want)" "$TMP/err"
}

# test_end - the plan and the exit status
test_end() {
	echo "1..$tap_n"
	[ "$tap_failed" -eq 0 ]
}
