#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# tests/isolate.sh --gui tests/panel-scenario.sh BUILD OUT.png LEAK [SECONDS]
#
# The panel's acceptance scenario, to look at: `vigil --simulate` with a
# 1560×960 window and a 700 px panel, three unplug/replug cycles, then
# (LEAK=1: with the leak demonstration on) callback.register failing
# persistently for SECONDS (default 30, about ten failed reconnects), then
# disarmed; a screenshot of the window is written to OUT.png.  With
# SIZE=default in the environment, the window and the panel keep their
# default sizes (1280×800, a 420 px panel).  Prints the
# reconnect figure the panel shows (win.reconnects) and the ReconnectStart
# events in the log, which must agree.  Not part of a suite.
set -eu
build=$1 out=$2 leak=$3 seconds=${4:-30}
tmp=$(mktemp -d)
export GSETTINGS_SCHEMA_DIR="$build/data" GSK_RENDERER=cairo NO_AT_BRIDGE=1 GTK_A11Y=none
export GSETTINGS_BACKEND=keyfile XDG_CONFIG_HOME="$tmp"
[ "${SIZE:-}" = default ] || gsettings set io.github.vigilcam.Vigil window-width 1560
[ "${SIZE:-}" = default ] || gsettings set io.github.vigilcam.Vigil window-height 960
[ "${SIZE:-}" = default ] || gsettings set io.github.vigilcam.Vigil panel-width 700

"$build/src/vigil" --simulate --log-file "$tmp/events.jsonl" >"$tmp/vigil.log" 2>&1 &
vigil=$!
trap 'kill $vigil 2>/dev/null || true; rm -rf "$tmp"' EXIT

app() { gdbus call --session -d io.github.vigilcam.Vigil -o /io/github/vigilcam/Vigil -m "org.gtk.Actions.$@" >/dev/null; }
i=0
until gdbus call --session -d io.github.vigilcam.Vigil -o /io/github/vigilcam/Vigil -m org.gtk.Actions.List >/dev/null 2>&1; do
  i=$((i + 1)); [ $i -lt 100 ] || { echo "vigil did not start"; exit 1; }; sleep 0.2
done
sleep 4
for cycle in 1 2 3; do
  app Activate simulate "[<'unplug'>]" '{}'; sleep 3
  app Activate simulate "[<'replug'>]" '{}'; sleep 5
done
[ "$leak" = 1 ] && app SetState leak-demo '<true>' '{}'
app Activate arm-fault "[<'callback.register=persistent'>]" '{}'
app Activate simulate "[<'control-lost'>]" '{}'
sleep "$seconds"
app Activate arm-fault "[<'callback.register=off'>]" '{}'
sleep 8
app Activate screenshot "[<'$out'>]" '{}'
echo "panel shows: $(gdbus call --session -d io.github.vigilcam.Vigil -o /io/github/vigilcam/Vigil/window/1 \
  -m org.gtk.Actions.Describe reconnects)"
echo "ReconnectStart events: $(grep -c '"phase":"ReconnectStart"' "$tmp/events.jsonl")"
app Activate quit '[]' '{}'
wait $vigil
