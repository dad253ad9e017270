# SPDX-License-Identifier: GPL-3.0-or-later
"""Owned VMs and memory slots on the real /dev/kvm, as scripts see them:
every JSON result of a batch validated against its command's schema, the
error objects of broken slot rules, and --dry-run operations with the exact
ioctl names, request numbers and fields. Prints TAP-style lines."""

import json
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import test_cli  # noqa: E402
from test_cli import Skip, main, run, test, validate  # noqa: E402

test_cli._results.clear()  # only the tests below

SCHEMAS = {
    ("vm", "create"): "vm-create",
    ("vm", "caps"): "vm-caps",
    ("vm", "touch"): "vm-touch",
    ("vm", "close"): "closed",
    ("mem", "add"): "mem-region",
    ("mem", "move"): "mem-region",
    ("mem", "flags"): "mem-region",
    ("mem", "del"): "mem-region",
    ("mem", "list"): "mem-list",
    ("mem", "dirty"): "mem-dirty",
}


def need_kvm():
    usable, why = test_cli.kvm_usable()
    if not usable:
        raise Skip(why)


def batch(lines, rc=0, keep_going=False):
    """Runs lines as one -j batch; returns the entries, each result validated."""
    need_kvm()
    with tempfile.NamedTemporaryFile("w", suffix=".vmm", delete=False) as f:
        f.write("\n".join(lines) + "\n")
        name = f.name
    try:
        args = ["-j", "-k", "-b", name] if keep_going else ["-j", "-b", name]
        code, out, err = run(*args)
    finally:
        os.unlink(name)
    assert code == rc, f"exit {code}, expected {rc}: {err}"
    doc = json.loads(out)
    validate(doc, "batch")
    for e in doc:
        words = [w for w in e["command"] if not w.startswith("-")]
        if "result" in e:
            if "-n" in e["command"] or "--dry-run" in e["command"]:
                validate(e["result"], "dry-run")
            elif tuple(words[:2]) in SCHEMAS:
                validate(e["result"], SCHEMAS[tuple(words[:2])])
    return doc


BASE = ["vm create", "mem add vm0 0 0 1M --log-dirty", "mem add vm0 1 0x100000 1M --memfd"]


@test
def create_add_list_validate():
    doc = batch(BASE + ["mem list vm0", "vm caps vm0"])
    vm = doc[0]["result"]
    assert vm["name"] == "vm0" and vm["hv"] == "kvm" and vm["pid"] > 0
    regions = doc[3]["result"]
    assert [(r["slot"], r["gpa"], r["size"], r["backing"]) for r in regions] == [
        (0, "0x0", 1 << 20, "anon"), (1, "0x100000", 1 << 20, "memfd")]
    assert regions[0]["flags"] == ["log_dirty_pages"] and regions[1]["flags"] == []
    assert "path" not in regions[0] and "guest_memfd_flags" not in regions[1], regions
    caps = {c["name"]: c["value"] for c in doc[4]["result"]["caps"]}
    assert caps["nr_memslots"] == vm["nr_memslots"] and caps["user_memory"] == 1


@test
def file_backing_with_offset():
    with tempfile.NamedTemporaryFile(delete=False) as f:
        f.truncate(3 << 20)
        path = f.name
    try:
        doc = batch(["vm create", f"mem add vm0 4 0x800000 1M --file {path}:0x100000",
                     f"mem add vm0 5 0x900000 4M --file {path}"], rc=7, keep_going=True)
    finally:
        os.unlink(path)
    r = doc[1]["result"]
    assert r["backing"] == "file" and r["path"] == path and r["offset"] == "0x100000", r
    err = doc[2]["error"]
    assert err["code"] == "usage" and "does not fit" in err["message"], err


@test
def broken_rules_are_error_objects():
    doc = batch(BASE + ["mem add vm0 3 0x180000 1M", "mem add vm0 3 0x180000 1M --no-precheck",
                        "mem add vm0 4 0x1001 4K", "mem add vm0 40000 0x800000 4K",
                        "mem del vm0 7", "mem add vm0 6 0x700000 4K --perm rw"],
                rc=7, keep_going=True)
    errs = [e["error"] for e in doc[3:]]
    assert [(e["code"], e["exit_code"]) for e in errs] == [
        ("busy", 6), ("busy", 6), ("usage", 2), ("usage", 2), ("not_found", 5), ("usage", 2)]
    assert "overlaps slot 1 [0x100000, 0x200000)" in errs[0]["message"]
    assert "ioctl" not in errs[0], "the pre-check must not reach the kernel"
    assert errs[1]["ioctl"] == "KVM_SET_USER_MEMORY_REGION2" and errs[1]["errno_name"] == "EEXIST"
    assert errs[1]["message"].startswith("the new slot was refused by the kernel")
    assert "guest_phys_addr 0x1001" in errs[2]["message"]
    assert "KVM_CAP_NR_MEMSLOTS is" in errs[3]["message"]
    assert "Gunyah" in errs[5]["message"]


def gmem_mmap():
    """Whether a VM of this host takes an mmap-able guest_memfd, read here and
    not through vmmctl: KVM_CHECK_EXTENSION on a fresh VM's fd for
    KVM_CAP_GUEST_MEMFD (234) and KVM_CAP_GUEST_MEMFD_FLAGS (244), whose
    bit 0 is GUEST_MEMFD_FLAG_MMAP. Returns (True, "") or (False, why)."""
    need_kvm()
    kvm = os.open("/dev/kvm", os.O_RDWR | os.O_CLOEXEC)
    try:
        vm = test_cli.kvm_ioctl(kvm, 0xae01, 0)        # KVM_CREATE_VM, type 0
        try:
            gmem = test_cli.kvm_ioctl(vm, 0xae03, 234)
            flags = test_cli.kvm_ioctl(vm, 0xae03, 244)
        finally:
            os.close(vm)
    finally:
        os.close(kvm)
    if gmem <= 0 or not flags & 1:
        return False, f"KVM_CAP_GUEST_MEMFD {gmem}, KVM_CAP_GUEST_MEMFD_FLAGS {flags:#x}: no mmap-able guest_memfd"
    return True, ""


@test
def dry_run_prints_ioctls_and_changes_nothing():
    doc = batch(BASE + ["mem move -n vm0 1 0x400000", "mem del -n vm0 0", "vm touch -n vm0 0x10000+8K",
                        "mem list vm0", "vm touch vm0 0x10000+8K", "mem dirty -n vm0 0 --clear",
                        "mem dirty vm0 0"])
    move = doc[3]["result"]["operations"][0]
    assert move["ioctl"] == "KVM_SET_USER_MEMORY_REGION2" and move["request"] == "0x40a0ae49", move
    assert move["guest_phys_addr"] == "0x400000" and move["memory_size"] == 1 << 20
    assert doc[4]["result"]["operations"][0]["memory_size"] == 0
    assert doc[5]["result"]["operations"][0]["pages"] == 2
    assert [r["gpa"] for r in doc[6]["result"]] == ["0x0", "0x100000"]
    dirty = doc[8]["result"]["operations"]
    assert [(o["ioctl"], o["request"]) for o in dirty] == [
        ("KVM_GET_DIRTY_LOG", "0x4010ae42"), ("KVM_CLEAR_DIRTY_LOG", "0xc018aec0")]
    assert doc[9]["result"]["dirty_pages"] == 2, "a dry run must not read (and so reset) the log"


@test
def guest_memfd_dry_run():
    usable, why = gmem_mmap()
    if not usable:
        code, out, err = run("-j", "-b", "-", stdin="vm create\nmem add -n vm0 2 0x200000 2M "
                             "--guest-memfd --gmem-flags mmap\n")
        assert code == 4 and "has no guest_memfd" in out + err, (code, out, err)
        raise Skip(why + " (vmmctl refuses the slot with exit 4, as it should)")
    doc = batch(BASE + ["mem add -n vm0 2 0x200000 2M --guest-memfd --gmem-flags mmap", "mem list vm0"])
    ops = doc[3]["result"]["operations"]
    assert [o.get("ioctl", o.get("action")) for o in ops] == [
        "KVM_CREATE_GUEST_MEMFD", "mmap", "KVM_SET_USER_MEMORY_REGION2"], ops
    assert ops[0]["request"] == "0xc040aed4" and ops[0]["flags"] == "0x1" and ops[0]["size"] == 2 << 20
    assert ops[2]["request"] == "0x40a0ae49" and ops[2]["slot"] == "0x2" and ops[2]["flags"] == "0x4"
    assert ops[2]["guest_phys_addr"] == "0x200000" and ops[2]["memory_size"] == 2 << 20
    assert [r["slot"] for r in doc[4]["result"]] == [0, 1], "a dry run adds no slot"


@test
def dirty_ranges_after_touch():
    doc = batch(BASE + ["vm touch vm0 0x10000+64K", "vm touch vm0 0x40000+4K", "mem dirty vm0 0",
                        "mem dirty vm0 0 --clear", "mem dirty vm0 0", "mem flags vm0 0 --log-dirty off",
                        "mem list vm0"])
    assert doc[3]["result"]["exit"] in ("hlt", "mmio")
    d = doc[5]["result"]
    assert d["manual_protect"] is True, "vm create enables manual dirty-log protection"
    assert d["dirty_pages"] == 17 and d["cleared"] is False
    assert [(r["start"], r["end"], r["pages"]) for r in d["ranges"]] == [
        ("0x10000", "0x20000", 16), ("0x40000", "0x41000", 1)]
    assert doc[6]["result"]["dirty_pages"] == 17 and doc[6]["result"]["cleared"] is True
    assert doc[7]["result"]["dirty_pages"] == 0 and doc[7]["result"]["ranges"] == []
    assert doc[8]["result"]["flags"] == []
    assert all(r["slot"] != 0 or r["flags"] == [] for r in doc[9]["result"])


@test
def one_shot_create_and_observed_ids():
    need_kvm()
    code, out, err = run("-j", "vm", "create")
    assert code == 0, err
    validate(json.loads(out), "vm-create")
    code, out, err = run("-j", "mem", "list", "1-3")
    assert code == 2 and "belongs to another process" in json.loads(out)["error"]["message"], out
    code, out, err = run("-j", "mem", "list", "vm3")
    assert code == 5 and "no VM 'vm3'" in err, err


if __name__ == "__main__":
    sys.exit(main())
