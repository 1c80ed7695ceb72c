#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# completion.t - the bash completions: registered, every --help option offered, option values,
# specifications and traces completed by kind
. "$(dirname "$0")/lib.sh"
top=$PWD
# shellcheck source=completions/ccsl-check
. completions/ccsl-check

# comp WORDS... - the completions of the last word, one per line, sorted
comp() {
	COMP_WORDS=("$@")
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	COMPREPLY=()
	_ccsl_check
	printf '%s\n' "${COMPREPLY[@]}" | sort
}

complete -p ccsl-check | grep -q -- '-F _ccsl_check ccsl-check'
ok $? "ccsl-check's completion is registered"
$CHECK --help | grep -o -- '--[a-z][a-z-]*' | sort -u >"$TMP/help"
comp ccsl-check -- | sort -u >"$TMP/offered"
comm -23 "$TMP/help" "$TMP/offered" >"$TMP/missing"
[ ! -s "$TMP/missing" ]
ok $? "every long option of --help is offered" "$TMP/missing"
[ "$(comp ccsl-check -f '' | tr '\n' ' ')" = "json text " ]
ok $? "-f: text and json"
[ "$(comp ccsl-check --color=a | tr '\n' ' ')" = "--color=always --color=auto " ]
ok $? "--color=a: auto and always"
cd "$TMP" || exit 2
mkdir sub
touch a.ccsl b.dat c.txt d.dat.zst e.png sub/f.dat
[ "$(comp ccsl-check -s '' | tr '\n' ' ')" = "<virtio> a.ccsl sub/ " ]
ok $? "-s: specifications, the built-in one and directories"
[ "$(comp ccsl-check -q '' | tr '\n' ' ')" = "b.dat c.txt d.dat.zst sub/ " ]
ok $? "traces: trace.dat, report text, compressed; not other files"
[ "$(comp ccsl-check --check-spec '' | tr '\n' ' ')" = "a.ccsl sub/ " ]
ok $? "--check-spec: a specification"
[ "$(comp ccsl-check -o e | tr '\n' ' ')" = "e.png " ]
ok $? "-o: any file"
[ "$(comp ccsl-check --live --record '' | tr '\n' ' ')" = "b.dat sub/ " ]
ok $? "--record: a trace.dat"
comp ccsl-check --live -- mkdi | grep -qx mkdir
ok $? "--live -- WORD: a command"
[ "$(comp ccsl-check --live -- ls e | tr '\n' ' ')" = "e.png " ]
ok $? "--live -- COMMAND WORD: the command's arguments (any file)"
cd "$top" || exit 2
test_end
