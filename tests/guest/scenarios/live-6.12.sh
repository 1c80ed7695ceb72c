# SPDX-License-Identifier: GPL-2.0-or-later
# live-6.12: ccsl-check --live on 6.12: a balloon probe and an rmmod/insmod cycle (scenarios/live.sh).
. /scenarios/live.sh
