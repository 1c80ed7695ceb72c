#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# install.t - make install puts every file where the man pages say (PREFIX substituted),
# make uninstall removes exactly what install installed
. "$(dirname "$0")/lib.sh"
dest=$TMP/root
make -s install DESTDIR="$dest" PREFIX=/usr >"$TMP/log" 2>&1
ok $? "make install DESTDIR PREFIX=/usr" "$TMP/log"
for f in usr/bin/ccsl-check usr/bin/ccsl-record usr/share/man/man1/ccsl-check.1 \
	usr/share/man/man1/ccsl-record.1 usr/share/man/man5/ccsl-spec.5 \
	usr/share/ccsl-check/specs/virtio.ccsl usr/share/ccsl-check/specs/examples/balloon.ccsl \
	usr/share/ccsl-check/report.schema.json usr/share/bash-completion/completions/ccsl-check; do
	[ -f "$dest/$f" ]
	ok $? "installed: /$f"
done
! grep -rl '/usr/local' "$dest/usr/share/man" >"$TMP/grep"
ok $? "the installed man pages name no /usr/local path" "$TMP/grep"
grep -q '/usr/share/ccsl-check/specs/virtio.ccsl' "$dest/usr/share/man/man1/ccsl-check.1"
ok $? "ccsl-check(1) names the installed spec"
"$dest/usr/bin/ccsl-check" --check-spec "$dest/usr/share/ccsl-check/specs/virtio.ccsl" \
	>"$TMP/out" 2>&1
ok $? "the installed binary checks the installed spec" "$TMP/out"
touch "$dest/usr/bin/not-ours"
make -s uninstall DESTDIR="$dest" PREFIX=/usr >"$TMP/log" 2>&1
ok $? "make uninstall" "$TMP/log"
(cd "$dest" && find . -type f) >"$TMP/left"
[ "$(cat "$TMP/left")" = "./usr/bin/not-ours" ]
ok $? "uninstall removed exactly what install installed" "$TMP/left"
test_end
