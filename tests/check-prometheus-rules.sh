#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# check-prometheus-rules.sh DIR
#
# `promtool check rules` and `promtool test rules` on Vigil's alert rules
# (DIR/vigil.rules.yml and its unit tests DIR/vigil.rules.test.yml), as TAP.
# Skipped (exit 77) when promtool (Debian: prometheus) is not installed.
set -u
dir=$1

if ! command -v promtool >/dev/null 2>&1; then
  echo "1..0 # SKIP promtool is not installed (Debian package prometheus)"
  exit 77
fi

echo "1..2"
status=0
if out=$(promtool check rules "$dir/vigil.rules.yml" 2>&1); then
  echo "ok 1 promtool check rules vigil.rules.yml"
else
  echo "not ok 1 promtool check rules vigil.rules.yml"
  status=1
fi
echo "$out" | sed 's/^/# /'
# promtool resolves rule_files against the test file's folder.
if out=$(cd "$dir" && promtool test rules vigil.rules.test.yml 2>&1); then
  echo "ok 2 promtool test rules vigil.rules.test.yml"
else
  echo "not ok 2 promtool test rules vigil.rules.test.yml"
  status=1
fi
echo "$out" | sed 's/^/# /'
exit $status
