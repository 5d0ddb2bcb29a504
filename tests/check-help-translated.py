#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""`vigil --help` speaks the language of LANGUAGE: the summary and every
option description differ from the English ones, and in Japanese they are
written in Japanese script.  The catalogs come from the build tree through
VIGIL_LOCALEDIR; LANG=C.UTF-8 is built into glibc, so no locale has to be
generated (GNU gettext ignores LANGUAGE only when LC_MESSAGES is plain "C").

Usage: check-help-translated.py VIGIL LOCALEDIR LANG..."""
import os
import re
import subprocess
import sys

n = 0
failures = 0
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def check(ok, what, detail=""):
    global n, failures
    n += 1
    print(("ok" if ok else "not ok") + f" {n} {what}")
    if not ok and detail:
        for line in detail.rstrip().splitlines():
            print("# " + line)
    failures += not ok


def run_help(vigil, localedir, lang):
    env = {k: v for k, v in os.environ.items() if not k.startswith("LC_") and k not in ("LANG", "LANGUAGE")}
    env.update(VIGIL_LOCALEDIR=localedir, LANG="C.UTF-8")
    if lang is None:
        env["LC_ALL"] = "C"
    else:
        env["LANGUAGE"] = lang
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    res = subprocess.run([vigil, "--help"], capture_output=True, text=True, env=env, timeout=60)
    return res.returncode, res.stdout, res.stderr


def descriptions(text):
    """Maps each long option to its description, plus the summary."""
    found = {}
    lines = text.splitlines()
    for line in lines:
        m = re.match(r"\s+(?:-\w, )?(--[\w-]+)(?:=\S+)?\s{2,}(.+)$", line)
        if m:
            found[m.group(1)] = m.group(2).strip()
    # The summary is the first paragraph after the usage line.
    paragraphs = [p.strip() for p in text.split("\n\n") if p.strip()]
    if len(paragraphs) > 1:
        found["summary"] = paragraphs[1]
    return found


def main():
    vigil, localedir, langs = sys.argv[1], sys.argv[2], sys.argv[3:]
    ours = ["summary", "--camera", "--simulate", "--log-file", "--snapshot-dir", "--version"]

    rc, out, err = run_help(vigil, localedir, None)
    check(rc == 0, "vigil --help runs in the C locale", err)
    english = descriptions(out)
    check(all(o in english for o in ours), "the C locale shows the summary and our options", out)

    for lang in langs:
        mo = os.path.join(localedir, lang, "LC_MESSAGES", "vigil.mo")
        check(os.path.exists(mo), f"{lang}: {mo} is built")
        rc, out, err = run_help(vigil, localedir, lang)
        check(rc == 0, f"{lang}: vigil --help runs", err)
        shown = descriptions(out)
        for option in ours:
            text = shown.get(option, "")
            ok = bool(text) and text != english.get(option)
            if lang == "ja":
                ok = ok and JAPANESE.search(text) is not None
            check(ok, f"{lang}: {option} is translated: {text}", out)

    print(f"1..{n}")
    return 1 if failures else 0


sys.exit(main())
