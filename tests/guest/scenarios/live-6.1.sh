# SPDX-License-Identifier: GPL-2.0-or-later
# live-6.1: ccsl-check --live on 6.1: a balloon probe and an rmmod/insmod cycle (scenarios/live.sh).
. /scenarios/live.sh
