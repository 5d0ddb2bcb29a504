#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Every source file with translatable strings is listed in po/POTFILES.in,
which is sorted and lists nothing that does not exist."""
import os
import re
import sys

top = sys.argv[1]
listed = [l.strip() for l in open(os.path.join(top, "po", "POTFILES.in")) if l.strip() and not l.startswith("#")]
n = 0
failures = 0


def check(ok, what):
    global n, failures
    n += 1
    print(("ok" if ok else "not ok") + f" {n} {what}")
    failures += not ok


wanted = set()
for folder in ("src", "ui", "data"):
    for root, _, files in os.walk(os.path.join(top, folder)):
        for name in files:
            path = os.path.join(root, name)
            rel = os.path.relpath(path, top)
            text = open(path, errors="replace").read()
            if name.endswith((".c", ".h")) and re.search(r"\b(N_|_|C_|NC_|g_dngettext)\s*\(", text):
                wanted.add(rel)
            elif name.endswith(".ui") and 'translatable="yes"' in text:
                wanted.add(rel)
            elif name.endswith((".desktop.in", ".metainfo.xml.in", ".gschema.xml")):
                wanted.add(rel)

for rel in sorted(wanted):
    check(rel in listed, f"{rel} is in POTFILES.in")
for rel in listed:
    check(os.path.exists(os.path.join(top, rel)), f"{rel} exists")
check(listed == sorted(listed), "POTFILES.in is sorted")
print(f"1..{n}")
sys.exit(1 if failures else 0)
