# SPDX-License-Identifier: GPL-2.0-or-later
# selftest-6.1: ccsl-record's define/undefine interface on 6.1 (scenarios/selftest.sh).
. /scenarios/selftest.sh
