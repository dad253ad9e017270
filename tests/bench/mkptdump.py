#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Write a synthetic KVM stage-2 dump (spec E.2) of LINES lines to FILE.

The ranges cycle through what a busy guest's table holds: 4K page runs
with read-write, read-only, execute-only variants and access-flag-clear
entries, 2 MiB blocks, unmapped gaps at levels 3, 2 and 1, and now and
then an invalid-but-not-zero ("F") entry.
"""
import argparse

UNITS = "KMGTPE"
KINDS = [
    (3, 0x1000, "   R W px ux  AF    "),
    (3, 0x3000, ""),
    (2, 0x200000, "   R W px ux  AF BLK"),
    (3, 0x2000, "   R   PXNUXN AF    "),
    (3, 0x5000, "   R W PXNux  AF    "),
    (2, 0x400000, ""),
    (3, 0x1000, "   R   px ux  AF    "),
    (3, 0x7000, "   R W px UXN       "),
    (1, 0x40000000, ""),
    (3, 0x1000, " F     PXNUXN       "),
]


def size_str(n):
    n >>= 10
    u = 0
    while u < 5 and n and n % 1024 == 0:
        n //= 1024
        u += 1
    return "%9d%s" % (n, UNITS[u])


def dump(lines):
    """The text of a dump of `lines` lines."""
    addr = 0
    out = ["---[ Guest IPA ]---\n"]
    for i in range(lines - 1):
        level, size, attrs = KINDS[i % len(KINDS)]
        # blocks and level-1/2 gaps start on their own alignment
        align = {1: 0x40000000, 2: 0x200000}.get(level, 0x1000)
        if addr % align:
            gap = align - addr % align
            out.append("0x%016x-0x%016x   %s 3\n" % (addr, addr + gap, size_str(gap)))
            addr += gap
        out.append("0x%016x-0x%016x   %s %d%s\n" % (addr, addr + size, size_str(size), level, attrs))
        addr += size
    return "".join(out[:lines])


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--lines", type=int, default=1000000)
    ap.add_argument("file")
    a = ap.parse_args()
    with open(a.file, "w") as f:
        f.write(dump(a.lines))


if __name__ == "__main__":
    main()
