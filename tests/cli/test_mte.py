# SPDX-License-Identifier: GPL-3.0-or-later
"""CLI tests of mte on this host: without MTE every VM command and
`vm create --mte` exit 4 naming KVM_CAP_ARM_MTE, every process command exit
4 naming HWCAP2_MTE. With --root trees holding an auxv that has HWCAP2_MTE
and a process's smaps: `mte maps` lists the PROT_MTE mappings only, ranges
outside them are refused naming the mapping, and `mte restore --dry-run`
checks tag files written here by an independent writer of the format
(corrupted, truncated, wrong version, wrong source, trailing bytes: exit 2;
good, byte and nibble packed: the ptrace operation it would do). Every JSON
output is validated against tests/schema."""

import os
import re
import shutil
import struct
import sys
import tempfile
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import test_cli  # noqa: E402
from test_cli import Skip, main, run, run_json, test  # noqa: E402

test_cli._results.clear()  # only the tests below
_tmp = tempfile.mkdtemp(prefix="vmm-mte.")
PID = 4242
MTE_START, MTE_END = 0xffff80000000, 0xffff80010000
SMAPS = (
    "aaaad0000000-aaaad0001000 r-xp 00000000 08:02 173521 /usr/bin/app\n"
    "Size:                  4 kB\n"
    "VmFlags: rd ex mr mw me dw\n"
    f"{MTE_START:x}-{MTE_END:x} rw-p 00000000 00:00 0 \n"
    "Rss:                  64 kB\n"
    "VmFlags: rd wr mr mw me ac mt\n"
    "ffff90000000-ffff90001000 rw-s 00000000 00:05 77 /memfd:ring (deleted)\n"
    "VmFlags: rd wr sh mr mw me ms\n")


def tagfile(length, packing=1, source=2, base=MTE_START, version=1, tags=None,
            corrupt=False):
    """A tag file as vmmctl-mte(8) describes it, built from the page alone."""
    n = length // 16
    tags = tags or [(i // 3) % 16 for i in range(n)]
    if packing == 2:
        payload = bytes(tags[i] | tags[i + 1] << 4 for i in range(0, n, 2))
    else:
        payload = bytes(tags)
    h = b"VMMTAGS\0" + struct.pack("<IIIIQQIIQI", version, 64, source, packing, base,
                                   length, 16, 4096, len(payload), zlib.crc32(payload))
    h += struct.pack("<I", zlib.crc32(h))
    if corrupt:
        payload = bytes([payload[0] ^ 0x10]) + payload[1:]
    return h + payload


def write(name, data):
    path = os.path.join(_tmp, name)
    with open(path, "wb") as f:
        f.write(data)
    return path


def root(hwcap2=1 << 18):
    """A --root tree: /proc/self/auxv (AT_HWCAP2) and /proc/PID/smaps."""
    d = tempfile.mkdtemp(dir=_tmp)
    os.makedirs(os.path.join(d, "proc", "self"))
    os.makedirs(os.path.join(d, "proc", str(PID)))
    with open(os.path.join(d, "proc", "self", "auxv"), "wb") as f:
        f.write(struct.pack("<4Q", 26, hwcap2, 0, 0))
    with open(os.path.join(d, "proc", str(PID), "smaps"), "w") as f:
        f.write(SMAPS)
    return d


def kvm_ok():
    usable, why = test_cli.kvm_usable()
    if not usable:
        raise Skip(why)
    if os.uname().machine == "aarch64":
        raise Skip("arm64 host: the rig's checks cover MTE on KVM")


def batch(lines, rc):
    path = write("b.vmm", ("\n".join(lines) + "\n").encode())
    code, out, err = run("-j", "-k", "-b", path)
    assert code == rc, f"exit {code}, expected {rc}: {err}"
    import json
    doc = json.loads(out)
    test_cli.validate(doc, "batch")
    return doc


@test
def vm_commands_not_supported_without_mte():
    kvm_ok()
    doc = batch(["vm create --mte"], 7)
    e = doc[0]["error"]
    assert e["exit_code"] == 4 and "KVM_CAP_ARM_MTE" in e["message"], e
    good = "/dev/null"
    lines = ["vm create", "mte enable vm0", "mte dump vm0 0x40000000+4K -o " + _tmp + "/x",
             "mte restore vm0 --input " + good, "mte verify vm0 --input " + good,
             "mte show vm0 0x40000000+4K", "mte fill vm0 0x40000000+4K 3",
             "mte restore vm0 --input " + good + " -n"]
    doc = batch(lines, 7)
    assert doc[0]["exit_code"] == 0
    for entry in doc[1:]:
        e = entry["error"]
        assert e["code"] == "not_supported" and e["exit_code"] == 4, entry
        assert "KVM_CAP_ARM_MTE" in e["message"], e
    assert not os.path.exists(_tmp + "/x")


@test
def vm_create_mte_dry_run_shows_enable_cap():
    doc, _ = run_json("-j", "-n", "vm", "create", "--mte", schema_name="dry-run")
    ops = doc["operations"]
    assert ops[1] == {"ioctl": "KVM_ENABLE_CAP", "request": "0x4068aea3", "cap": 205}, ops


@test
def process_commands_not_supported_without_hwcap():
    r = root(hwcap2=0)
    for args in (["maps", "--pid", str(PID)],
                 ["dump", "--pid", str(PID), f"{MTE_START:#x}+4K", "-o", _tmp + "/y"]):
        doc, err = run_json("--root", r, "-j", "mte", *args, schema_name="error", rc=4)
        assert "HWCAP2_MTE" in doc["error"]["message"], doc


@test
def observed_vm_refused():
    doc, _ = run_json("-j", "mte", "show", "1234-5", "0x40000000+4K", schema_name="error",
                      rc=2)
    assert "another process" in doc["error"]["message"]


@test
def maps_lists_prot_mte_only():
    doc, _ = run_json("--root", root(), "-j", "mte", "maps", "--pid", str(PID),
                      schema_name="mte-maps")
    assert doc == [{"start": hex(MTE_START), "end": hex(MTE_END), "size": 0x10000,
                    "perms": "rw-p", "provenance": {"kind": "live"}}], doc
    code, out, _ = run("--root", root(), "mte", "maps", "--pid", str(PID))
    assert code == 0 and hex(MTE_START) in out, out


@test
def range_outside_prot_mte_names_the_mapping():
    r = root()
    doc, _ = run_json("--root", r, "-j", "mte", "dump", "--pid", str(PID),
                      "0xffff90000000+4K", "-o", _tmp + "/z", schema_name="error", rc=2)
    msg = doc["error"]["message"]
    assert "0xffff90000000-0xffff90001000 rw-s /memfd:ring (deleted)" in msg, msg
    assert "PROT_MTE" in msg
    doc, _ = run_json("--root", r, "-j", "mte", "show", "--pid", str(PID),
                      "0x10000000+32", schema_name="error", rc=2)
    assert "not mapped" in doc["error"]["message"]
    # straddling the end of the tagged mapping
    doc, _ = run_json("--root", r, "-j", "mte", "show", "--pid", str(PID),
                      f"{MTE_END - 32:#x}+64", schema_name="error", rc=2)
    assert "not mapped" in doc["error"]["message"]
    assert not os.path.exists(_tmp + "/z")


@test
def usage_errors_name_the_token():
    r = root()
    cases = [
        (["dump", "--pid", str(PID), f"{MTE_START:#x}+4K"], "--out"),
        (["dump", "--pid", str(PID), f"{MTE_START + 16:#x}+4K", "-o", "f"], "multiples"),
        (["dump", "--pid", str(PID), "nonsense", "-o", "f"], "nonsense"),
        (["dump", "--pid", str(PID), f"{MTE_START:#x}+4K", "-o", "f", "--chunk", "5000"],
         "--chunk 5000"),
        (["restore", "--pid", str(PID)], "--input"),
        (["maps"], "--pid"),
        (["show", "--pid", "0", f"{MTE_START:#x}+4K"], "--pid 0"),
    ]
    for args, token in cases:
        doc, _ = run_json("--root", r, "-j", "mte", *args, schema_name="error", rc=2)
        assert token in doc["error"]["message"], (args, doc)
    doc, _ = run_json("-j", "mte", "fill", "vm0", "0x40000000+4K", "16",
                      schema_name="error", rc=2)
    assert "0 to 15" in doc["error"]["message"]


def restore_dry(path, rc, *extra):
    return run_json("--root", root(), "-j", "-n", "mte", "restore", "--pid", str(PID),
                    "--input", path, *extra, schema_name="dry-run" if rc == 0 else "error",
                    rc=rc)[0]


@test
def restore_dry_run_checks_the_whole_file():
    good = write("good.tags", tagfile(4096))
    doc = restore_dry(good, 0)
    op = doc["operations"][0]
    assert op["ptrace"] == "PTRACE_POKEMTETAGS" and op["pid"] == PID, op
    assert op["addr"] == hex(MTE_START) and op["length"] == 4096, op
    assert op["crc32"] == hex(zlib.crc32(tagfile(4096)[64:])), op
    nib = write("nib.tags", tagfile(8192, packing=2))
    assert restore_dry(nib, 0)["operations"][0]["length"] == 8192
    moved = restore_dry(good, 0, "--at", hex(MTE_START + 0x8000))
    assert moved["operations"][0]["addr"] == hex(MTE_START + 0x8000)
    bad = {
        "corrupt.tags": (tagfile(4096, corrupt=True), "payload CRC mismatch"),
        "short.tags": (tagfile(4096)[:-1], "truncated"),
        "long.tags": (tagfile(4096) + b"\0", "trailing"),
        "v2.tags": (tagfile(4096, version=2), "unsupported version"),
        "magic.tags": (b"XMMTAGS\0" + tagfile(4096)[8:], "bad magic"),
        "empty.tags": (b"", "64-byte header"),
        "kvm.tags": (tagfile(4096, source=1), "holds kvm tags"),
    }
    for name, (data, why) in bad.items():
        doc = restore_dry(write(name, data), 2)
        assert why in doc["error"]["message"], (name, doc)
    # a header byte changed: the header's own CRC
    hb = bytearray(tagfile(4096))
    hb[33] ^= 1
    doc = restore_dry(write("hdr.tags", bytes(hb)), 2)
    assert "header CRC" in doc["error"]["message"], doc
    # outside the tagged mapping once moved
    doc = restore_dry(good, 2, "--at", "0xffff90000000")
    assert "PROT_MTE" in doc["error"]["message"]


SCHEMAS = {("vm", "create"): "vm-create", ("mem", "add"): "mem-region",
           ("mte", "dump"): "mte-dump", ("mte", "restore"): "mte-restore",
           ("mte", "verify"): "mte-verify", ("mte", "show"): "mte-show",
           ("mte", "fill"): "mte-fill", ("mte", "enable"): "mte-enable",
           ("mte", "maps"): "mte-maps"}
RIG = os.path.join(test_cli.FIXTURES, "mte")


def rig(name):
    import json
    with open(os.path.join(RIG, f"rig-{name}.json")) as f:
        return json.load(f)


def check_entry(cmd, doc):
    """A result, or an error carrying the partial result, in the command's schema."""
    name = SCHEMAS[tuple(cmd[:2])]
    if "error" in doc:
        test_cli.validate({"error": doc["error"]}, "error")
    if "result" in doc:
        test_cli.validate(doc["result"], name)


@test
def rig_batches_match_their_schemas():
    seen = set()
    for name in ("batch-restore-verify-dump", "batch-fresh-show-restore-verify",
                 "batch-hole", "batch-fill-show"):
        doc = rig(name)
        test_cli.validate(doc, "batch")
        for entry in doc:
            check_entry(entry["command"], entry)
            seen.add(tuple(entry["command"][:2]))
    assert {("mte", "restore"), ("mte", "verify"), ("mte", "dump"), ("mte", "show"),
            ("mte", "fill")} <= seen, seen
    hole = rig("batch-hole")[-1]
    assert hole["exit_code"] == 7 and hole["error"]["code"] == "partial"
    r = hole["result"]
    assert r["copied"] == 2 << 20 and r["missing"] == 1 << 20, r
    assert "tag_bytes" not in r and "crc32" not in r


@test
def rig_process_results_match_their_schemas():
    test_cli.validate(rig("maps"), "mte-maps")
    test_cli.validate(rig("dump"), "mte-dump")
    test_cli.validate(rig("restore"), "mte-restore")
    test_cli.validate(rig("verify"), "mte-verify")
    doc = rig("verify-mismatch")
    test_cli.validate(doc, "error")
    test_cli.validate(doc["result"], "mte-verify")
    m = doc["result"]["mismatches"]
    # the helper cleared tags (i / 4) % 16 to 0: runs of 4 granules, file tag 1..15
    assert sum(x["granules"] for x in m) == doc["result"]["mismatched_granules"] == 960
    assert all(x["memory_tag"] == 0 and x["file_tag"] and x["granules"] == 4 for x in m)


def read_tagfile(data):
    """The tag file by vmmctl-mte(8), checked: (base, tags)."""
    (magic, version, hsize, source, packing, base, length, granule, page, psize, crc,
     hcrc) = struct.unpack("<8sIIIIQQIIQII", data[:64])
    assert magic == b"VMMTAGS\0" and version == 1 and hsize == 64 and granule == 16
    assert hcrc == zlib.crc32(data[:60]) and crc == zlib.crc32(data[64:])
    assert len(data) == 64 + psize
    payload = data[64:]
    if packing == 2:
        tags = [b >> s & 0xf for b in payload for s in (0, 4)]
    else:
        tags = [b & 0xf for b in payload]
    assert len(tags) == length // 16
    return base, tags


def read_core(data):
    """ELF64 little-endian core: {p_type: [(offset, vaddr, filesz, memsz)]}, notes."""
    assert data[:4] == b"\x7fELF" and data[4] == 2 and data[5] == 1
    e_type, e_machine = struct.unpack("<HH", data[16:20])
    assert (e_type, e_machine) == (4, 183)
    phoff, = struct.unpack("<Q", data[32:40])
    phentsize, phnum = struct.unpack("<HH", data[54:58])
    segs = {}
    for i in range(phnum):
        p_type, _flags, off, vaddr, _paddr, filesz, memsz, _align = struct.unpack(
            "<IIQQQQQQ", data[phoff + i * phentsize:phoff + (i + 1) * phentsize])
        segs.setdefault(p_type, []).append((off, vaddr, filesz, memsz))
    notes = []
    for off, _v, filesz, _m in segs.get(4, []):
        pos = off
        while pos < off + filesz:
            namesz, descsz, ntype = struct.unpack("<III", data[pos:pos + 12])
            name = data[pos + 12:pos + 12 + namesz].rstrip(b"\0")
            dpos = pos + 12 + (namesz + 3) // 4 * 4
            notes.append((name, ntype, data[dpos:dpos + descsz]))
            pos = dpos + (descsz + 3) // 4 * 4
    return segs, notes


@test
def rig_elf_core_holds_the_tags():
    with open(os.path.join(RIG, "rig-guest.core"), "rb") as f:
        core = f.read()
    with open(os.path.join(RIG, "rig-guest.tags"), "rb") as f:
        base, tags = read_tagfile(f.read())
    segs, notes = read_core(core)
    (off, vaddr, filesz, memsz), = segs[0x70000002]
    (_o, lvaddr, lfilesz, lmemsz), = segs[1]
    assert vaddr == lvaddr == base and memsz == lmemsz == len(tags) * 16 and lfilesz == 0
    assert filesz == memsz // 32
    got = [b >> s & 0xf for b in core[off:off + filesz] for s in (0, 4)]
    assert got == tags
    kinds = {(n, t) for n, t, _ in notes}
    assert (b"CORE", 1) in kinds and (b"CORE", 6) in kinds, kinds
    auxv = [d for n, t, d in notes if t == 6][0]
    pairs = dict(struct.unpack("<QQ", auxv[i:i + 16]) for i in range(0, len(auxv), 16))
    assert pairs.get(26, 0) & (1 << 18), pairs


@test
def gdb_reads_the_elf_core_tags():
    gdb = shutil.which("gdb-multiarch")
    if not gdb:
        raise Skip("gdb-multiarch is not installed")
    import subprocess
    with open(os.path.join(RIG, "rig-guest.tags"), "rb") as f:
        base, tags = read_tagfile(f.read())
    picks = [0, 1, 2, 255, len(tags) - 1]
    args = [gdb, "-nx", "-batch", "-ex", "core-file " + os.path.join(RIG, "rig-guest.core")]
    for g in picks:
        args += ["-ex", f"memory-tag print-allocation-tag {base + 16 * g:#x}"]
    out = subprocess.run(args, capture_output=True, text=True, timeout=60).stdout
    got = [int(v, 16) for v in re.findall(r"^\$\d+ = (0x[0-9a-f]+)$", out, re.M)]
    assert got == [tags[g] for g in picks], (got, out)


if __name__ == "__main__":
    try:
        sys.exit(main())
    finally:
        shutil.rmtree(_tmp, ignore_errors=True)
