# SPDX-License-Identifier: GPL-3.0-or-later
"""CLI tests of vm list, vm show, vm stats and VM completion: the built binary
with --root against tests/fixtures/vm-observe (see its README), every JSON
output validated against tests/schema; and, where /dev/kvm opens, a session
VM read through its binary stats fd. Prints TAP-style lines for tests/run.sh."""

import atexit
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import test_cli  # noqa: E402
from test_cli import FIXTURES, VMMCTL, Skip, main, run, run_json, test, validate  # noqa: E402

test_cli._results.clear()  # only the tests below
_tmp = tempfile.mkdtemp(prefix="vmm-observe.")
atexit.register(shutil.rmtree, _tmp, ignore_errors=True)


def tree(name, drop=()):
    """A copy of the fixture with the modes git cannot keep, minus drop."""
    dst = os.path.join(_tmp, name)
    if os.path.exists(dst):
        return dst
    test_cli.fixture_copy("vm-observe", dst)
    for p in drop:
        full = os.path.join(dst, p)
        shutil.rmtree(full) if os.path.isdir(full) else os.remove(full)
    return dst


def vmm(root, *args, **kw):
    return run("--root", root, *args, **kw)


def vmm_json(root, *args, **kw):
    return run_json("--root", root, "-j", *args, **kw)


def by_id(doc):
    return {v["id"]: v for v in doc}


# ---- vm list --------------------------------------------------------------------

@test
def list_json_joins_proc_and_debugfs():
    doc, err = vmm_json(tree("full"), "vm", "list", "-v", schema_name="vm-list")
    assert [v["id"] for v in doc] == ["100-11", "200-5", "200-9", "400-3"], doc
    vms = by_id(doc)
    q = vms["100-11"]
    assert (q["pid"], q["tid"], q["fd"], q["comm"], q["uid"]) == \
        (100, 100, 11, "qemu-system-x86", 0), q
    assert q["vcpus"] == 2 and q["guest_memfd"] == 1, q
    assert q["debugfs"] == "/sys/kernel/debug/kvm/100-11", q
    # the thread 205 made fd 9: its debugfs name carries the thread id
    assert vms["200-9"]["tid"] == 205 and vms["200-9"]["debugfs"].endswith("/205-9")
    # two VMs in one process: vCPUs from debugfs, not from the process's vCPU fds
    assert vms["200-5"]["vcpus"] == 1 and vms["200-9"]["vcpus"] == 2
    assert vms["200-5"]["guest_memfd"] == 1      # "/[kvm-gmem] (deleted)" counts too
    # a VM passed on from a process that is gone: no tid, no debugfs, vCPU fds count
    w = vms["400-3"]
    assert "tid" not in w and "debugfs" not in w and w["vcpus"] == 1, w
    # a list is an array: what the scan could not match is a warning
    assert "debugfs has VMs no readable process holds: 350-7" in err, err
    # an unclaimed debugfs directory makes the scan read every fd of every process;
    # /proc/205 (a thread) is looked at but not counted as a process of its own
    assert "5 processes scanned, every fd read" in err, err


@test
def list_memory_backing_from_maps():
    doc, _ = vmm_json(tree("full"), "vm", "list", schema_name="vm-list")
    mem = by_id(doc)["100-11"]["memory"]
    got = [(m["kind"], m.get("name"), m["bytes"], m["mappings"]) for m in mem]
    assert got == [
        ("hugetlb", "/dev/hugepages/vm100-ram", 64 << 20, 1),   # a file on hugetlbfs
        ("memfd", "pc.ram", 256 << 20, 1),
        ("guest_memfd", None, 16 << 20, 1),
        ("anon", None, 64 << 20, 1),        # two adjacent 32 MiB pieces, one region
    ], got
    assert by_id(doc)["200-9"]["memory"] == [
        {"kind": "hugetlb", "name": "anon_hugepage", "bytes": 128 << 20, "mappings": 1}]
    assert by_id(doc)["400-3"]["memory"] == []


@test
def list_probe_path_matches_full_scan():
    # every debugfs directory claimed: only the named fd numbers are probed
    root = tree("probe", drop=("proc/400", "sys/kernel/debug/kvm/350-7"))
    doc, err = vmm_json(root, "vm", "list", "-v", schema_name="vm-list")
    full, _ = vmm_json(tree("full"), "vm", "list", schema_name="vm-list")
    assert "4 processes scanned, only the fd numbers debugfs names read" in err, err
    assert "no readable process holds" not in err, err
    assert doc == [v for v in full if v["id"] != "400-3"], doc


@test
def list_text_table():
    code, out, err = vmm(tree("full"), "vm", "list")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].split() == ["ID", "PID", "TID", "COMM", "FD", "VCPUS", "GMEM", "DEBUGFS",
                                "MEMORY"], lines
    row = lines[1].split()
    assert row[:8] == ["100-11", "100", "100", "qemu-system-x86", "11", "2", "1", "100-11"], row
    assert "memfd:pc.ram 256.0M" in lines[1] and "anon 64.0M" in lines[1], lines[1]
    assert lines[4].split()[:8] == ["400-3", "400", "-", "vmm-worker", "3", "1", "0", "-"]
    assert len(lines) == 5 and "no readable process holds: 350-7" in err, (lines, err)
    code, out2, _ = vmm(tree("full"), "vm", "ls")
    assert code == 0 and out2 == out


@test
def list_without_vms_is_empty_and_ok():
    root = tree("empty", drop=("proc/100", "proc/200", "proc/205", "proc/400",
                               "sys/kernel/debug"))
    doc, err = vmm_json(root, "vm", "list", schema_name="vm-list")
    assert doc == [], doc
    assert err == "", err      # no VM, no reason to complain about debugfs
    code, out, _ = vmm(root, "vm", "list")
    assert code == 0 and out.split() == ["ID", "PID", "TID", "COMM", "FD", "VCPUS", "GMEM",
                                         "DEBUGFS", "MEMORY"], out


def as_nobody():
    if os.geteuid() != 0:
        return None
    try:
        import pwd
        return pwd.getpwnam("nobody").pw_uid
    except KeyError:
        return False


@test
def list_counts_unreadable_processes():
    uid = as_nobody()
    if uid is False:
        raise Skip("running as root and there is no user 'nobody' to drop to")
    root = tree("unreadable")
    os.chmod(_tmp, 0o755)
    os.chmod(os.path.join(root, "proc", "300", "fd"), 0)

    def drop():
        if uid is not None:
            os.setgid(uid)
            os.setuid(uid)
    e = dict(os.environ)
    e.pop("VMMCTL_ROOT", None)
    try:
        p = subprocess.run([VMMCTL, "--root", root, "-j", "-v", "vm", "list"],
                           capture_output=True, text=True, env=e, timeout=20, preexec_fn=drop)
    except (PermissionError, subprocess.SubprocessError) as ex:
        raise Skip(f"cannot run vmmctl as an unprivileged user: {ex}")
    if p.returncode != 0 and "Permission denied" in p.stderr:
        raise Skip("the binary is not readable by 'nobody'")
    assert p.returncode == 0, p.stderr
    doc = json.loads(p.stdout)
    validate(doc, "vm-list")
    assert [v["id"] for v in doc] == ["100-11", "200-5", "200-9", "400-3"], doc
    assert "1 of 5 processes (pid 300)" in p.stderr and "CAP_SYS_PTRACE" in p.stderr, p.stderr
    assert "needs root or CAP_SYS_PTRACE" in p.stderr, "nobody has neither: the hint says so"
    # -v does not contradict the warning
    assert "5 processes scanned, 1 refused (the warning above)" in p.stderr, p.stderr


# ---- vm show ------------------------------------------------------------------------

@test
def show_observed_vm_stats_from_debugfs():
    doc, err = vmm_json(tree("full"), "vm", "show", "100-11", schema_name="vm-show")
    assert doc["id"] == "100-11" and doc["stats_source"] == "debugfs", doc
    assert doc["stats_refused"] == 0 and "stats_id" not in doc, doc
    stats = {s["name"]: s for s in doc["stats"]}
    assert [s["name"] for s in doc["stats"]] == sorted(stats), doc["stats"]
    # the file mode tells counters (0644) from current values (0444); max_ is a peak
    assert stats["exits"] == {"name": "exits", "type": "cumulative", "value": 1234}
    assert stats["pages_4k"] == {"name": "pages_4k", "type": "instant", "value": 512}
    assert stats["max_mmu_rmap_size"]["type"] == "peak"
    assert "mmu_rmaps_stat" not in stats      # a table, not a stat
    assert len(stats) == 8, sorted(stats)
    list_doc, _ = vmm_json(tree("full"), "vm", "list", schema_name="vm-list")
    entry = {k: v for k, v in doc.items() if not k.startswith("stats")}
    assert entry == by_id(list_doc)["100-11"], entry
    assert err == "", err


@test
def show_vm_id_forms():
    root = tree("full")
    a, _ = vmm_json(root, "vm", "show", "100-11", schema_name="vm-show")
    b, _ = vmm_json(root, "vm", "show", "100", schema_name="vm-show")
    assert a == b
    # the debugfs name (thread id - fd) reaches the same VM
    c, _ = vmm_json(root, "vm", "show", "205-9", schema_name="vm-show")
    assert c["id"] == "200-9" and c["tid"] == 205, c
    assert {s["name"]: s["value"] for s in c["stats"]}["exits"] == 20


@test
def show_text():
    code, out, err = vmm(tree("full"), "vm", "show", "100-11")
    assert code == 0, err
    assert "id:" in out and "100-11" in out and "stats_source:" in out, out
    assert any(l.split()[:3] == ["exits", "cumulative", "1234"] for l in out.splitlines()), out


@test
def show_ambiguous_pid_is_usage_error():
    code, out, err = vmm(tree("full"), "vm", "show", "200")
    assert code == 2 and out == "", (code, out)
    assert "200-5" in err and "200-9" in err, err
    doc, _ = vmm_json(tree("full"), "vm", "show", "200", schema_name="error", rc=2)
    assert doc["error"]["code"] == "usage" and "200-5, 200-9" in doc["error"]["message"]


@test
def show_not_found():
    root = tree("full")
    for vm, what in (("999", "no process 999"), ("100-12", "no VM on fd 12"),
                     ("300", "holds no VM"), ("vm3", "no VM 'vm3'")):
        doc, err = vmm_json(root, "vm", "show", vm, schema_name="error", rc=5)
        assert doc["error"]["code"] == "not_found", (vm, doc)
        assert what in doc["error"]["message"], (vm, doc)
        assert "vm list" in doc["error"]["hint"], (vm, doc)


@test
def show_vm_without_debugfs_has_no_stats():
    doc, err = vmm_json(tree("full"), "vm", "show", "400-3", schema_name="vm-show")
    assert doc["stats_source"] == "none" and doc["stats"] == [], doc
    assert "no debugfs directory" in err, err


# ---- vm stats ---------------------------------------------------------------------

@test
def stats_json_deltas():
    t0 = time.monotonic_ns()
    doc, _ = vmm_json(tree("full"), "vm", "stats", "100-11", "--interval", "1", "--count",
                      "2", schema_name="vm-stats")
    wall = time.monotonic_ns() - t0
    assert doc["vm"] == "100-11" and doc["source"] == "debugfs", doc
    assert doc["interval_s"] == 1 and doc["count"] == 2, doc
    assert [s["index"] for s in doc["samples"]] == [1, 2], doc
    for s in doc["samples"]:
        # at least the interval slept, at most the whole run (no speed assumed)
        assert 1e9 <= s["elapsed_ns"] <= wall, (s["elapsed_ns"], wall)
        st = {e["name"]: e for e in s["stats"]}
        # a static tree: counters move by 0; current values carry no delta
        assert st["exits"]["delta"] == 0 and st["exits"]["rate"] == 0, st["exits"]
        assert st["exits"]["value"] == 1234
        assert "delta" not in st["pages_4k"] and "delta" not in st["max_mmu_rmap_size"]


@test
def stats_defaults_and_text():
    code, out, err = vmm(tree("full"), "vm", "stats", "205-9")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == "vm 200-9: debugfs stats, 1 interval(s) of 1 s", lines
    assert lines[3].split() == ["NAME", "TYPE", "VALUE", "DELTA", "RATE/S"], lines
    assert ["exits", "cumulative", "20", "0", "0.00"] in [l.split() for l in lines], lines
    assert ["pages_4k", "instant", "128", "-", "-"] in [l.split() for l in lines], lines


@test
def stats_rejects_zero_interval_and_count():
    root = tree("full")
    for opt in ("--interval", "--count"):
        code, out, err = vmm(root, "vm", "stats", "100-11", opt, "0")
        assert code == 2 and out == "", (opt, code)
        assert f"{opt} 0" in err, err
        doc, _ = vmm_json(root, "vm", "stats", "100-11", opt, "0", schema_name="error", rc=2)
        assert opt in doc["error"]["message"], doc
    code, _, err = vmm(root, "vm", "stats", "100-11", "--interval", "soon")
    assert code == 2 and "--interval" in err, err


@test
def stats_needs_debugfs_for_observed_vm():
    doc, _ = vmm_json(tree("full"), "vm", "stats", "400-3", schema_name="error", rc=4)
    assert doc["error"]["code"] == "not_supported" and "400-3" in doc["error"]["message"]


# ---- completion, session VMs -----------------------------------------------------------

@test
def complete_vm_ids():
    code, out, _ = run("--root", tree("full"), "__complete", "vm", "show", "")
    assert code == 0 and out.split() == ["100-11", "200-5", "200-9", "400-3"], out
    code, out, _ = run("--root", tree("full"), "__complete", "vm", "stats", "2")
    assert out.split() == ["200-5", "200-9"], out
    doc, _ = run_json("-j", "help", "vm", "show", schema_name="help")
    arg = doc["objects"][0]["commands"][0]["args"][0]
    assert arg.get("completer") == "vm", arg


def kvm_usable():
    usable, why = test_cli.kvm_usable()
    if not usable:
        raise Skip(why)


@test
def session_vm_binary_stats():
    kvm_usable()
    doc, err = run_json("-j", "-b", "-", stdin="vm create\nvm show vm0\n"
                        "vm stats vm0 --count 1\n", schema_name="batch")
    assert [e["exit_code"] for e in doc] == [0, 0, 0], (doc, err)
    show, stats = doc[1]["result"], doc[2]["result"]
    validate(show, "vm-show")
    validate(stats, "vm-stats")
    assert show["id"] == "vm0" and show["session"] == "vm0", show
    assert show["stats_source"] == "stats_fd", show
    assert show["stats_id"] == f"kvm-{show['tid']}", show
    st = {s["name"]: s for s in show["stats"]}
    assert st["remote_tlb_flush"]["type"] == "cumulative", st
    assert st["remote_tlb_flush"]["unit"] == "none", st
    assert stats["vm"] == "vm0" and stats["source"] == "stats_fd", stats
    names = [e["name"] for e in stats["samples"][0]["stats"]]
    assert "remote_tlb_flush" in names, names


@test
def session_vm_is_listed_as_our_own_process():
    kvm_usable()
    doc, err = run_json("-j", "-b", "-", stdin="vm create\nvm list\n", schema_name="batch")
    create, lst = doc[0]["result"], doc[1]["result"]
    validate(lst, "vm-list")
    mine = [v for v in lst if v["pid"] == create["pid"]]
    assert [v["fd"] for v in mine] == [create["fd"]], (mine, create)
    assert mine[0]["comm"] == "vmmctl", mine


if __name__ == "__main__":
    sys.exit(main())
