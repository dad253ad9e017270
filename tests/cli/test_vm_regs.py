# SPDX-License-Identifier: GPL-3.0-or-later
"""CLI tests of vm idregs and vm regs diff on debugfs trees written here from
the kernel's format strings (arch/arm64/kvm/sys_regs.c: "%20s:\\t%016llx\\n"
for idregs, "%20s:\\tRES0:%016llx\\tRES1:%016llx\\n" for resx), over the VMs of
tests/fixtures/vm-observe. Every field vmmctl decodes is compared with an
independent table of the ID registers written from the Arm ARM
(tests/helpers/idregs_ref.py); the file format with a regex reader here."""

import atexit
import os
import random
import re
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "helpers"))
import idregs_ref  # noqa: E402
import test_cli  # noqa: E402
from test_cli import main, run, run_json, test  # noqa: E402

test_cli._results.clear()
_tmp = tempfile.mkdtemp(prefix="vmm-regs.")
atexit.register(shutil.rmtree, _tmp, ignore_errors=True)
FIX = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "vm-observe")
KVM = "sys/kernel/debug/kvm"


def idregs_text(values):
    # KVM's table names them by their sysreg macro: SYS_ID_AA64PFR0_EL1
    return "".join("%20s:\t%016x\n" % ("SYS_" + n, v) for n, v in values.items())


def tree(name, values, resx=None, raw=None):
    root = os.path.join(_tmp, name)
    shutil.copytree(FIX, root, symlinks=True)
    d = os.path.join(root, KVM, "100-11")
    with open(os.path.join(d, "idregs"), "w") as f:
        f.write(raw if raw is not None else idregs_text(values))
    if resx is not None:
        with open(os.path.join(d, "resx"), "w") as f:
            f.write("".join("%20s:\tRES0:%016x\tRES1:%016x\n" % ("SYS_" + n, a, b)
                            for n, (a, b) in resx.items()))
    return root


def sample(seed):
    rng = random.Random(seed)
    return {n: rng.getrandbits(64) for n in sorted(idregs_ref.REGS)
            if n.startswith(("ID_", "MVFR", "CTR", "MIDR", "REVIDR", "AIDR", "MPIDR", "CLIDR"))}


# Where the two tables may disagree, each with its reason: fields of the
# architecture newer than the reference table (in bits it leaves reserved),
# fields the reference could not confirm, and FEAT_TME, withdrawn from the
# architecture and gone from the kernel's description.
UNCONFIRMED = {("ID_AA64PFR2_EL1", "GCIE"), ("ID_AA64ZFR0_EL1", "EltPerm"),
               ("ID_AA64ISAR2_EL1", "PCDPHINT"), ("ID_AA64PFR2_EL1", "UINJ"),
               ("ID_AA64MMFR4_EL1", "SRMASK"), ("ID_AA64SMFR0_EL1", "SBitPerm"),
               ("ID_AA64SMFR0_EL1", "AES"), ("ID_AA64SMFR0_EL1", "SFEXPA"),
               ("ID_AA64SMFR0_EL1", "STMOP"), ("ID_AA64SMFR0_EL1", "SMOP4")}
WITHDRAWN = {("ID_AA64ISAR0_EL1", "TME")}


def compare_fields(name, mine, ref):
    """What differs between vmmctl's fields and the reference's, beyond the allowances."""
    impdef = lambda f: f[0].startswith("IMPDEF") or f[0] == "IMPLEMENTATION DEFINED"
    key = lambda f: ("*" if impdef(f) else f[0],) + f[1:]
    m = {key(f): v for f, v in mine.items() if (name, f[0]) not in UNCONFIRMED}
    r = {key(f): v for f, v in ref.items()
         if (name, f[0]) not in UNCONFIRMED and (name, f[0]) not in WITHDRAWN}
    used = set()
    for f in r:
        used |= set(range(f[1], f[1] + f[2]))
    # a field the reference does not have, in bits it leaves reserved: a newer feature
    newer = [f for f in m if f not in r and not used & set(range(f[1], f[1] + f[2]))]
    for f in newer:
        del m[f]
    return m != r and "%s: vmmctl only %s; the reference only %s" % (
        name, sorted(set(m) - set(r)), sorted(set(r) - set(m)))


def reader(text):
    """The file as the kernel's format makes it, read independently."""
    out = {}
    for line in text.splitlines():
        m = re.fullmatch(r" *([A-Z0-9_]+):\t([0-9a-f]{16})", line)
        assert m, line
        out[m.group(1)[4:]] = int(m.group(2), 16)
    return out


@test
def every_field_equals_the_arm_arm_table():
    values = sample(1)
    root = tree("t1", values)
    doc, _ = run_json("--root", root, "-j", "vm", "idregs", "100-11", schema_name="vm-idregs")
    assert doc["initialized"] and doc["resx"] is None, doc
    got = {r["name"]: r for r in doc["registers"]}
    assert set(got) == set(reader(idregs_text(values))), set(got) ^ set(values)
    bad = []
    for name, v in values.items():
        r = got[name]
        assert int(r["value"], 16) == v, (name, r["value"])
        mine = {(f["name"], f["lsb"], f["width"], f["signed"]): f["value"] for f in r["fields"]}
        ref = {}
        for fname, lsb, width, signed in idregs_ref.REGS[name]["fields"]:
            raw = (v >> lsb) & ((1 << width) - 1)
            if signed and raw >> (width - 1):
                raw -= 1 << width
            ref[(fname, lsb, width, signed)] = raw
        diff = compare_fields(name, mine, ref)
        if diff:
            bad.append(diff)
        enc = "%d,%d,%d,%d,%d" % idregs_ref.REGS[name]["enc"]
        if r.get("encoding") != enc:
            bad.append("%s: encoding %s, the table %s" % (name, r.get("encoding"), enc))
    assert not bad, "\n".join(bad)


@test
def meanings_and_resx():
    values = {"ID_AA64PFR0_EL1": 0x1100000011111111, "ID_AA64MMFR0_EL1": 0xf << 28}
    resx = {"HCR_EL2": (0xffff000000000000, 0x2), "SCTLR_EL2": (0, 0x30c50830)}
    root = tree("t2", values, resx)
    doc, _ = run_json("--root", root, "-j", "vm", "idregs", "100-11", schema_name="vm-idregs")
    pfr0 = {f["name"]: f for f in doc["registers"][0]["fields"]}
    assert pfr0["EL0"]["value"] == 1 and pfr0["EL0"]["meaning"] == "IMP", pfr0["EL0"]
    mmfr0 = {f["name"]: f for f in doc["registers"][1]["fields"]}
    # TGran4 is a signed field: 0b1111 is -1, "not implemented"
    assert mmfr0["TGran4"]["value"] == -1 and mmfr0["TGran4"]["signed"], mmfr0["TGran4"]
    assert [(r["name"], int(r["res0"], 16), int(r["res1"], 16)) for r in doc["resx"]] == \
        [("SYS_" + n, a, b) for n, (a, b) in resx.items()], doc["resx"]
    doc, _ = run_json("--root", root, "-j", "vm", "idregs", "100-11", "--reg", "id_aa64mmfr0")
    assert [r["name"] for r in doc["registers"]] == ["ID_AA64MMFR0_EL1"], doc
    rc, _, err = run("--root", root, "vm", "idregs", "100-11", "--reg", "ID_AA64ZZZ")
    assert rc == 5 and "'ID_AA64ZZZ'" in err, (rc, err)
    rc, out, err = run("--root", root, "vm", "idregs", "100-11")
    assert rc == 0 and "TGran4" in out and "RES0 0xffff000000000000" in out, out


@test
def strict_lines_name_the_line():
    good = idregs_text({"ID_AA64PFR0_EL1": 1, "ID_AA64PFR1_EL1": 2})
    for i, (text, word) in enumerate([
            (good + "     ID_AA64ISAR0_EL1:\t00000000000001\n", "line 3"),
            (good + "ID_AA64ISAR0_EL1 0000000000000001\n", "line 3"),
            (good.replace("\t0", "\tx", 1), "line 1"),
            (good + "     ID_AA64ISAR0_EL1:\t0000000000000001", "no newline"),
            (good + "     ID_AA64ISAR0_EL1:\t00000000000000012\n", "line 3")]):
        root = tree("bad%d" % i, None, raw=text)
        rc, out, err = run("--root", root, "vm", "idregs", "100-11")
        assert rc == 1 and word in err and not out, (i, rc, err)


@test
def uninitialized_vm_has_no_registers():
    root = tree("t3", {})
    doc, _ = run_json("--root", root, "-j", "vm", "idregs", "100-11", schema_name="vm-idregs")
    assert doc["registers"] == [] and not doc["initialized"], doc
    rc, out, _ = run("--root", root, "vm", "idregs", "100-11")
    assert rc == 0 and "no ID registers yet" in out, out
    rc, _, err = run("--root", root, "vm", "idregs", "200-5")
    assert rc == 5 and "idregs" in err and "hint:" in err, (rc, err)


@test
def diff_names_exactly_the_lowered_field():
    a = sample(2)
    a["ID_AA64ISAR0_EL1"] = 0x0221100110212120
    b = dict(a)
    # AES (bits 7:4) lowered from 2 to 1 on B; RNDR (63:60) raised from 0 to 1
    b["ID_AA64ISAR0_EL1"] = (a["ID_AA64ISAR0_EL1"] & ~0xf0) | 0x10 | (1 << 60)
    files = []
    for name, vals in (("A", a), ("B", b)):
        root = tree("d" + name, vals)
        rc, out, err = run("--root", root, "-j", "vm", "idregs", "100-11", "-o",
                           os.path.join(_tmp, name + ".json"))
        assert rc == 0 and not out, (rc, out, err)
        files.append(os.path.join(_tmp, name + ".json"))
    doc, _ = run_json("-j", "vm", "regs", "diff", *files, schema_name="vm-regs-diff")
    d = {(x["register"], x["field"]): x for x in doc["differences"]}
    assert set(d) == {("ID_AA64ISAR0_EL1", "AES"), ("ID_AA64ISAR0_EL1", "RNDR")}, d
    assert d[("ID_AA64ISAR0_EL1", "AES")]["unsafe"] and d[("ID_AA64ISAR0_EL1", "AES")]["a"] == 2
    assert not d[("ID_AA64ISAR0_EL1", "RNDR")]["unsafe"]
    assert doc["unsafe"] == 1 and doc["migration_safe"] is False, doc
    doc, _ = run_json("-j", "vm", "regs", "diff", files[1], files[0])
    assert doc["unsafe"] == 1 and [x["field"] for x in doc["differences"] if x["unsafe"]] == \
        ["RNDR"], doc
    doc, _ = run_json("-j", "vm", "regs", "diff", files[0], files[0])
    assert doc["differences"] == [] and doc["migration_safe"], doc
    rc, _, err = run("vm", "regs", "diff", files[0])
    assert rc == 2 and "A and B" in err, err
    with open(os.path.join(_tmp, "junk.json"), "w") as f:
        f.write("{}")
    rc, _, err = run("vm", "regs", "diff", files[0], os.path.join(_tmp, "junk.json"))
    assert rc == 2 and "registers" in err, err


@test
def regs_refusals_without_a_session_vm():
    rc, _, err = run("vm", "regs", "set")
    assert rc == 2 and "needs VM REG" in err, err
    rc, _, err = run("vm", "regs", "vm0", "extra")
    assert rc == 2 and "'extra'" in err, err
    rc, _, err = run("vm", "regs", "not-a-vm")
    assert rc == 2 and "'not-a-vm'" in err, err
    rc, out, _ = run("__complete", "vm", "regs", "")
    assert "set" in out.split() and "diff" in out.split(), out


if __name__ == "__main__":
    main()
