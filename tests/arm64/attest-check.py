#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Host side of rig/71-attest: what vmmctl decoded in the guest from the
evidence the configfs-tsm core handed it, against the generator's values
(tests/helpers/attest-gen.py's --expect files), and the tsm_mr_sample
registers before and after the guest's two extensions, recomputed with
hashlib from the sample's layout (samples/tsm-mr/tsm_mr_sample.c: the
report digest is SHA-512 of static_mr, config_mr, rtmr0 and rtmr1).

Usage: attest-check.py FILES_DIR EVIDENCE_DIR CONSOLE"""

import hashlib
import json
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "cli"))
from attest_subset import subset  # noqa: E402


def regs(path):
    with open(path) as f:
        return {r["file"]: r for r in json.load(f)["registers"]}


def main():
    files, ev, console = sys.argv[1:4]
    bad = 0
    for kind in ("cca", "snp", "tdx"):
        got = os.path.join(files, "attest-%s.json" % kind)
        if not os.path.exists(got):
            continue
        with open(got) as f, open(os.path.join(ev, kind + ".json")) as g:
            doc, want = json.load(f), json.load(g)
        try:
            subset(want, doc["evidence"], kind)
            print("ok - %s: every field the generator set, as decoded in the guest" % kind)
        except AssertionError as e:
            print("not ok - %s: %s" % (kind, e))
            bad = 1
    before, after = (os.path.join(files, "mr-%s.json" % w) for w in ("before", "after"))
    if os.path.exists(before) and os.path.exists(after):
        with open(console, errors="replace") as f:
            m = re.findall(r"^# mr-data ([0-9a-f]+) ([0-9a-f]+)\r?$", f.read(), re.M)
        d1, d2 = (bytes.fromhex(x) for x in m[-1])
        b, a = regs(before), regs(after)
        v = {k: bytes.fromhex(r["value"]) for k, r in b.items() if "value" in r}
        rtmr1 = hashlib.sha384(v["rtmr1:sha384"] + d1).digest()
        rtmr0 = hashlib.sha256(v["rtmr0:sha256"] + d2).digest()
        digest = hashlib.sha512(v["static_mr:sha384"] + v["config_mr"] + rtmr0 + rtmr1).digest()
        want = {"rtmr1:sha384": rtmr1, "rtmr_crypto_agile:sha384": rtmr1, "rtmr0:sha256": rtmr0,
                "rtmr_crypto_agile:sha256": rtmr0, "report_digest:sha512": digest,
                "static_mr:sha384": v["static_mr:sha384"], "config_mr": v["config_mr"]}
        layout = {k: (r["readable"], r["writable"]) for k, r in b.items()}
        want_layout = {"static_mr:sha384": (True, False), "config_mr": (True, False),
                       "rtmr0:sha256": (True, False), "rtmr1:sha384": (True, True),
                       "rtmr_crypto_agile:sha256": (True, True),
                       "rtmr_crypto_agile:sha384": (True, True),
                       "report_digest:sha512": (True, False)}
        got = {k: bytes.fromhex(a[k]["value"]) for k in want}
        if layout == want_layout and got == want:
            print("ok - tsm_mr_sample: the layout, both extensions, the aliases and the "
                  "report digest as hashlib computes them")
        else:
            print("not ok - tsm_mr_sample: layout %s; %s" % (layout, {
                k: (got[k].hex(), want[k].hex()) for k in want if got[k] != want[k]}))
            bad = 1
    return bad


if __name__ == "__main__":
    sys.exit(main())
