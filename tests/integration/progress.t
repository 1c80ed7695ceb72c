#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# progress.t - progress on stderr when asked, never in a pipe otherwise
cd "$(dirname "$0")/../.." || exit 1
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
"${BUILD:-build}/tracegen" --bench 2200000 --cpus 2 --virtio-every 1000 -o "$TMP/t.dat" || exit 1
echo "1..3"
./ccsl-check --progress=always -q "$TMP/t.dat" >/dev/null 2>"$TMP/err"
if tr '\r' '\n' <"$TMP/err" | grep -q 't.dat: 2.1 M records, [0-9]*%$'; then
	echo "ok 1 - --progress=always shows records and a percentage"
else
	echo "not ok 1 - no progress"; sed 's/^/# /' "$TMP/err" | head -3
fi
./ccsl-check -q "$TMP/t.dat" >/dev/null 2>"$TMP/err2"
if [ ! -s "$TMP/err2" ]; then
	echo "ok 2 - nothing on stderr when it is not a terminal"
else
	echo "not ok 2 - stderr: $(head -c 200 "$TMP/err2")"
fi
./ccsl-check --progress=sometimes -q "$TMP/t.dat" >/dev/null 2>"$TMP/err3"
if [ $? -eq 2 ] && grep -q "unknown --progress value 'sometimes'" "$TMP/err3"; then
	echo "ok 3 - a bad --progress value is a usage error"
else
	echo "not ok 3 - bad value accepted"
fi
