#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The PCI TSM layout the kernel showed in the rig (tests/live/tsm.sh prints
it) against the fixture trees tests/fixtures/tsm, state by state: which
files a function has under tsm/ and beside it, what they hold (the DSM's BDF
and the TSM's name written as DSM and TSM), and the shape of the class and
bus links.  Write-only files are compared by presence: git keeps no modes.

Usage: tsm-layout.py FIXTURES_DIR RIG_LAYOUT_FILE   (exit 0 same, 1 differs)"""
import os
import re
import sys

# rig line -> (fixture tree, function, its DSM, its TSM)
STATES = {
    "pf0 disconnected": ("disconnected", "0000:01:00.0", "0000:01:00.0", "tsm0"),
    "sub disconnected": ("disconnected", "0000:02:00.0", "0000:01:00.0", "tsm0"),
    "pf0 connected": ("connected", "0000:01:00.0", "0000:01:00.0", "tsm0"),
    "sub connected": ("multifn", "0000:03:00.1", "0000:03:00.0", "tsm1"),
}


def parse(text):
    out = {}
    for line in text.splitlines():
        name, _, rest = line.partition(":")
        out[name] = rest.split()
    return out


def fixture_files(root, bdf, dsm, tsm, write_only):
    d = os.path.join(root, "sys/bus/pci/devices", bdf)
    names = [n for n in ("authenticated",) if os.path.exists(os.path.join(d, n))]
    if os.path.isdir(os.path.join(d, "tsm")):
        names += sorted("tsm/" + n for n in os.listdir(os.path.join(d, "tsm")))
    words = []
    for n in names:
        if n in write_only:
            words.append(n)
            continue
        with open(os.path.join(d, n)) as f:
            v = f.read().rstrip("\n")
        words.append(f"{n}={'DSM' if v == dsm else 'TSM' if v == tsm else v}")
    return words


def link_of(path):
    return os.readlink(path) if os.path.islink(path) else "(not a link)"


def main():
    fixtures, rig = sys.argv[1], sys.argv[2]
    with open(rig) as f:
        got = parse(f.read())
    write_only = {w for words in got.values() for w in words if "=" not in w and "/" in w}
    bad = 0
    for state, (tree, bdf, dsm, tsm) in STATES.items():
        want = fixture_files(os.path.join(fixtures, tree), bdf, dsm, tsm, write_only)
        if got.get(state) != want:
            print(f"{state}: the kernel shows {got.get(state)}, {tree}/{bdf} has {want}")
            bad = 1
    root = os.path.join(fixtures, "connected/sys")
    links = {
        "class-link": (link_of(os.path.join(root, "class/tsm/tsm0")), "tsm0", "TSM",
                       r"\.\./\.\./devices/.+/tsm/TSM"),
        "bus-link": (link_of(os.path.join(root, "bus/pci/devices/0000:01:00.0")),
                     "0000:01:00.0", "BDF", r"\.\./\.\./\.\./devices/(.+/)?pci[0-9a-f]{4}:[0-9a-f]{2}/.+/BDF"),
    }
    for name, (target, real, word, shape) in links.items():
        mine = re.sub(re.escape(real) + "$", word, target)
        kernel = " ".join(got.get(name, []))
        for who, t in (("kernel", kernel), ("fixture", mine)):
            if not re.fullmatch(shape, t):
                print(f"{name}: the {who}'s link {t} is not {shape}")
                bad = 1
    print("the fixture trees have the kernel's layout" if not bad else "layouts differ")
    return bad


if __name__ == "__main__":
    sys.exit(main())
