#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The snapshot's MIME type (data/io.github.vigilcam.Vigil.mime.xml), as a
# desktop sees it: update-mime-database into a temporary folder, then
# `gio info` on samples — by name (vigil-snapshot-*.json), by content (a
# file without an extension whose text starts like a snapshot), and a
# JSON file that is not a snapshot — and the desktop file's MimeType.
# Usage: check-mime.sh MIME_XML DESKTOP_FILE
mime_xml=$1
desktop=$2
type=application/x-vigil-snapshot+json

for tool in update-mime-database gio; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "1..0 # SKIP $tool not found (packages shared-mime-info, libglib2.0-bin)"
    exit 77
  fi
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "1..5"
n=0
check() {
  n=$((n + 1))
  if [ "$1" = "$2" ]; then
    echo "ok $n $3"
  else
    echo "not ok $n $3: got '$1', expected '$2'"
    failed=1
  fi
}

mkdir -p "$tmp/mime/packages" "$tmp/samples"
cp "$mime_xml" "$tmp/mime/packages/"
if XDG_DATA_HOME="$tmp" update-mime-database "$tmp/mime" 2>"$tmp/errors" && [ ! -s "$tmp/errors" ]; then
  echo "ok 1 update-mime-database accepts the definition"
else
  echo "not ok 1 update-mime-database: $(cat "$tmp/errors")"
  failed=1
fi
n=1

printf '{\n  "schema": "vigil-snapshot/1",\n  "created": "2026-11-25T19:14:46Z"\n}\n' \
  > "$tmp/samples/vigil-snapshot-lab-pc-20261125T191446Z.json"
cp "$tmp/samples/vigil-snapshot-lab-pc-20261125T191446Z.json" "$tmp/samples/exported-from-line-3"
printf '{\n  "name": "vigil"\n}\n' > "$tmp/samples/package.json"

content_type() {
  XDG_DATA_HOME="$tmp" XDG_DATA_DIRS="$tmp:/usr/local/share:/usr/share" \
    gio info -a standard::content-type "$1" | sed -n 's/^ *standard::content-type: *//p'
}
check "$(content_type "$tmp/samples/vigil-snapshot-lab-pc-20261125T191446Z.json")" "$type" "by name"
check "$(content_type "$tmp/samples/exported-from-line-3")" "$type" "by content (magic)"
check "$(content_type "$tmp/samples/package.json")" "application/json" "other JSON stays application/json"

if grep -q "^MimeType=.*$type;" "$desktop"; then
  check ok ok "the desktop file lists $type"
else
  check missing ok "the desktop file lists $type"
fi
exit ${failed:-0}
