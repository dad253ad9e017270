# SPDX-License-Identifier: GPL-3.0-or-later
"""CLI tests of pci list/show and tsm list/show/connect/disconnect/ide/bind/unbind
on the fixtures in tests/fixtures/pci (lspci -xxxx dumps and a sysfs tree,
see its README) and tests/fixtures/tsm (PCI TSM sysfs trees, one per state).
Decoded values are checked against pci_reader.py, an independent reader of
the config bytes, and against hand-computed facts of the fixture; every JSON
output against tests/schema."""

import atexit
import json
import os
import pty
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pci_reader  # noqa: E402
from pci_reader import read_dump  # noqa: E402
import test_cli  # noqa: E402
from test_cli import FIXTURES, VMMCTL, Pty, main, run, run_json, test  # noqa: E402

test_cli._results.clear()  # only the tests below
PCI = os.path.join(FIXTURES, "pci")
TSM = os.path.join(FIXTURES, "tsm")
DUMP = os.path.join(PCI, "secure.dump")
_tmp = tempfile.mkdtemp(prefix="vmm-tsm.")
atexit.register(shutil.rmtree, _tmp, ignore_errors=True)


# ---- pci: decoded values against pci_reader.py, an independent reader ------

def cfg_of(root, bdf):
    with open(os.path.join(root, "sys/bus/pci/devices", bdf, "config"), "rb") as f:
        return f.read()


@test
def pci_list_dump_matches_independent_decode():
    want = read_dump(DUMP)
    doc, _ = run_json("--pci-dump", DUMP, "-j", "pci", "list", schema_name="pci-list")
    assert [d["bdf"] for d in doc] == sorted(want), [d["bdf"] for d in doc]
    for d in doc:
        pci_reader.compare(d, want[d["bdf"]], full=False)
        assert "driver" not in d and "doe_features" not in d   # a dump has no sysfs


@test
def pci_show_dump_register_blocks():
    want = read_dump(DUMP)
    for bdf in want:
        doc, _ = run_json("--pci-dump", DUMP, "-j", "pci", "show", bdf,
                          schema_name="pci-show")
        pci_reader.compare(doc, want[bdf])
    # hand-computed facts of the fixture (tests/fixtures/pci/README.md): a third
    # witness, for a field the reader and vmmctl could misread alike
    doc, _ = run_json("--pci-dump", DUMP, "-j", "pci", "show", "01:00.0")
    assert doc["tdisp"] and doc["tsm_capable"] and doc["pcie_type"] == "endpoint"
    d0, d1 = doc["doe_mailboxes"]
    assert (d0["interrupt"], d0["interrupt_message"], d0["interrupt_enabled"]) == (True, 5, True)
    assert d0["interrupt_status"] and d0["object_ready"] and not d0["error"]
    assert (d1["abort"], d1["go"], d1["busy"], d1["error"]) == (True, True, True, True)
    ide = doc["ide"]
    assert ide["flags"] == ["link", "selective", "flowthrough", "partial_header",
                            "aggregation", "pcrc", "ide_km", "selective_config",
                            "tee_limited"], ide["flags"]
    assert ide["algorithm_name"] == "AES-GCM-256-96b" and ide["link_tcs"] == 2
    assert ide["flowthrough_enabled"] and ide["selective_streams"] == 3
    l0, l1 = ide["link_blocks"]
    assert l0["ide_fail"] and l0["state"] == "insecure" and not l0["enabled"] and l0["pcrc"]
    assert (l1["stream_id"], l1["tc"], l1["pcrc"], l1["partial_header"]) == (5, 1, True, "25:2")
    assert l1["tx_aggregation"] == {"npr": 2, "pr": 4, "cpl": 8}
    s0, s1, s2 = ide["selective_blocks"]
    assert [s["stream_id"] for s in (s0, s1, s2)] == [7, 9, 42]
    assert [s["offset"] for s in (s0, s1, s2)] == ["0x14c", "0x178", "0x18c"]
    assert s0["xt"] and s0["pcrc"] and s0["config_requests"] and s0["default"]
    assert s0["tee_limited"] and s0["tc"] == 3 and s0["partial_header"] == "17:2"
    assert s0["rid_association"] == {"valid": True, "base": "0x0100", "limit": "0x01ff",
                                     "segment": 1}
    assert [(a["valid"], a["base"], a["limit"]) for a in s0["address_blocks"]] == [
        (True, "0x4080000000", "0x40801fffff"), (True, "0x8000000000", "0xffffffffff")]
    assert s1["algorithm_name"] == "reserved" and s1["partial_header"] == "reserved"
    assert (s1["state"], s1["state_value"], s1["ide_fail"]) == ("other", 5, True)
    assert not s1["rid_association"]["valid"] and s1["address_blocks"] == []
    assert s2["address_blocks"] == [{"index": 0, "offset": "0x1a0", "valid": False,
                                     "base": "0x0", "limit": "0x1fffff"}]
    doc, _ = run_json("--pci-dump", DUMP, "-j", "pci", "show", "00:01.0")
    assert doc["ide"]["flags"] == ["selective", "ide_km", "xt"] and doc["ide"]["link_tcs"] == 0
    assert doc["ide"]["selective_blocks"][0]["xt"]
    doc, _ = run_json("--pci-dump", DUMP, "-j", "pci", "show", "02:00.0")
    assert doc["ide"]["truncated"] and doc["ide"]["selective_blocks"] == []


@test
def pci_show_agrees_with_reader_on_random_registers():
    """The endpoint with its DOE and IDE registers (and the IDE counts) set
    to random values: every field of every variant as the reader has it."""
    import random
    rnd = random.Random(7)
    base = read_dump(DUMP)["0000:01:00.0"]
    lines, cfgs = [], {}
    for i in range(64):
        c = bytearray(base)
        for off in range(0x104, 0x130, 4):              # DOE registers
            if off & 0x1f not in (0x00, 0x18):
                c[off:off + 4] = rnd.getrandbits(32).to_bytes(4, "little")
        # IDE: random capability (fewer streams, to stay mostly inside), then
        # every register to the end of what it may announce
        cap = rnd.getrandbits(32) & ~0x00f80000 | 0x3
        c[0x134:0x138] = cap.to_bytes(4, "little")
        for off in range(0x138, 0x400, 4):
            v = rnd.getrandbits(32)
            c[off:off + 4] = v.to_bytes(4, "little")
        # selective capabilities with a few address blocks, where they fall
        q = 0x13c + 8 * (((cap >> 13) & 7) + 1)
        for _ in range(((cap >> 16) & 0xff) + 1):
            n = rnd.randrange(16)
            c[q:q + 4] = n.to_bytes(4, "little")
            q += 20 + 12 * n
        bdf = "0000:%02x:00.0" % (i + 0x10)
        cfgs[bdf] = bytes(c)
        lines.append("%s fuzz" % bdf)
        lines += [("%02x: " if o < 0x100 else "%03x: ") % o + " ".join(
            "%02x" % x for x in c[o:o + 16]) for o in range(0, 4096, 16)]
        lines.append("")
    dump = os.path.join(_tmp, "random.dump")
    with open(dump, "w") as f:
        f.write("\n".join(lines) + "\n")
    batch = os.path.join(_tmp, "random.vmm")
    with open(batch, "w") as f:
        f.write("".join("pci show %s\n" % b for b in cfgs))
    code, out, err = run("--pci-dump", dump, "-j", "-b", batch)
    assert code == 0, err
    docs = json.loads(out)
    assert len(docs) == len(cfgs)
    blocks = 0
    for d, (bdf, c) in zip(docs, cfgs.items()):
        test_cli.validate(d["result"], "pci-show")
        pci_reader.compare(d["result"], c)
        blocks += sum(len(s["address_blocks"]) for s in d["result"]["ide"]["selective_blocks"])
    assert blocks > 100, blocks                         # the address blocks were reached


@test
def pci_show_text_reads_like_lspci():
    code, out, _ = run("--pci-dump", DUMP, "pci", "show", "01:00.0")
    assert code == 0
    for line in [
        "capabilities:",
        "  [100] Data Object Exchange",
        "      IntMsgNum 5",
        "    DOECtl: Abort+ IntEn- Go+",
        "    DOESta: Busy+ IntSta- Error+ ObjectReady-",
        "  [130] Integrity & Data Encryption",
        "    IDECap: Lnk=2 Sel=3 FlowThru+ PartHdr+ Aggr+ PCRC+ IDE_KM+ SelCfg+ "
        "Alg='AES-GCM-256-96b' TCs=2 TeeLim+ XT-",
        "    IDECtl: FTEn+",
        "    LinkIDE#0 Ctl: En- XT- NPR- PR- CPL- PCRC+ HdrEnc=no Alg='AES-GCM-256-96b' TC0 ID0",
        "    LinkIDE#0 Sta: Status=insecure RecvChkFail+",
        "    LinkIDE#1 Ctl: En+ XT- NPR=2 PR=4 CPL=8 PCRC+ HdrEnc=25:2 "
        "Alg='AES-GCM-256-96b' TC1 ID5",
        "    SelectiveIDE#0 Ctl: En+ XT+ NPR- PR- CPL- PCRC+ CFG+ HdrEnc=17:2 "
        "Alg='AES-GCM-256-96b' TC3 TeeLim+ ID7 Default",
        "    SelectiveIDE#0 RID: Valid+ Base=0100 Limit=01ff SegBase=1",
        "    SelectiveIDE#0 Addr#1: Valid+ Base=8000000000 Limit=ffffffffff",
        "    SelectiveIDE#1 Sta: Status=5 RecvChkFail+",
        "    SelectiveIDE#2 Addr#0: Valid- Base=0 Limit=1fffff",
    ]:
        assert line in out.split("\n"), (line, out)
    assert out.startswith("bdf:") and "devcap:" in out
    code, out, _ = run("--pci-dump", DUMP, "pci", "show", "02:00.0")
    assert "<truncated" in out, out
    code, out, _ = run("--pci-dump", DUMP, "pci", "show", "00:00.0")
    assert code == 0 and "capabilities:" not in out, out


@test
def pci_reader_catches_a_wrong_field():
    """The reader's negative control, and its command line."""
    want = read_dump(DUMP)
    doc, _ = run_json("--pci-dump", DUMP, "-j", "pci", "show", "01:00.0")
    for path, bad in [(("ide", "selective_blocks", 0, "address_blocks", 1, "limit"),
                       "0xfffffffffe"),
                      (("ide", "link_blocks", 1, "tc"), 0),
                      (("doe_mailboxes", 0, "interrupt_message"), 1),
                      (("tdisp",), 1)]:
        d = json.loads(json.dumps(doc))
        o = d
        for k in path[:-1]:
            o = o[k]
        o[path[-1]] = bad
        try:
            pci_reader.compare(d, want["0000:01:00.0"])
        except AssertionError as e:
            assert str(path[-1]) in str(e) and repr(bad) in str(e), e
        else:
            raise AssertionError("no mismatch found at %s" % (path,))
    d = json.loads(json.dumps(doc))
    d["ide"]["surprise"] = True                     # a key the reader does not know
    try:
        pci_reader.compare(d, want["0000:01:00.0"])
    except AssertionError as e:
        assert "ide.surprise" in str(e), e
    else:
        raise AssertionError("an unknown key passed")
    reader = os.path.join(os.path.dirname(os.path.abspath(__file__)), "pci_reader.py")
    good, bad = os.path.join(_tmp, "show.json"), os.path.join(_tmp, "bad.json")
    with open(good, "w") as f:
        json.dump(doc, f)
    doc["ide"]["selective_blocks"][0]["rid_association"]["segment"] = 0
    with open(bad, "w") as f:
        json.dump(doc, f)
    cfg = os.path.join(PCI, "sysfs/sys/bus/pci/devices/0000:01:00.0/config")
    for args, rc, text in [([cfg, good], 0, "values agree"), ([DUMP, good], 0, "values agree"),
                           ([cfg, bad], 1, "rid_association.segment"), ([cfg], 2, "usage")]:
        p = subprocess.run([sys.executable, reader] + args, capture_output=True, text=True)
        assert p.returncode == rc and text in p.stdout + p.stderr, (args, p)
    lst = os.path.join(_tmp, "list.json")
    with open(lst, "w") as f:
        f.write(run("--pci-dump", DUMP, "-j", "pci", "list")[1])
    p = subprocess.run([sys.executable, reader, DUMP, lst], capture_output=True, text=True)
    assert p.returncode == 0 and p.stdout.count("values agree") == 5, p
    p = subprocess.run([sys.executable, reader, cfg, lst, "01:00.0"], capture_output=True,
                       text=True)
    assert p.returncode == 0 and "0000:01:00.0" in p.stdout, p


@test
def pci_tsm_capable_filter():
    doc, _ = run_json("--pci-dump", DUMP, "-j", "pci", "list", "--tsm-capable",
                      schema_name="pci-list")
    # the endpoint (TEE-IO, Selective IDE), its TEE-IO function, the endpoint whose
    # IDE capability announces SELECTIVE; not the root port (not a DSM type), not
    # the conventional host bridge
    assert [d["bdf"] for d in doc] == ["0000:01:00.0", "0000:01:00.1", "0000:02:00.0"], doc


@test
def pci_sysfs_tree_driver_group_doe_features():
    root = os.path.join(PCI, "sysfs")
    doc, _ = run_json("--root", root, "-j", "pci", "list", schema_name="pci-list")
    devs = os.path.join(root, "sys/bus/pci/devices")
    assert [d["bdf"] for d in doc] == sorted(os.listdir(devs))
    want = read_dump(DUMP)
    for d in doc:
        base = os.path.join(devs, d["bdf"])
        assert cfg_of(root, d["bdf"]) == want[d["bdf"]], d["bdf"]
        pci_reader.compare(d, want[d["bdf"]], full=False)
        link = os.path.join(base, "driver")
        if os.path.islink(link):
            assert d["driver"] == os.path.basename(os.readlink(link))
        else:
            assert "driver" not in d
        link = os.path.join(base, "iommu_group")
        if os.path.islink(link):
            assert d["iommu_group"] == int(os.path.basename(os.readlink(link)))
        feats = os.path.join(base, "doe_features")
        assert d["doe_features"] == (sorted(os.listdir(feats)) if os.path.isdir(feats) else [])
        assert d["tsm_dir"] is False


@test
def pci_short_config_leaves_out_what_it_cannot_tell():
    root = os.path.join(_tmp, "short")
    shutil.copytree(os.path.join(PCI, "sysfs"), root, symlinks=True)
    cfg = os.path.join(root, "sys/bus/pci/devices/0000:01:00.0/config")
    with open(cfg, "r+b") as f:
        f.truncate(64)                  # what sysfs gives a user without CAP_SYS_ADMIN
    doc, err = run_json("--root", root, "-j", "pci", "show", "01:00.0",
                        schema_name="pci-show")
    assert doc["config_bytes"] == 64 and "only 64 bytes" in err, (doc, err)
    for k in ("tdisp", "tsm_capable", "doe_mailboxes", "ide", "pcie_type"):
        assert k not in doc, k
    pci_reader.compare(doc, cfg_of(root, "0000:01:00.0"))
    assert doc["doe_features"] == ["0001:00", "0001:01", "0001:02"]


@test
def pci_show_absent_and_bad_bdf():
    code, _, err = run("--pci-dump", DUMP, "pci", "show", "0000:09:00.0")
    assert code == 5 and "no PCI function 0000:09:00.0" in err, err
    code, _, err = run("--pci-dump", DUMP, "pci", "show", "01:00.9")
    assert code == 2 and "01:00.9" in err, err


@test
def pci_missing_sysfs_is_not_supported():
    empty = os.path.join(_tmp, "empty")
    os.makedirs(empty, exist_ok=True)
    doc, err = run_json("--root", empty, "-j", "pci", "list", rc=4, schema_name="error")
    assert doc["error"]["code"] == "not_supported" and "--pci-dump" in doc["error"]["hint"]


@test
def libpci_fatal_error_ends_the_command_not_the_batch():
    bad = os.path.join(PCI, "malformed.dump")
    code, _, err = run("--pci-dump", bad, "pci", "list")
    assert code == 2 and "libpci: dump: Malformed line" in err, err
    code, _, err = run("--pci-dump", "/nonexistent.dump", "pci", "list")
    assert code == 2 and "Cannot open /nonexistent.dump" in err, err
    batch = os.path.join(_tmp, "after-error.vmm")
    with open(batch, "w") as f:
        f.write("pci list\npci list\nversion\n")
    code, out, err = run("--pci-dump", bad, "-k", "-j", "-b", batch)
    assert code == 7, (code, err)
    doc = json.loads(out)
    assert [e["exit_code"] for e in doc] == [2, 2, 0], doc


@test
def libpci_fatal_error_keeps_the_repl():
    bad = os.path.join(PCI, "malformed.dump")
    env = {"HOME": _tmp, "XDG_STATE_HOME": _tmp, "TERM": "dumb", "PATH": os.environ["PATH"]}
    t = Pty.__new__(Pty)
    t.pid, t.fd = pty.fork()
    if t.pid == 0:
        os.execve(VMMCTL, [VMMCTL, "--pci-dump", bad, "-i"], env)
    t.buf = b""
    t.read_until("vmmctl> ")
    t.send("pci list\r")
    t.read_until("Malformed line")
    t.read_until("vmmctl> ")
    t.send("pci list\r")          # the hook works a second time
    t.read_until("Malformed line")
    t.read_until("vmmctl> ")
    t.send("version\r")
    t.read_until("0.1.0")
    t.send("quit\r")
    assert t.wait() == 0


def _broken_tree(name, bogus=False, drop=None):
    root = os.path.join(_tmp, name)
    shutil.copytree(os.path.join(PCI, "sysfs"), root, symlinks=True)
    devs = os.path.join(root, "sys/bus/pci/devices")
    if bogus:
        os.makedirs(os.path.join(devs, "bogus"))
    if drop:
        os.unlink(os.path.join(devs, drop))
    return root


@test
def sysfs_entry_that_is_no_address_is_left_out():
    # libpci's own sysfs scan makes this a fatal error (and leaks its directory)
    root = _broken_tree("bogus", bogus=True)
    doc, err = run_json("--root", root, "-j", "pci", "list", schema_name="pci-list")
    assert [d["bdf"] for d in doc] == ["0000:00:00.0", "0000:00:01.0", "0000:01:00.0",
                                        "0000:01:00.1"], doc
    assert "devices/bogus is not a PCI address" in err, err


@test
def libpci_fatal_error_then_a_working_call_in_one_batch():
    # a missing mandatory ID file is fatal to libpci: the list fails, the show of
    # another function in the same process still works through a new access
    root = _broken_tree("novendor", drop="0000:01:00.1/vendor")
    batch = os.path.join(_tmp, "fatal-then-ok.vmm")
    with open(batch, "w") as f:
        f.write("pci list\npci show 01:00.0\npci list\npci show 00:01.0\n")
    code, out, err = run("--root", root, "-k", "-j", "-b", batch)
    doc = json.loads(out)
    assert code == 7 and [e["exit_code"] for e in doc] == [1, 0, 1, 0], (code, doc)
    assert "0000:01:00.1/vendor" in doc[0]["error"]["message"], doc[0]
    want = read_dump(DUMP)
    pci_reader.compare(doc[1]["result"], want["0000:01:00.0"])
    pci_reader.compare(doc[3]["result"], want["0000:00:01.0"])


@test
def libpci_fatal_errors_leave_no_open_files():
    root = _broken_tree("bogus-novendor", bogus=True, drop="0000:01:00.1/vendor")
    env = {"HOME": _tmp, "XDG_STATE_HOME": _tmp, "TERM": "dumb", "PATH": os.environ["PATH"]}
    t = Pty.__new__(Pty)
    t.pid, t.fd = pty.fork()
    if t.pid == 0:
        os.execve(VMMCTL, [VMMCTL, "--root", root, "-i"], env)
    t.buf = b""
    t.read_until("vmmctl> ")
    t.send("pci show 01:00.0\r")    # the one-time opens (pci.ids, hwdb checks) done
    t.read_until("vmmctl> ")
    fds = sorted(os.listdir("/proc/%d/fd" % t.pid))
    for _ in range(5):
        t.send("pci list\r")
        t.read_until("0000:01:00.1/vendor")
        t.read_until("vmmctl> ")
    after = sorted(os.listdir("/proc/%d/fd" % t.pid))
    t.send("quit\r")
    assert t.wait() == 0
    assert after == fds, (fds, after)


@test
def complete_bdfs():
    code, out, _ = run("--pci-dump", DUMP, "__complete", "pci", "show", "0000:01")
    assert code == 0 and out.split() == ["0000:01:00.0", "0000:01:00.1"], out
    code, out, _ = run("--root", os.path.join(TSM, "multifn"), "__complete", "tsm", "show",
                       "0000:03:00.")
    assert out.split() == ["0000:03:00.0", "0000:03:00.1", "0000:03:00.2"], out
    code, out, _ = run("--root", os.path.join(TSM, "multifn"), "__complete", "tsm", "connect",
                       "0000:04:00.0", "--tsm", "ts")
    assert out.split() == ["tsm0", "tsm1"], out


# ---- tsm ---------------------------------------------------------------------

def tree(name):
    """A writable copy of a fixture tree."""
    dst = os.path.join(_tmp, name + "-" + str(len(os.listdir(_tmp))))
    shutil.copytree(os.path.join(TSM, name), dst, symlinks=True)
    return dst


def attr(root, bdf, name):
    with open(os.path.join(root, "sys/bus/pci/devices", bdf, name)) as f:
        return f.read()


def files_of(root):
    out = {}
    for d, _, fs in os.walk(root):
        for f in fs:
            p = os.path.join(d, f)
            if not os.path.islink(p):
                with open(p) as fh:
                    out[os.path.relpath(p, root)] = fh.read()
    return out


@test
def tsm_list_every_state():
    for name, want in [
        ("notsm", []),
        ("disconnected", [("tsm", "tsm0", 0), ("device", "0000:01:00.0", False, False)]),
        ("connected", [("tsm", "tsm0", 1), ("device", "0000:01:00.0", True, False)]),
        ("bound", [("tsm", "tsm0", 1), ("device", "0000:01:00.0", True, True)]),
    ]:
        doc, _ = run_json("--root", os.path.join(TSM, name), "-j", "tsm", "list",
                          schema_name="tsm-list")
        got = [("tsm", e["name"], e["connected_devices"]) if e["kind"] == "tsm" else
               ("device", e["bdf"], e["connected"], e["bound"]) for e in doc]
        assert got == want, (name, got)


@test
def tsm_list_multifunction_shares_one_dsm():
    doc, _ = run_json("--root", os.path.join(TSM, "multifn"), "-j", "tsm", "list",
                      schema_name="tsm-list")
    devs = {e["bdf"]: e for e in doc if e["kind"] == "device"}
    assert {e["name"]: e["connected_devices"] for e in doc if e["kind"] == "tsm"} == \
        {"tsm0": 0, "tsm1": 1}
    for fn in ("0000:03:00.0", "0000:03:00.1", "0000:03:00.2"):
        assert devs[fn]["dsm"] == "0000:03:00.0", devs[fn]
    assert devs["0000:03:00.0"]["dsm_candidate"] and devs["0000:03:00.0"]["tsm"] == "tsm1"
    assert not devs["0000:03:00.1"]["dsm_candidate"] and not devs["0000:03:00.1"]["connected"]


@test
def tsm_show_with_ide_streams():
    doc, _ = run_json("--root", os.path.join(TSM, "multifn"), "-j", "tsm", "show", "03:00.0",
                      schema_name="tsm-show")
    assert doc["registered_tsms"] == ["tsm0", "tsm1"]
    assert [s["stream"] for s in doc["ide_streams"]] == ["stream0.0.0", "stream1.0.0"]
    doc, _ = run_json("--root", os.path.join(TSM, "multifn"), "-j", "tsm", "ide",
                      schema_name="tsm-ide")
    assert doc[0]["available_secure_streams"] == 253
    assert [(s["host_index"], s["bdf"]) for s in doc[0]["streams"]] == \
        [(0, "0000:03:00.0"), (1, "0000:03:00.0")]


@test
def tsm_connect_writes_the_tsm_name():
    root = tree("disconnected")
    doc, _ = run_json("--root", root, "-j", "tsm", "connect", "01:00.0",
                      schema_name="tsm-connect")
    assert attr(root, "0000:01:00.0", "tsm/connect") == "tsm0"
    assert doc["changed"] and doc["connected"] and doc["tsm"] == "tsm0"
    # again: the file now names tsm0, so nothing is written
    with open(os.path.join(root, "sys/bus/pci/devices/0000:01:00.0/tsm/connect"), "w") as f:
        f.write("tsm0\n")
    doc, _ = run_json("--root", root, "-j", "tsm", "connect", "01:00.0", "--tsm", "tsm0",
                      schema_name="tsm-connect")
    assert not doc["changed"] and attr(root, "0000:01:00.0", "tsm/connect") == "tsm0\n"


@test
def tsm_disconnect_writes_the_connected_name():
    root = tree("connected")
    doc, _ = run_json("--root", root, "-j", "tsm", "disconnect", "01:00.0",
                      schema_name="tsm-connect")
    assert attr(root, "0000:01:00.0", "tsm/disconnect") == "tsm0" and doc["changed"]
    root = tree("disconnected")
    before = files_of(root)
    doc, _ = run_json("--root", root, "-j", "tsm", "disconnect", "01:00.0",
                      schema_name="tsm-connect")
    assert not doc["changed"] and files_of(root) == before


@test
def tsm_disconnect_while_bound_needs_force():
    root = tree("bound")
    before = files_of(root)
    doc, _ = run_json("--root", root, "-j", "tsm", "disconnect", "01:00.0", rc=6,
                      schema_name="error")
    assert "bound" in doc["error"]["message"] and "--force" in doc["error"]["hint"]
    assert files_of(root) == before
    run_json("--root", root, "-j", "tsm", "disconnect", "01:00.0", "--force",
             schema_name="tsm-connect")
    assert attr(root, "0000:01:00.0", "tsm/disconnect") == "tsm0"


@test
def tsm_refusals_change_nothing():
    cases = [
        ("notsm", ["tsm", "connect", "01:00.0"], 4, "no TSM registered yet"),
        ("disconnected", ["tsm", "connect", "02:00.0"], 4, "not TSM-capable"),
        ("disconnected", ["tsm", "connect", "07:00.0"], 5, "no PCI function"),
        ("disconnected", ["tsm", "connect", "01:00.0", "--tsm", "tsm3"], 5, "no TSM 'tsm3'"),
        ("disconnected", ["tsm", "connect", "01:00.0", "--tsm", "tsmX"], 2,
         "--tsm tsmX: expected a TSM name"),
        ("disconnected", ["tsm", "connect", "07:00.0", "--tsm", "../tsm0"], 2,
         "--tsm ../tsm0: expected a TSM name"),
        ("multifn", ["tsm", "connect", "04:00.0"], 2, "name one with --tsm"),
        ("multifn", ["tsm", "connect", "03:00.0", "--tsm", "tsm0"], 6,
         "already connected to tsm1"),
        ("multifn", ["tsm", "connect", "03:00.1", "--tsm", "tsm1"], 4,
         "managed by the DSM 0000:03:00.0"),
        ("multifn", ["tsm", "disconnect", "03:00.2"], 4, "not a DSM candidate"),
    ]
    for name, args, rc, msg in cases:
        root = tree(name)
        before = files_of(root)
        doc, _ = run_json("--root", root, "-j", *args, rc=rc, schema_name="error")
        assert msg in doc["error"]["message"], (name, args, doc)
        assert files_of(root) == before, (name, args)


@test
def tsm_dry_run_prints_path_and_value():
    root = tree("multifn")
    before = files_of(root)
    doc, _ = run_json("--root", root, "-n", "-j", "tsm", "connect", "04:00.0", "--tsm", "tsm1",
                      schema_name="dry-run")
    assert doc["operations"] == [{"action": "sysfs_write", "value": "tsm1",
                                  "path": "/sys/bus/pci/devices/0000:04:00.0/tsm/connect"}]
    doc, _ = run_json("--root", root, "-n", "-j", "tsm", "disconnect", "03:00.0",
                      schema_name="dry-run")
    assert doc["operations"][0]["value"] == "tsm1"
    assert doc["operations"][0]["path"].endswith("0000:03:00.0/tsm/disconnect")
    # already in the requested state: the dry-run shape, with nothing to do
    doc, _ = run_json("--root", root, "-n", "-j", "tsm", "connect", "03:00.0", "--tsm", "tsm1",
                      schema_name="dry-run")
    assert doc == {"dry_run": True, "operations": []}, doc
    doc, _ = run_json("--root", root, "-n", "-j", "tsm", "disconnect", "04:00.0",
                      schema_name="dry-run")
    assert doc == {"dry_run": True, "operations": []}, doc
    code, out, _ = run("--root", root, "-n", "tsm", "disconnect", "04:00.0")
    assert code == 0 and out == "dry run: nothing to do\n", out
    assert files_of(root) == before


@test
def tsm_bind_needs_abi_and_a_session_vm():
    root = os.path.join(TSM, "connected")
    doc, _ = run_json("--root", root, "-j", "tsm", "bind", "01:00.0", "--vm", "vm0",
                      "--tdi-id", "1", rc=4, schema_name="error")
    assert "no TDI bind interface" in doc["error"]["message"] and "--abi" in doc["error"]["hint"]
    code, _, err = run("--root", root, "tsm", "bind", "01:00.0", "--tdi-id", "1")
    assert code == 2 and "--vm" in err
    code, _, err = run("--root", root, "tsm", "bind", "01:00.0", "--vm", "vm0", "--tdi-id",
                       "0x100000000", "--abi", "tsm-v5")
    assert code == 2 and "0x100000000" in err, err
    code, _, err = run("--root", root, "tsm", "bind", "01:00.0", "--vm", "vm0", "--tdi-id",
                       "1", "--abi", "tsm-v9")
    assert code == 2 and "tsm-v9" in err, err
    code, _, err = run("--root", root, "tsm", "bind", "01:00.0", "--vm", "vm0", "--tdi-id",
                       "1", "--abi", "tsm-v5")
    assert code == 5 and "no VM 'vm0'" in err, err
    code, _, err = run("--root", root, "tsm", "unbind", "01:00.0")
    assert code == 5 and "session" in err, err


def kvm_root(name):
    root = tree(name)
    usable, why = test_cli.kvm_usable()
    if not usable:
        raise test_cli.Skip(why)
    os.makedirs(os.path.join(root, "dev"))
    os.symlink("/dev/kvm", os.path.join(root, "dev/kvm"))
    os.makedirs(os.path.join(root, "sys/bus/pci/devices/0000:01:00.0/vfio-dev/vfio3"))
    return root


@test
def tsm_bind_dry_run_shows_each_proposal():
    root = kvm_root("connected")
    batch = os.path.join(_tmp, "bind.vmm")
    with open(batch, "w") as f:
        f.write("vm create\n"
                "tsm bind 01:00.0 --vm vm0 --tdi-id 0x42 --abi cca-rfc-v1 -n\n"
                "tsm bind 01:00.0 --vm vm0 --tdi-id 0x42 --abi tsm-v5 -n\n")
    code, out, err = run("--root", root, "-j", "-b", batch)
    assert code == 0, err
    import json
    doc = json.loads(out)
    v1, v5 = doc[1]["result"]["operations"], doc[2]["result"]["operations"]
    for ops in (v1, v5):
        test_cli.validate({"dry_run": True, "operations": ops}, "dry-run")
        assert ops[1] == {"open": "/dev/vfio/devices/vfio3"}
        assert ops[-1]["request"] == "0x3b95" and ops[-1]["size"] == 16
        assert ops[-2] == {"ioctl": "IOMMU_VDEVICE_ALLOC", "request": "0x3b91",
                           "virt_id": "0x42"}
    vi1 = [o for o in v1 if o.get("ioctl") == "IOMMU_VIOMMU_ALLOC"][0]
    vi5 = [o for o in v5 if o.get("ioctl") == "IOMMU_VIOMMU_ALLOC"][0]
    assert vi1["size"] == 48 and vi1["flags"] == "0x1" and "kvm_vm_fd" in vi1
    assert vi5["size"] == 40 and vi5["flags"] == "0x0" and "kvm_vm_fd" not in vi5
    assert v1[-1]["op"] == 1 and v5[-1]["type"] == 1
    names = [o.get("ioctl") for o in v5]
    assert names.index("KVM_SET_DEVICE_ATTR") < names.index("VFIO_DEVICE_BIND_IOMMUFD")
    assert "KVM_CREATE_DEVICE" not in [o.get("ioctl") for o in v1]


@test
def tsm_bind_refusals_from_sysfs_state():
    usable, why = test_cli.kvm_usable()
    if not usable:
        raise test_cli.Skip(why)
    for name, rc, msg in [("disconnected", 1, "not connected"), ("bound", 6, "already has"),
                          ("notsm", 4, "no tsm/ directory")]:
        root = kvm_root(name) if name != "notsm" else None
        if root is None:
            root = tree("notsm")
            os.makedirs(os.path.join(root, "dev"))
            os.symlink("/dev/kvm", os.path.join(root, "dev/kvm"))
        batch = os.path.join(_tmp, "bind-%s.vmm" % name)
        with open(batch, "w") as f:
            f.write("vm create\ntsm bind 01:00.0 --vm vm0 --tdi-id 1 --abi tsm-v5\n")
        code, _, err = run("--root", root, "-b", batch)
        assert code == rc and msg in err, (name, code, err)


if __name__ == "__main__":
    sys.exit(main())
