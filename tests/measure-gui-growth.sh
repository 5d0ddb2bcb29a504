#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# tests/isolate.sh --gui tests/measure-gui-growth.sh [BUILD_DIR]
#
# Vigil with the simulated camera, N (default 200) control-lost calls 1.2 s
# apart over D-Bus; private memory, fds and threads every 25 calls, then a
# snapshot (its "verdict" is the GUI's own) in $OUT (default
# /tmp/vigil-gui-growth.json).  A measurement, not a test.
set -eu
build=${1:-_build}
N=${N:-200}
OUT=${OUT:-/tmp/vigil-gui-growth.json}
export GSETTINGS_BACKEND=memory GSETTINGS_SCHEMA_DIR="$build/data" NO_AT_BRIDGE=1 GTK_A11Y=none GSK_RENDERER=cairo
"$build/src/vigil" --simulate >/dev/null 2>&1 &
pid=$!
sleep 5
call() {
  gdbus call --session --dest io.github.vigilcam.Vigil --object-path /io/github/vigilcam/Vigil \
    --method org.gtk.Actions.Activate "$1" "$2" {} >/dev/null 2>&1 || true
}
private_kb() { awk '/^Private_(Clean|Dirty)/ { s += $2 } END { print s }' "/proc/$pid/smaps_rollup"; }
report() { echo "calls=$1 private_kB=$(private_kb) fds=$(ls "/proc/$pid/fd" | wc -l) threads=$(ls "/proc/$pid/task" | wc -l)"; }
report 0
i=0
while [ "$i" -lt "$N" ]; do
  call simulate "[<'control-lost'>]"
  sleep 1.2
  i=$((i + 1))
  if [ $((i % 25)) = 0 ]; then report "$i"; fi
done
call export-snapshot "[<'$OUT'>]"
sleep 2
call quit "[]"
wait "$pid"
python3 -c "import json,sys; v=json.load(open(sys.argv[1]))['verdict']; print('verdict', v['status'])" "$OUT"
