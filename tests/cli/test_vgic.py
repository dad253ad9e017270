# SPDX-License-Identifier: GPL-3.0-or-later
"""CLI tests of vm irqs and vm its: the built binary on --root trees shaped
like an arm64 host (tests/fixtures/vgic, see its README) whose vgic-state
and vgic-its-state@BASE files follow the format strings of KVM's
vgic-debug.c. Every field is checked against an independent reader written
here with regular expressions, the filters against that reader's rows, the
strict parse errors by their line numbers, and every JSON output against
tests/schema."""

import atexit
import os
import re
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import test_cli  # noqa: E402
from test_cli import FIXTURES, main, run, run_json, test  # noqa: E402

test_cli._results.clear()  # only the tests below
FIXTURE = os.path.join(FIXTURES, "vgic")
DBG = os.path.join(FIXTURE, "sys/kernel/debug/kvm")
_tmp = tempfile.mkdtemp(prefix="vmm-vgic.")
atexit.register(shutil.rmtree, _tmp, ignore_errors=True)

ROW = re.compile(r"^ {7}(SGI|PPI|SPI|LPI) +(\d+) +(-?\d+) ([01]{7}) +(\d+) +([0-9a-f]+) +"
                 r"([0-9a-f]+) +(\d+) +(-?\d+) $")
SECTION = re.compile(r"^(VCPU|SPI ) ?(\d+) TYP")
ITS_DEV = re.compile(r"^Device ID: 0x([0-9a-f]+), Event ID Range: \[0 - (\d+)\]$")
ITS_ROW = re.compile(r"^ *(\d+) +(\d+) +(\d+) +(\d+) +(\d+) +([01])$")


def read_state(text):
    """vgic-state as the JSON vmmctl should give: the distributor and the IRQs."""
    d = dict(re.findall(r"^(vgic_model|nr_spis|nr_lpis|enabled):\t(\S+)$", text, re.M))
    out = {"model": d["vgic_model"].lower(), "nr_spis": int(d["nr_spis"]),
           "enabled": d["enabled"] == "1"}
    if "nr_lpis" in d:
        out["nr_lpis"] = int(d["nr_lpis"])
    irqs, sect, vcpus = [], None, 0
    for line in text.split("\n"):
        m = SECTION.match(line)
        if m:
            sect = int(m.group(2)) if m.group(1) == "VCPU" else -1
            vcpus += sect >= 0
            continue
        m = ROW.match(line)
        if not m:
            continue
        t, intid, tgt, f, hwid, mpidr, src, pri, q = m.groups()
        r = {"type": t.lower(), "intid": int(intid)}
        if t in ("SGI", "PPI"):
            r["vcpu"] = sect
        if int(tgt) >= 0:
            r["target_vcpu"] = int(tgt)
        for i, k in enumerate(("pending", "line_level", "active", "enabled", "hw")):
            r[k] = f[i] == "1"
        r["config"] = "level" if f[5] == "1" else "edge"
        r["group"] = int(f[6])
        r.update({"hwintid": int(hwid), "mpidr": hex(int(mpidr, 16)),
                  "source": hex(int(src, 16)), "priority": int(pri)})
        if int(q) >= 0:
            r["queued_vcpu"] = int(q)
        irqs.append(r)
    out.update({"initialized": vcpus > 0, "vcpus": vcpus, "irqs": irqs})
    return out


def read_its(text):
    devs = []
    for line in text.split("\n"):
        m = ITS_DEV.match(line)
        if m:
            mx = int(m.group(2))
            devs.append({"device_id": int(m.group(1), 16), "event_id_bits": mx.bit_length(),
                         "event_id_max": mx, "events": []})
            continue
        m = ITS_ROW.match(line)
        if m:
            ev, lpi, hw_id, tgt, col, hw = (int(x) for x in m.groups())
            e = {"event_id": ev, "lpi": lpi, "hwintid": hw_id, "collection": col,
                 "mapped": tgt != 0xffffffff}
            if tgt != 0xffffffff:
                e["target_vcpu"] = tgt
            e["hw"] = hw == 1
            devs[-1]["events"].append(e)
    return devs


def irqs(vm, *args, root=FIXTURE, rc=0):
    doc, err = run_json("--root", root, "-j", "vm", "irqs", vm, *args,
                        schema_name="vm-irqs" if rc == 0 else "error", rc=rc)
    return doc, err


def text_of(vm, name="vgic-state"):
    with open(os.path.join(DBG, vm, name)) as f:
        return f.read()


def strip(doc):
    return {k: v for k, v in doc.items() if k not in ("vm", "path", "provenance")}


@test
def gicv3_every_field():
    doc, _ = irqs("800")
    want = read_state(text_of("800-10"))
    assert doc["vm"] == "800-10" and doc["path"].endswith("/kvm/800-10/vgic-state"), doc
    assert strip(doc) == want, (strip(doc), want)
    assert len(doc["irqs"]) == 2 * 32 + 32 + 2 and doc["nr_lpis"] == 2, len(doc["irqs"])
    spi33 = [q for q in doc["irqs"] if q["intid"] == 33][0]
    assert spi33["pending"] and spi33["line_level"] and spi33["config"] == "level", spi33
    assert "vcpu" not in spi33 and spi33["queued_vcpu"] == 0, spi33


@test
def gicv2_and_uninitialized():
    doc, _ = irqs("810-5")
    assert strip(doc) == read_state(text_of("810-5")), doc
    assert doc["model"] == "gicv2" and "nr_lpis" not in doc and doc["vcpus"] == 1, doc
    doc, err = irqs("820")
    assert doc["initialized"] is False and doc["irqs"] == [] and doc["nr_spis"] == 224, doc
    assert "not initialized" in err, err
    code, out, err = run("--root", FIXTURE, "vm", "irqs", "820")
    assert code == 0 and "not initialized" in out, out


@test
def filters():
    want = read_state(text_of("800-10"))["irqs"]
    for state, key in (("pending", "pending"), ("active", "active"), ("enabled", "enabled"),
                       ("level", "line_level"), ("hw", "hw")):
        doc, _ = irqs("800", "--state", state)
        assert doc["irqs"] == [q for q in want if q[key]], state
        assert doc["irqs"], state
    for t in ("sgi", "ppi", "spi", "lpi"):
        doc, _ = irqs("800", "--type", t)
        assert doc["irqs"] == [q for q in want if q["type"] == t] and doc["irqs"], t
    doc, _ = irqs("800", "--vcpu", "1")
    assert doc["irqs"] == [q for q in want if q.get("vcpu", q.get("target_vcpu")) == 1], doc
    assert {q["type"] for q in doc["irqs"]} == {"sgi", "ppi", "spi", "lpi"}, doc
    doc, _ = irqs("800", "--vcpu", "0", "--type", "ppi", "--state", "active")
    assert [q["intid"] for q in doc["irqs"]] == [30], doc
    doc, _ = irqs("800", "--vcpu", "2", rc=2)
    assert "has 2 vCPUs" in doc["error"]["message"], doc
    code, _, err = run("--root", FIXTURE, "vm", "irqs", "800", "--state", "bogus")
    assert code == 2, err


@test
def text_table():
    code, out, err = run("--root", FIXTURE, "vm", "irqs", "800", "--type", "lpi")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].startswith("vm 800-10: GICv3 distributor enabled, 32 SPIs, 2 LPIs"), out
    assert lines[1].split()[:4] == ["TYPE", "INTID", "VCPU", "TARGET"], out
    assert [ln.split()[:4] for ln in lines[2:]] == [["lpi", "8192", "-", "0"],
                                                    ["lpi", "8193", "-", "1"]], out


@test
def its_every_field():
    doc, _ = run_json("--root", FIXTURE, "-j", "vm", "its", "800", schema_name="vm-its")
    assert [t["base"] for t in doc["its"]] == ["0x8080000", "0x9000000"], doc
    assert doc["its"][0]["devices"] == read_its(text_of("800-10", "vgic-its-state@8080000"))
    assert doc["its"][1]["devices"] == [], doc
    dev = doc["its"][0]["devices"][1]
    assert dev["events"][0]["mapped"] is False and "target_vcpu" not in dev["events"][0], dev
    doc, _ = run_json("--root", FIXTURE, "-j", "vm", "its", "800", "--base", "0x9000000",
                      schema_name="vm-its")
    assert [t["base"] for t in doc["its"]] == ["0x9000000"], doc
    doc, _ = run_json("--root", FIXTURE, "-j", "vm", "its", "800", "--base", "0x1000",
                      schema_name="error", rc=5)
    assert "0x8080000, 0x9000000" in doc["error"]["hint"], doc
    code, out, err = run("--root", FIXTURE, "vm", "its", "800")
    assert code == 0 and "0x10        3         8200" in out and "ITS at 0x9000000, 0 devices" in out


@test
def missing_files_exit_4():
    doc, _ = irqs("830", rc=4)
    assert doc["error"]["code"] == "not_supported" and "no vGIC state" in doc["error"]["message"]
    assert "KVM_CREATE_DEVICE" in doc["error"]["hint"], doc
    doc, _ = run_json("--root", FIXTURE, "-j", "vm", "its", "810", schema_name="error", rc=4)
    assert "has no ITS" in doc["error"]["message"], doc
    doc, _ = irqs("999", rc=5)


@test
def stats_leave_out_tables():
    doc, _ = run_json("--root", FIXTURE, "-j", "vm", "show", "800", schema_name="vm-show")
    assert [s["name"] for s in doc["stats"]] == ["pages_4k"], doc["stats"]


def broken(name, vm, file, edit):
    root = os.path.join(_tmp, name)
    shutil.copytree(FIXTURE, root, symlinks=True)
    path = os.path.join(root, "sys/kernel/debug/kvm", vm, file)
    with open(path) as f:
        text = f.read()
    with open(path, "w") as f:
        f.write(edit(text))
    return root


def lineno(text, needle):
    return text[:text.index(needle)].count("\n") + 1


@test
def strict_errors_name_the_line():
    text = text_of("800-10")
    sgi1 = "       SGI    1      0 0001001        0        0   0 160      -1 \n"
    n = lineno(text, sgi1)
    cases = [
        ("truncated", lambda t: t[:t.index(sgi1) + 30], n, "truncated"),
        ("flag", lambda t: t.replace(sgi1, sgi1.replace("0001001", "0002001"), 1), n,
         "flag E (column 4 of PLAEHCG): 0 or 1"),
        ("big", lambda t: t.replace(sgi1, sgi1.replace(" 160 ", " 999 "), 1), n,
         "PRI: a number up to 255 (too large)"),
        ("bigtgt", lambda t: t.replace(sgi1, sgi1.replace("      0 0001001", "     99999999999 0001001"),
                                       1), n, "TGT_ID: a number up to 2147483647 (too large)"),
        ("pad", lambda t: t.replace(sgi1, sgi1.replace("   1      0", "  1      0"), 1), n,
         "ID: a decimal number in printf's field width"),
        # two type words: once read as the second (fuzz_vgic, seeds/fuzz_vgic/type-twice)
        ("types", lambda t: t.replace(sgi1, sgi1.replace("SGI", "SGIPPI"), 1), n,
         "the type: SGI, PPI, SPI or LPI"),
        ("model", lambda t: t.replace("GICv3", "GICv4"), 3, "vgic_model"),
        ("spis", lambda t: t.replace("nr_spis:\t32", "nr_spis:\t4294967296"), 4,
         "nr_spis: a number up to 987 (too large)"),
        ("order", lambda t: t.replace("VCPU 1 TYP", "VCPU 3 TYP"), lineno(text, "VCPU 1 TYP"),
         "the section of VCPU 1"),
    ]
    for name, edit, line, what in cases:
        root = broken(name, "800-10", "vgic-state", edit)
        doc, _ = irqs("800", root=root, rc=1)
        msg = doc["error"]["message"]
        assert f"vgic-state: line {line}: expected " in msg and what in msg, (name, msg)
    itext = text_of("800-10", "vgic-its-state@8080000")
    row = "       1     8193        0        1        1  0\n"
    for name, edit, what in (
            ("its_hw", lambda t: t.replace(row, row[:-2] + "2\n"), "HW: a number up to 1"),
            ("its_big", lambda t: t.replace(row, row.replace("    8193", "99999999999")),
             "INTID: a number up to 4294967295 (too large)"),
            ("its_range", lambda t: t.replace("[0 - 3]", "[0 - 5]"), "2^bits - 1"),
            ("its_cut", lambda t: t[:-1], "truncated")):
        root = broken(name, "800-10", "vgic-its-state@8080000", edit)
        doc, _ = run_json("--root", root, "-j", "vm", "its", "800", schema_name="error", rc=1)
        assert "line " in doc["error"]["message"] and what in doc["error"]["message"], \
            (name, doc)


if __name__ == "__main__":
    main()
