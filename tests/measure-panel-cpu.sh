#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# tests/isolate.sh --gui tests/measure-panel-cpu.sh BUILD [SECONDS]
#
# CPU of `vigil --simulate` (utime + stime from /proc/PID/stat) over
# SECONDS (default 60) with the panel hidden and then shown (1 s samples,
# 1 h window), first while the simulated camera streams, then paused (the
# picture costs nothing, so the rest is the panel and GTK).  Cairo
# renderer, as under Xvfb in the tests.  Not part of a suite.
set -eu
build=$1 seconds=${2:-60}
export GSETTINGS_SCHEMA_DIR="$build/data" GSK_RENDERER=cairo NO_AT_BRIDGE=1 GTK_A11Y=none
export GSETTINGS_BACKEND=memory
"$build/src/vigil" --simulate >/dev/null 2>&1 &
vigil=$!
trap 'kill $vigil 2>/dev/null || true' EXIT
hz=$(getconf CLK_TCK)

win() { gdbus call --session -d io.github.vigilcam.Vigil -o /io/github/vigilcam/Vigil/window/1 -m "org.gtk.Actions.$@" >/dev/null; }
ticks() { awk '{ print $14 + $15 }' "/proc/$vigil/stat"; }
measure() {
  for shown in false true; do
    win SetState show-panel "<$shown>" '{}'
    sleep 3
    a=$(ticks); sleep "$seconds"; b=$(ticks)
    echo "$1, panel shown=$shown: $((b - a)) ticks in $seconds s = $(echo "scale=2; 100 * ($b - $a) / $hz / $seconds" | bc) % of one core"
  done
}

i=0
until gdbus call --session -d io.github.vigilcam.Vigil -o /io/github/vigilcam/Vigil -m org.gtk.Actions.List >/dev/null 2>&1; do
  i=$((i + 1)); [ $i -lt 100 ] || { echo "vigil did not start"; exit 1; }; sleep 0.2
done
sleep 8
measure streaming
win Activate play '[]' '{}'
sleep 3
measure paused
gdbus call --session -d io.github.vigilcam.Vigil -o /io/github/vigilcam/Vigil -m org.gtk.Actions.Activate quit '[]' '{}' >/dev/null
wait $vigil
