#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Every language in po/LINGUAS translates every string of the current
template: each po file is merged (as `meson compile vigil-update-po` would)
into a temporary copy against the template, and `msgfmt --check --statistics`
must pass and report no untranslated and no fuzzy messages.  So a new string
in the sources that nobody translated yet fails this test.

Usage: check-translations.py PO_DIR [POT]
Without POT the template is extracted afresh from PO_DIR/POTFILES.in with
xgettext and the keywords of meson's i18n.gettext glib preset."""
import os
import re
import shutil
import subprocess
import sys
import tempfile

# The glib preset of meson's i18n module (mesonbuild/modules/i18n.py).
GLIB_PRESET = [
    "--from-code=UTF-8", "--add-comments",
    "--keyword=_", "--keyword=N_", "--keyword=C_:1c,2", "--keyword=NC_:1c,2",
    "--keyword=g_dcgettext:2", "--keyword=g_dngettext:2,3", "--keyword=g_dpgettext2:2c,3",
    "--flag=N_:1:pass-c-format", "--flag=C_:2:pass-c-format", "--flag=NC_:2:pass-c-format",
    "--flag=g_dngettext:2:pass-c-format", "--flag=g_strdup_printf:1:c-format",
    "--flag=g_string_printf:2:c-format", "--flag=g_string_append_printf:2:c-format",
    "--flag=g_error_new:3:c-format", "--flag=g_set_error:4:c-format",
    "--flag=g_markup_printf_escaped:1:c-format", "--flag=g_log:3:c-format",
    "--flag=g_print:1:c-format", "--flag=g_printerr:1:c-format", "--flag=g_printf:1:c-format",
    "--flag=g_fprintf:2:c-format", "--flag=g_sprintf:2:c-format", "--flag=g_snprintf:3:c-format",
]

n = 0
failures = 0

CONVERSION = re.compile(r"%(\d+\$)?[-+ #0']*\d*(?:\.\d+)?(?:hh|h|ll|l|z|j|t|L)?([diouxXeEfgGcsp%])")


def po_entries(path):
    """(msgid, [msgstr...]) of each translated entry of a po file."""
    entries, cur, key = [], None, None
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if line.startswith("#") or not line.strip():
            key = None
            continue
        field, _, rest = line.partition(" ")
        if field == "msgid":
            cur = {"msgid": "", "msgstr": []}
            entries.append(cur)
        if field.startswith("msgstr"):
            cur["msgstr"].append("")
        if line.startswith('"'):
            rest = line
        else:
            key = field
        text = re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), rest.strip()[1:-1])
        if key == "msgid":
            cur["msgid"] += text
        elif key and key.startswith("msgstr"):
            cur["msgstr"][-1] += text
    return [(e["msgid"], e["msgstr"]) for e in entries if e["msgid"] and any(e["msgstr"])]


def reordered(msgid, msgstr):
    """A translation that moves printf conversions without numbering them
    (%2$s): msgfmt only compares their types, so 0x%08x before %u×%u where
    the source says %u×%u then 0x%08x passes it and prints the wrong numbers."""
    want = [m.group(2) for m in CONVERSION.finditer(msgid) if m.group(2) != "%"]
    got = [m for m in CONVERSION.finditer(msgstr) if m.group(2) != "%"]
    if any(m.group(1) for m in got):
        return False
    return [m.group(2) for m in got] != want


def check(ok, what, detail=""):
    global n, failures
    n += 1
    print(("ok" if ok else "not ok") + f" {n} {what}")
    if not ok and detail:
        for line in detail.rstrip().splitlines():
            print("# " + line)
    failures += not ok


def main():
    if len(sys.argv) not in (2, 3):
        print(__doc__, file=sys.stderr)
        return 2
    po_dir = os.path.abspath(sys.argv[1])
    top = os.path.dirname(po_dir)
    for tool in ("xgettext", "msgmerge", "msgfmt"):
        if shutil.which(tool) is None:
            print(f"1..0 # SKIP {tool} not found (Debian package gettext)")
            return 0

    langs = []
    for line in open(os.path.join(po_dir, "LINGUAS"), encoding="utf-8"):
        if not line.startswith("#"):
            langs += line.split()

    with tempfile.TemporaryDirectory() as tmp:
        if len(sys.argv) == 3:
            pot = os.path.abspath(sys.argv[2])
        else:
            pot = os.path.join(tmp, "vigil.pot")
            res = subprocess.run(["xgettext", "--package-name=vigil", "-f", os.path.join(po_dir, "POTFILES.in"),
                                  "-D", top, "-o", pot] + GLIB_PRESET,
                                 capture_output=True, text=True)
            # xgettext warns, among others, when a GLib format macro cuts a msgid short.
            check(res.returncode == 0 and "warning" not in res.stderr,
                  "xgettext extracts the template without warnings", res.stderr)
            if res.returncode != 0:
                print(f"1..{n}")
                return 1

        check(len(langs) > 0, "po/LINGUAS names languages")
        for lang in langs:
            po = os.path.join(po_dir, lang + ".po")
            merged = os.path.join(tmp, lang + ".po")
            res = subprocess.run(["msgmerge", "--quiet", "-o", merged, po, pot], capture_output=True, text=True)
            check(res.returncode == 0, f"{lang}: msgmerge against the current template", res.stderr)
            if res.returncode != 0:
                continue
            res = subprocess.run(["msgfmt", "--check", "--statistics", "-o", os.devnull, merged],
                                 capture_output=True, text=True, env=dict(os.environ, LC_ALL="C", LANGUAGE=""))
            check(res.returncode == 0, f"{lang}: msgfmt --check passes", res.stderr)
            stats = res.stderr.strip().splitlines()[-1] if res.stderr.strip() else ""
            translated = re.search(r"(\d+) translated", stats)
            print(f"# {lang}: {stats}")
            check(translated is not None and int(translated.group(1)) > 0, f"{lang}: has translated messages", stats)
            check("untranslated" not in stats, f"{lang}: 0 untranslated messages", stats)
            check("fuzzy" not in stats, f"{lang}: 0 fuzzy messages", stats)
            bad = [f"{msgid!r} -> {msgstr!r}" for msgid, msgstrs in po_entries(merged)
                   for msgstr in msgstrs if msgstr and "%" in msgid and reordered(msgid, msgstr)]
            check(not bad, f"{lang}: conversions moved in a translation are numbered (%1$u)", "\n".join(bad))

    print(f"1..{n}")
    return 1 if failures else 0


sys.exit(main())
