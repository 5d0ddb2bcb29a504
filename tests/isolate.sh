#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# isolate.sh [--gui] PROGRAM [ARGS...]
#
# Runs PROGRAM in a private network namespace whose loopback is up, so a
# simulated camera on 127.0.0.1 (UDP 3956) cannot meet another test's.  With
# --gui, also starts a private Xvfb and D-Bus session bus for it.  Every child
# started here is ended by pid when PROGRAM exits.
set -eu

# Where isolation cannot be had (a build sandbox such as flatpak-builder),
# the test is skipped (TAP exit 77) -- unless VIGIL_REQUIRE_ISOLATION=1, as
# build-aux/check sets it, where that is a failure.
skip() {
  if [ "${VIGIL_REQUIRE_ISOLATION:-}" = 1 ]; then
    echo "Bail out! $1"
    exit 1
  fi
  echo "1..0 # SKIP $1"
  exit 77
}

if [ "${VIGIL_ISOLATED:-}" != 1 ]; then
  export VIGIL_ISOLATED=1
  command -v unshare >/dev/null 2>&1 || skip "unshare is not installed"
  # A mount namespace too, for a private /tmp/.X11-unix below.
  if [ "$(id -u)" = 0 ]; then
    unshare --net --mount true 2>/dev/null || skip "cannot create a network and mount namespace"
    exec unshare --net --mount -- "$0" "$@"
  else
    unshare --map-root-user --net --mount true 2>/dev/null || skip "cannot create a user, network and mount namespace"
    exec unshare --map-root-user --net --mount -- "$0" "$@"
  fi
fi

command -v ip >/dev/null 2>&1 || skip "ip (iproute2) is not installed"
ip link set lo up

gui=0
if [ "${1:-}" = --gui ]; then
  gui=1
  shift
fi

if [ "$gui" = 0 ]; then
  exec "$@"
fi

command -v Xvfb >/dev/null 2>&1 || skip "Xvfb is not installed"
command -v dbus-daemon >/dev/null 2>&1 || skip "dbus-daemon is not installed"

tmp=$(mktemp -d)
xvfb_pid=
bus_pid=
cleanup() {
  [ -n "$bus_pid" ] && kill "$bus_pid" 2>/dev/null || true
  [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

# The X socket folder is shared by every network namespace, but the
# abstract sockets that tell Xvfb a display is taken are not: an Xvfb in
# another test's namespace took display :0 as well, unlinked this one's
# socket and lock on its way, and Vigil then failed with "cannot open
# display: :0" (gui-hostile, when two suites ran at once).  Each test gets
# a folder of its own (unshare made this mount namespace's mounts private)
# and no lock file.
mkdir -p /tmp/.X11-unix
mount -t tmpfs -o mode=1777 tmpfs /tmp/.X11-unix || skip "cannot mount a private /tmp/.X11-unix"

# Xvfb picks a free display and writes its number to fd 3.
Xvfb -displayfd 3 -nolock -screen 0 1600x1000x24 -nolisten tcp 3>"$tmp/display" 2>"$tmp/xvfb.log" &
xvfb_pid=$!
i=0
while [ ! -s "$tmp/display" ]; do
  i=$((i + 1))
  if [ $i -gt 100 ]; then
    echo "Bail out! Xvfb did not start: $(cat "$tmp/xvfb.log")"
    exit 1
  fi
  sleep 0.1
done
export DISPLAY=":$(cat "$tmp/display")"
unset WAYLAND_DISPLAY

dbus-daemon --session --nofork --print-address=3 --address="unix:path=$tmp/bus" 3>"$tmp/bus-address" &
bus_pid=$!
i=0
while [ ! -s "$tmp/bus-address" ]; do
  i=$((i + 1))
  if [ $i -gt 100 ]; then
    echo "Bail out! dbus-daemon did not start"
    exit 1
  fi
  sleep 0.1
done
export DBUS_SESSION_BUS_ADDRESS="$(cat "$tmp/bus-address")"

status=0
"$@" || status=$?
exit $status
