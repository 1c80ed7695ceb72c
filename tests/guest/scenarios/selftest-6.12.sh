# SPDX-License-Identifier: GPL-2.0-or-later
# selftest-6.12: ccsl-record's define/undefine interface on 6.12 (scenarios/selftest.sh).
. /scenarios/selftest.sh
