# SPDX-License-Identifier: GPL-3.0-or-later
#
# Sourced by build-aux/run and build-aux/check: installs the Debian
# packages Vigil needs (when root, or through sudo) and configures and
# builds it in _build.  Idempotent: a second run only rebuilds.

top=$(cd "$(dirname "$0")/.." && pwd)
build="$top/_build"

# Build, run and test dependencies, by Debian 12 package name.
packages="
  gcc meson ninja-build pkg-config python3
  libglib2.0-dev libgtk-4-dev libjson-glib-dev
  libaravis-dev libusb-1.0-0-dev aravis-tools libsoup-3.0-dev libpng-dev
  gettext desktop-file-utils appstream shared-mime-info libglib2.0-bin
  xvfb xauth dbus iproute2 util-linux flatpak-builder
  prometheus python3-prometheus-client
  valgrind
"

install_packages() {
  missing=""
  for p in $packages; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
      missing="$missing $p"
    fi
  done
  [ -z "$missing" ] && return 0

  echo "vigil: installing missing packages:$missing"
  if [ "$(id -u)" = 0 ]; then
    sudo=""
  elif command -v sudo >/dev/null 2>&1; then
    sudo="sudo"
  else
    echo "vigil: these packages are missing and I am neither root nor have sudo:$missing" >&2
    exit 2
  fi
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends $missing ||
    { $sudo apt-get update && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends $missing; }
}

configure_and_build() {
  werror=false
  [ -n "${CI:-}" ] && werror=true
  if [ -f "$build/build.ninja" ]; then
    meson configure "$build" -Dwerror="$werror"
  else
    meson setup "$build" "$top" -Dwerror="$werror"
  fi
  meson compile -C "$build"
}
