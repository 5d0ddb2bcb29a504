#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks the Flatpak manifest without the GNOME SDK (which cannot be had
offline): flatpak-builder parses it, every source is pinned, every local
path exists, and it names our app id and command."""
import json
import os
import re
import shutil
import subprocess
import sys

manifest_path, app_id = sys.argv[1], sys.argv[2]
base = os.path.dirname(os.path.abspath(manifest_path))
failures = []
n = 0


def check(ok, what):
    global n
    n += 1
    print(("ok" if ok else "not ok") + f" {n} {what}")
    if not ok:
        failures.append(what)


builder = shutil.which("flatpak-builder")
if builder:
    run = subprocess.run([builder, "--show-manifest", manifest_path],
                         capture_output=True, text=True, cwd=base)
    check(run.returncode == 0, "flatpak-builder --show-manifest parses it " + run.stderr.strip())
else:
    print(f"ok {n + 1} # SKIP flatpak-builder is not installed")
    n += 1

with open(manifest_path) as f:
    manifest = json.load(f)

check(manifest.get("id") == app_id, f"the id is {app_id}")
check(manifest.get("command") == "vigil", "the command is vigil")
modules = manifest.get("modules", [])
check([m.get("name") for m in modules][-1:] == ["vigil"], "vigil is the last module")

for module in modules:
    for source in module.get("sources", []):
        kind = source.get("type")
        name = module.get("name")
        if kind == "git":
            check(re.fullmatch(r"[0-9a-f]{40}", source.get("commit", "")) is not None,
                  f"{name}: the git source is pinned to a commit")
        elif kind in ("archive", "file"):
            if "path" in source:
                check(os.path.exists(os.path.join(base, source["path"])), f"{name}: {source['path']} exists")
            else:
                check(re.fullmatch(r"[0-9a-f]{64}", source.get("sha256", "")) is not None,
                      f"{name}: the {kind} has a sha256")
        elif kind == "dir":
            check(os.path.isdir(os.path.join(base, source.get("path", ""))), f"{name}: {source.get('path')} exists")
            check(os.path.isfile(os.path.join(base, source.get("path", ""), "meson.build")),
                  f"{name}: {source.get('path')} holds a meson project")
        else:
            check(False, f"{name}: source type {kind} is known")

# Options given to our own meson build must be built-in ones or ours.
ours = modules[-1].get("config-opts", [])
options_file = os.path.join(base, "..", "meson_options.txt")
declared = set()
if os.path.exists(options_file):
    declared = set(re.findall(r"option\('([^']+)'", open(options_file).read()))
for opt in ours:
    key = opt[2:].split("=")[0]
    check(key in {"werror", "buildtype", "prefix", "b_sanitize"} or key in declared, f"vigil: option {key} exists")

print(f"1..{n}")
sys.exit(1 if failures else 0)
