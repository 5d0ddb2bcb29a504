#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""check-function-length.py SRC_DIR [--max N] [--except PATH]...

No function over N lines (default 100, STYLE.md): a function's body runs
from a '{' in column 0 to the next '}' in column 0 (GNU style, as every .c
here is written); its length counts both braces.  One TAP line per .c file
under SRC_DIR; each function over the limit is named in a comment.  Also
usable by hand: `tests/check-function-length.py src --max 60`."""
import argparse
import pathlib
import re
import sys

SIGNATURE = re.compile(r'^([A-Za-z_]\w*)\s*\(')


def long_functions(path, limit):
    lines = path.read_text(errors='replace').splitlines()
    start = name = None
    for i, line in enumerate(lines):
        if line.startswith('{'):
            start, name = i, '?'
            for j in range(i - 1, max(i - 12, -1), -1):
                match = SIGNATURE.match(lines[j])
                if match:
                    name = match.group(1)
                    break
        elif line.startswith('}') and start is not None:
            length = i - start + 1
            if length > limit and name != '?':
                yield name, start + 1, length
            start = None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('src')
    parser.add_argument('--max', type=int, default=100)
    parser.add_argument('--except', dest='excepted', action='append', default=[])
    args = parser.parse_args()
    root = pathlib.Path(args.src)
    excepted = {(root / e).resolve() for e in args.excepted}
    files = sorted(p for p in root.rglob('*.c') if p.resolve() not in excepted)
    print(f'1..{len(files)}')
    failed = 0
    for n, path in enumerate(files, 1):
        found = list(long_functions(path, args.max))
        print(f'{"not ok" if found else "ok"} {n} - {path.relative_to(root)}')
        for name, line, length in found:
            print(f'# {path}:{line}: {name} is {length} lines (at most {args.max})')
        failed += bool(found)
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
