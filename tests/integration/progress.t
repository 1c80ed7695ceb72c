#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# progress.t - progress on stderr when asked, never in a pipe otherwise
. "$(dirname "$0")/lib.sh"
"$BUILD/tracegen" --bench 2200000 --cpus 2 --virtio-every 1000 -o "$TMP/t.dat" || exit 1
$CHECK --progress=always -q "$TMP/t.dat" >/dev/null 2>"$TMP/err"
tr '\r' '\n' <"$TMP/err" | grep -q 't.dat: 2.1 M records, [0-9]*%$'
ok $? "--progress=always shows records and a percentage" "$TMP/err"
$CHECK -q "$TMP/t.dat" >/dev/null 2>"$TMP/err2"
[ ! -s "$TMP/err2" ]
ok $? "nothing on stderr when it is not a terminal" "$TMP/err2"
expect 2 "unknown --progress value 'sometimes'" "a bad --progress value is a usage error" -- \
	$CHECK --progress=sometimes -q "$TMP/t.dat"
test_end
