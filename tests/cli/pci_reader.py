#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""An independent reader of a PCI function's config space, for checking
`vmmctl pci show` (and `pci list`) against the bytes.

Written from the register layouts of the PCIe base specification as the
kernel's include/uapi/linux/pci_regs.h spells them (PCI_EXP_DEVCAP_TEE,
PCI_DOE_*, PCI_IDE_*): each register is a table of named bit fields below,
and decode() builds, field by field, the JSON object vmmctl should print.
Standard library only, so it runs anywhere python3 does.

    decode(cfg)         what the bytes say, in vmmctl's JSON shape
    compare(doc, cfg)   AssertionError naming the first field that differs
    read_dump(path)     {bdf: bytes} of an lspci -x/-xxx/-xxxx dump

As a program:

    pci_reader.py CONFIG_FILE JSON_FILE [BDF]

CONFIG_FILE is a function's config space (sysfs `config`, read as root) or
an lspci -x dump; JSON_FILE holds `vmmctl -j pci show BDF` (one object), or
`vmmctl -j pci list` (an array: BDF or the dump's names pick the function).
Exit 0 when every field agrees, 1 when one differs, 2 on bad input.
"""

import json
import re
import sys

# ---- register layouts: (key, high bit, low bit, kind) -----------------------

FLAG, NUM = "flag", "num"

DOE_CAP = [("interrupt", 0, 0, FLAG), ("interrupt_message", 11, 1, NUM)]
DOE_CTRL = [("abort", 0, 0, FLAG), ("interrupt_enabled", 1, 1, FLAG), ("go", 31, 31, FLAG)]
DOE_STATUS = [("busy", 0, 0, FLAG), ("interrupt_status", 1, 1, FLAG), ("error", 2, 2, FLAG),
              ("object_ready", 31, 31, FLAG)]

# IDE capability register: bits 7:0 and 25:24 are the capability flags, in this order
IDE_CAP_FLAGS = [(0, "link"), (1, "selective"), (2, "flowthrough"), (3, "partial_header"),
                 (4, "aggregation"), (5, "pcrc"), (6, "ide_km"), (7, "selective_config"),
                 (24, "tee_limited"), (25, "xt")]
IDE_CAP_ALG = (12, 8)
IDE_CAP_LINK_TCS = (15, 13)         # minus one
IDE_CAP_SEL_STREAMS = (23, 16)      # minus one
IDE_CTL = [("flowthrough_enabled", 2, 2, FLAG)]

# stream control: link streams stop at the TC; selective ones add bits 9, 22, 23
LINK_CTL = [("enabled", 0, 0, FLAG), ("xt", 1, 1, FLAG), ("pcrc", 8, 8, FLAG),
            ("partial_header_mode", 13, 10, NUM), ("algorithm", 18, 14, NUM),
            ("tc", 21, 19, NUM), ("stream_id", 31, 24, NUM)]
SEL_CTL = LINK_CTL + [("config_requests", 9, 9, FLAG), ("default", 22, 22, FLAG),
                      ("tee_limited", 23, 23, FLAG)]
TX_AGGR = [("npr", 3, 2), ("pr", 5, 4), ("cpl", 7, 6)]      # 0: none, n: up to 2**n TLPs
STREAM_STS = [("state_value", 3, 0, NUM), ("ide_fail", 31, 31, FLAG)]
SEL_CAP_ADDR_BLOCKS = (3, 0)
RID_1 = [("limit", 23, 8, NUM)]
RID_2 = [("valid", 0, 0, FLAG), ("base", 23, 8, NUM), ("segment", 31, 24, NUM)]
ADDR_1 = [("valid", 0, 0, FLAG), ("base_low", 19, 8, NUM), ("limit_low", 31, 20, NUM)]

ALGORITHMS = {0: "AES-GCM-256-96b"}                         # 256-bit key, 96-bit MAC
PARTIAL_HEADER = {0: "none", 1: "17:2", 2: "25:2", 3: "33:2", 4: "41:2"}
STATES = {0: "insecure", 2: "secure"}
PORT_TYPES = {0: "endpoint", 1: "legacy_endpoint", 4: "root_port", 5: "upstream_port",
              6: "downstream_port", 7: "pci_bridge", 8: "pcie_bridge", 9: "rc_endpoint",
              10: "rc_event_collector"}
DSM_TYPES = (0, 5, 9)       # what can hold a DSM: endpoint, upstream port, RCiEP

# keys of vmmctl's function object that the config bytes do not decide
NOT_FROM_CONFIG = {"bdf", "vendor", "device", "class_name", "driver", "iommu_group",
                   "tsm_dir", "doe_features", "provenance"}


def field(v, hi, lo):
    return (v >> lo) & ((1 << (hi - lo + 1)) - 1)


def fields(v, layout):
    return {k: bool(field(v, hi, lo)) if kind == FLAG else field(v, hi, lo)
            for k, hi, lo, kind in layout}


def h(v, width=0):
    return "0x%0*x" % (width, v)


class Config:
    def __init__(self, cfg):
        self.b = bytes(cfg)

    def has(self, off, n):
        return off + n <= len(self.b)

    def u8(self, off):
        return self.b[off]

    def u16(self, off):
        return int.from_bytes(self.b[off:off + 2], "little")

    def u32(self, off):
        return int.from_bytes(self.b[off:off + 4], "little")


# ---- decoding ---------------------------------------------------------------

def pcie_capability(c):
    """Offset of the PCI Express capability (ID 0x10) in the standard list, or None."""
    if len(c.b) < 0x40 or not c.u16(0x06) & 0x10:      # status: capabilities list
        return None
    p, seen = c.u8(0x34) & 0xfc, set()
    while p >= 0x40 and c.has(p, 2) and p not in seen:
        seen.add(p)
        if c.u8(p) == 0x10 and c.has(p, 8):             # up to DEVCAP
            return p
        p = c.u8(p + 1) & 0xfc
    return None


def extended_capabilities(c):
    """(id, offset) of each extended capability, from 0x100 on, once each."""
    off, seen = 0x100, set()
    while off >= 0x100 and c.has(off, 4) and off not in seen:
        seen.add(off)
        hdr = c.u32(off)
        if hdr in (0, 0xffffffff):
            return
        yield hdr & 0xffff, off
        off = field(hdr, 31, 20) & 0xffc


def doe(c, off):
    cap, ctrl, sts = c.u32(off + 4), c.u32(off + 8), c.u32(off + 12)
    d = {"offset": h(off, 3), "cap": h(cap, 8), "control": h(ctrl, 8), "status": h(sts, 8)}
    d.update(fields(cap, DOE_CAP))
    d.update(fields(ctrl, DOE_CTRL))
    d.update(fields(sts, DOE_STATUS))
    return d


def stream(index, ctl, sts, layout):
    s = {"index": index, "control": h(ctl, 8), "status": h(sts, 8)}
    s.update(fields(ctl, layout))
    s.update(fields(sts, STREAM_STS))
    s["state"] = STATES.get(s["state_value"], "other")
    s["tx_aggregation"] = {k: 1 << field(ctl, hi, lo) for k, hi, lo in TX_AGGR}
    s["partial_header"] = PARTIAL_HEADER.get(s["partial_header_mode"], "reserved")
    s["algorithm_name"] = ALGORITHMS.get(s["algorithm"], "reserved")
    return s


def address_block(index, off, a1, limit_upper, base_upper):
    f = fields(a1, ADDR_1)
    return {"index": index, "offset": h(off, 3), "valid": f["valid"],
            "base": h(base_upper << 32 | f["base_low"] << 20),
            "limit": h(limit_upper << 32 | f["limit_low"] << 20 | 0xfffff)}


def ide(c, off, full):
    out = {"offset": h(off, 3)}
    truncated = not c.has(off, 12)
    cap = c.u32(off + 4) if c.has(off + 4, 4) else 0
    ctl = c.u32(off + 8) if c.has(off + 8, 4) else 0
    out.update({"cap": h(cap, 8), "control": h(ctl, 8),
                "flags": [n for bit, n in IDE_CAP_FLAGS if cap >> bit & 1],
                "link": bool(cap & 1), "selective": bool(cap & 2),
                "algorithm": field(cap, *IDE_CAP_ALG)})
    out["algorithm_name"] = ALGORITHMS.get(out["algorithm"], "reserved")
    out["link_tcs"] = field(cap, *IDE_CAP_LINK_TCS) + 1 if out["link"] else 0
    out.update(fields(ctl, IDE_CTL))
    links, sels = [], []
    p = off + 12
    for i in range(out["link_tcs"]):            # 8 bytes each: control, status
        if truncated or not c.has(p, 8):
            truncated = True
            break
        links.append(stream(i, c.u32(p), c.u32(p + 4), LINK_CTL))
        p += 8
    announced = field(cap, *IDE_CAP_SEL_STREAMS) + 1 if out["selective"] else 0
    for i in range(announced):
        # capability, control, status, RID 1, RID 2, then 12 bytes per address block
        n = field(c.u32(p), *SEL_CAP_ADDR_BLOCKS) if c.has(p, 4) else 0
        if truncated or not c.has(p, 20 + 12 * n):
            truncated = True
            break
        s = stream(i, c.u32(p + 4), c.u32(p + 8), SEL_CTL)
        s.update({"offset": h(p, 3), "cap": h(c.u32(p), 8), "address_associations": n})
        r1, r2 = fields(c.u32(p + 12), RID_1), fields(c.u32(p + 16), RID_2)
        s["rid_association"] = {"valid": r2["valid"], "base": h(r2["base"], 4),
                                "limit": h(r1["limit"], 4), "segment": r2["segment"]}
        s["address_blocks"] = [
            address_block(j, q, c.u32(q), c.u32(q + 4), c.u32(q + 8))
            for j, q in enumerate(range(p + 20, p + 20 + 12 * n, 12))]
        sels.append(s)
        p += 20 + 12 * n
    out["link_streams"] = len(links)
    out["selective_streams"] = announced
    if truncated:
        out["truncated"] = True
    if full:
        out["link_blocks"] = links
        out["selective_blocks"] = sels
    return out


def decode(cfg, full=True, tsm_dir=False):
    """vmmctl's function object as the bytes decide it: pci show's form, or
    pci list's with full=False; tsm_dir is the one sysfs fact tsm_capable
    depends on."""
    c = Config(cfg)
    out = {"vendor_id": h(c.u16(0), 4), "device_id": h(c.u16(2), 4),
           "class": h(c.u8(11) << 16 | c.u8(10) << 8 | c.u8(9), 6),
           "revision": h(c.u8(8), 2), "config_bytes": len(c.b)}
    if c.u8(0x0e) & 0x7f == 0 and (c.u16(0x2c) or c.u16(0x2e)):
        out["subsystem_vendor_id"] = h(c.u16(0x2c), 4)
        out["subsystem_device_id"] = h(c.u16(0x2e), 4)
    px = pcie_capability(c)
    ptype = field(c.u16(px + 2), 7, 4) if px is not None else None
    devcap = c.u32(px + 4) if px is not None else 0
    tee_io = bool(devcap >> 30 & 1)                 # DEVCAP: TEE-IO supported (TDISP)
    if px is not None:
        out["pcie_type"] = PORT_TYPES.get(ptype, "other")
    mailboxes, ide_out = [], None
    if px is not None:
        for cid, off in extended_capabilities(c):
            if cid == 0x2e:                     # DOE: capability, control, status
                if not c.has(off, 16):
                    break
                mailboxes.append(doe(c, off))
            elif cid == 0x30 and ide_out is None:
                ide_out = ide(c, off, full)
    # what the bytes cannot tell is left out: no extended space below 4096
    if len(c.b) >= 256:
        sel = ide_out is not None and ide_out["selective"]
        out["tdisp"] = tee_io
        out["tsm_capable"] = tsm_dir or (ptype in DSM_TYPES and (sel or tee_io))
    if len(c.b) == 4096 or (len(c.b) == 256 and px is None):
        out["doe_mailboxes"] = mailboxes
    if ide_out is not None:
        out["ide"] = ide_out
    if full and px is not None:
        out["devcap"] = h(devcap, 8)
    return out


# ---- comparing --------------------------------------------------------------

def _key(path, k):
    return path + "." + k if path else k


def _same(got, want, path, n):
    if isinstance(want, dict):
        if not isinstance(got, dict):
            raise AssertionError("%s: vmmctl %r, reader an object" % (path, got))
        for k in want:
            if k not in got:
                raise AssertionError("%s: vmmctl has none, reader %r" % (_key(path, k), want[k]))
            n = _same(got[k], want[k], _key(path, k), n)
        for k in got:
            if k not in want:
                raise AssertionError("%s: vmmctl %r, reader has none" % (_key(path, k), got[k]))
        return n
    if isinstance(want, list) and not (want and isinstance(want[0], str)):
        if not isinstance(got, list) or len(got) != len(want):
            raise AssertionError("%s: vmmctl %d entries, reader %d" % (
                path, len(got) if isinstance(got, list) else -1, len(want)))
        for i, (g, w) in enumerate(zip(got, want)):
            n = _same(g, w, "%s[%d]" % (path, i), n)
        return n
    # bool is an int in Python: a flag must not pass for a number
    if got != want or type(got) is not type(want):
        raise AssertionError("%s: vmmctl %r, reader %r" % (path, got, want))
    return n + 1


def compare(doc, cfg, full=True):
    """Asserts that one function object of vmmctl's JSON is what the config
    bytes say, field by field (pci show's form; pci list's with full=False)."""
    check_fields(doc, cfg, full)


def check_fields(doc, cfg, full=True):
    """compare(), returning how many values agreed."""
    want = decode(cfg, full, doc.get("tsm_dir", False))
    got = {k: v for k, v in doc.items() if k not in NOT_FROM_CONFIG}
    if Config(cfg).u8(0x0e) & 0x7f != 0:    # bridges name their subsystem in a capability
        for k in ("subsystem_vendor_id", "subsystem_device_id"):
            got.pop(k, None)
    try:
        return _same(got, want, "", 0)
    except AssertionError as e:
        raise AssertionError("%s: %s" % (doc.get("bdf", "function"), e)) from None


# ---- input ------------------------------------------------------------------

BDF_LINE = re.compile(r"^(?:([0-9a-f]{4,}):)?([0-9a-f]{2}:[0-9a-f]{2}\.[0-7]) ")


def read_dump(path):
    """{bdf: config bytes} of an lspci -x (-xxx, -xxxx) dump."""
    devs, cur = {}, None
    with open(path) as f:
        for line in f:
            line = line.rstrip("\n")
            m = BDF_LINE.match(line)
            if not line:
                cur = None
            elif m:
                cur = "%s:%s" % (m.group(1) or "0000", m.group(2))
                devs[cur] = bytearray()
            elif cur:
                off, _, hexs = line.partition(": ")
                if int(off, 16) != len(devs[cur]):
                    raise ValueError("%s: offset %s out of order" % (path, off))
                devs[cur] += bytes(int(x, 16) for x in hexs.split())
    return {k: bytes(v) for k, v in devs.items()}


def _is_dump(data):
    try:
        return bool(BDF_LINE.match(data[:200].decode("ascii")))
    except UnicodeDecodeError:
        return False


def _main(argv):
    if len(argv) not in (3, 4):
        print("usage: %s CONFIG_FILE JSON_FILE [BDF]" % argv[0], file=sys.stderr)
        return 2
    try:
        with open(argv[1], "rb") as f:
            data = f.read()
        with open(argv[2]) as f:
            doc = json.load(f)
    except (OSError, ValueError) as e:
        print("pci_reader: %s" % e, file=sys.stderr)
        return 2
    if isinstance(doc, dict) and "result" in doc:       # one entry of a batch's output
        doc = doc["result"]
    if isinstance(doc, dict) and "error" in doc:
        print("pci_reader: %s holds an error: %s" % (argv[2], doc["error"].get("message")),
              file=sys.stderr)
        return 2
    full = not isinstance(doc, list)                    # pci list gives the summary form
    docs = doc if isinstance(doc, list) else [doc]
    want_bdf = argv[3] if len(argv) == 4 else None
    if want_bdf:
        if want_bdf.count(":") == 1:
            want_bdf = "0000:" + want_bdf
        docs = [d for d in docs if d.get("bdf") == want_bdf]
    if _is_dump(data):
        dump = read_dump(argv[1])
        pairs = [(d, dump.get(d.get("bdf"))) for d in docs]
    elif len(docs) == 1:
        pairs = [(docs[0], data)]
    else:
        print("pci_reader: %s holds %d functions: name one with BDF" % (argv[2], len(docs)),
              file=sys.stderr)
        return 2
    if not pairs:
        print("pci_reader: no function to compare", file=sys.stderr)
        return 2
    for d, cfg in pairs:
        if cfg is None:
            print("pci_reader: %s is not in %s" % (d.get("bdf"), argv[1]), file=sys.stderr)
            return 2
        try:
            n = check_fields(d, cfg, full)
        except AssertionError as e:
            print("pci_reader: FAIL %s" % e)
            return 1
        print("pci_reader: ok %s: %d values agree" % (d.get("bdf", "function"), n))
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv))
