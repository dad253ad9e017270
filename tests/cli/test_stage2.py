# SPDX-License-Identifier: GPL-3.0-or-later
"""CLI tests of stage2 show, summary, save and diff: the built binary on dump
files and on --root trees shaped like a host (proc + KVM's debugfs): the
dumps captured from the arm64 rig in tests/fixtures/stage2 (see its README),
and trees built here for x86, pKVM, a kernel without the dump and a VM being
destroyed. Results are checked against an independent reader of the dump
format written here, and every JSON output against tests/schema."""

import atexit
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import test_cli  # noqa: E402
from test_cli import FIXTURES, Skip, main, run, run_json, test  # noqa: E402

test_cli._results.clear()  # only the tests below
FIXTURE = os.path.join(FIXTURES, "stage2")
_tmp = tempfile.mkdtemp(prefix="vmm-stage2.")
atexit.register(shutil.rmtree, _tmp, ignore_errors=True)

RW = "   R W px ux  AF    "
RWB = "   R W px ux  AF BLK"
RO = "   R   PXNUXN AF    "
EXAMPLE = (
    "---[ Guest IPA ]---\n"
    "0x0000000000000000-0x0000000040000000           1G 1\n"
    f"0x0000000040000000-0x0000000040200000           2M 2{RWB}\n"
    f"0x0000000040200000-0x0000000040203000          12K 3{RW}\n"
    f"0x0000000040203000-0x0000000040204000           4K 3{RO}\n"
    "0x0000000040204000-0x0000000040400000        2032K 3\n"
    "0x0000000040400000-0x0000000080000000        1020M 2\n"
    "0x0000000080000000-0x0000010000000000        1022G 1\n")

LINE = re.compile(r"^0x([0-9a-f]+)-0x([0-9a-f]+) +(\d+)([KMGTPE]) (-?\d)(.*)$")


def read_dump(text):
    """The dump as dicts, read with a regular expression and column positions."""
    out = []
    for line in text.splitlines():
        m = LINE.match(line)
        if not m:
            continue
        a = m.group(6)
        r = {"ipa_start": hex(int(m.group(1), 16)), "ipa_end": hex(int(m.group(2), 16)),
             "size": int(m.group(2), 16) - int(m.group(1), 16), "level": int(m.group(5)),
             "valid": bool(a) and a[1] == " ", "read": a[3:4] == "R", "write": a[5:6] == "W",
             "exec_priv": a[7:9] == "px", "exec_unpriv": a[10:12] == "ux",
             "af": a[14:16] == "AF", "block": a[17:20] == "BLK"}
        out.append(r)
    return out


def write(name, text):
    path = os.path.join(_tmp, name)
    with open(path, "w") as f:
        f.write(text)
    return path


def vm_root(name, pid, files, fd=3, tid=None):
    """A host with one process holding a VM on fd, and its debugfs files."""
    root = os.path.join(_tmp, name)
    tid = tid or pid
    for d in (f"proc/{pid}/fd", f"proc/{pid}/task/{pid}", f"sys/kernel/debug/kvm/{tid}-{fd}"):
        os.makedirs(os.path.join(root, d), exist_ok=True)
    with open(os.path.join(root, f"proc/{pid}/status"), "w") as f:
        f.write(f"Name:\tvmm\nTgid:\t{pid}\nUid:\t0\t0\t0\t0\n")
    for p in (f"proc/{pid}/comm", f"proc/{pid}/task/{pid}/comm"):
        with open(os.path.join(root, p), "w") as f:
            f.write("vmm\n")
    for p in (f"proc/{pid}/maps", "proc/mounts"):
        open(os.path.join(root, p), "w").close()
    os.symlink("anon_inode:kvm-vm", os.path.join(root, f"proc/{pid}/fd/{fd}"))
    for rel, text in files.items():
        path = os.path.join(root, f"sys/kernel/debug/kvm/{tid}-{fd}", rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)
    return root


def arm64_root(name="arm64", dump=EXAMPLE, ipa="40\n", levels="3\n", extra=None):
    files = {"stage2_page_tables": dump, "ipa_range": ipa, "stage2_levels": levels}
    files.update(extra or {})
    return vm_root(name, 4242, files)


def show(*args, root=None, **kw):
    pre = ("--root", root) if root else ()
    return run_json(*pre, "-j", "stage2", "show", *args, schema_name="stage2-show", **kw)


# ---- show -----------------------------------------------------------------------

@test
def show_file_decodes_every_range():
    path = write("example", EXAMPLE)
    doc, _ = show(path)
    assert doc["file"] == path and "vm" not in doc, doc
    assert doc["ranges"] == read_dump(EXAMPLE), doc["ranges"]


@test
def show_filters():
    path = write("example", EXAMPLE)
    want = read_dump(EXAMPLE)
    doc, _ = show(path, "--mapped")
    assert doc["ranges"] == [r for r in want if r["valid"]]
    doc, _ = show(path, "--unmapped", "--level", "1")
    assert doc["ranges"] == [r for r in want if not r["valid"] and r["level"] == 1]
    # overlap, not containment: the 2M block and the 12K run touch 0x401ff000-0x40201000
    doc, _ = show(path, "--range", "0x401ff000-0x40201000")
    assert [r["ipa_start"] for r in doc["ranges"]] == ["0x40000000", "0x40200000"]
    doc, _ = show(path, "--range", "0x90000000+0x1000", "--mapped")
    assert doc["ranges"] == []
    code, _, err = run("stage2", "show", path, "--mapped", "--unmapped")
    assert code == 2 and "exclude" in err, err


@test
def show_text_keeps_the_kernel_columns():
    path = write("example", EXAMPLE)
    code, out, err = run("stage2", "show", path)
    assert code == 0, err
    lines = out.splitlines()
    # a file as the kernel wrote it: the extent is read from the dump itself
    assert lines[0] == f"{path}: 40-bit IPA, 3 levels", lines[0]
    assert lines[1].split() == ["IPA_START", "IPA_END", "SIZE", "LEVEL", "ATTRIBUTES"]
    rows = lines[2:]
    assert len(rows) == 7
    assert rows[1].split()[:4] == ["0x0000000040000000", "0x0000000040200000", "2M", "2"]
    assert rows[1].endswith("R W px ux  AF BLK"), rows[1]
    assert rows[3].endswith("R   PXNUXN AF"), rows[3]
    assert rows[0].split() == ["0x0000000000000000", "0x0000000040000000", "1G", "1"]


@test
def show_streams_inside_a_batch_and_pretty():
    path = write("example", EXAMPLE)
    batch = write("b.vmm", f"stage2 show {path} --mapped\nstage2 summary {path}\n")
    doc, _ = run_json("-j", "-b", batch, schema_name="batch")
    assert doc[0]["result"]["ranges"] == [r for r in read_dump(EXAMPLE) if r["valid"]]
    test_cli.validate(doc[0]["result"], "stage2-show")
    code, out, err = run("-j", "-p", "stage2", "show", path)
    assert code == 0 and out.count("\n") > 8, err
    assert json.loads(out)["ranges"] == read_dump(EXAMPLE)


@test
def malformed_dump_names_the_line():
    bad = EXAMPLE.replace("  4K 3", "  8K 3")
    code, out, err = run("-j", "stage2", "show", write("bad", bad))
    assert code == 1 and json.loads(out)["error"]["code"] == "failed", out
    assert "line 5: the size column does not match the range" in err, err
    code, _, err = run("stage2", "summary", write("junk", EXAMPLE + "hello\n"))
    assert code == 1 and "line 9: not a line of a stage-2 dump" in err, err
    code, _, err = run("stage2", "show", write("v2", "# vmmctl stage2 dump v2\n"))
    assert code == 1 and "version 2" in err, err
    code, _, err = run("stage2", "show", write("empty", ""))
    assert code == 2 and "empty" in err, err
    code, _, err = run("stage2", "show", os.path.join(_tmp, "missing.txt"))
    assert code == 5, err


# ---- summary --------------------------------------------------------------------------

def expected_summary(ranges):
    mapped = [r for r in ranges if r["valid"]]
    run_best, cur, prev_end = 0, 0, None
    for r in ranges:
        if not r["valid"]:
            cur, prev_end = 0, None
            continue
        cur = cur + r["size"] if prev_end == int(r["ipa_start"], 16) else r["size"]
        prev_end = int(r["ipa_end"], 16)
        run_best = max(run_best, cur)
    return {
        "ranges": len(ranges), "mapped_ranges": len(mapped),
        "mapped_bytes": sum(r["size"] for r in mapped),
        "unmapped_bytes": sum(r["size"] for r in ranges if not r["valid"]),
        "block_bytes": sum(r["size"] for r in mapped if r["block"]),
        "page_bytes": sum(r["size"] for r in mapped if not r["block"]),
        "largest": run_best,
    }


@test
def summary_of_a_file():
    doc, _ = run_json("-j", "stage2", "summary", write("example", EXAMPLE),
                      schema_name="stage2-summary")
    want = expected_summary(read_dump(EXAMPLE))
    for k in ("ranges", "mapped_ranges", "mapped_bytes", "unmapped_bytes", "block_bytes",
              "page_bytes"):
        assert doc[k] == want[k], (k, doc[k], want[k])
    assert doc["largest_mapped_run"] == {"ipa_start": "0x40000000", "ipa_end": "0x40204000",
                                         "size": want["largest"]}, doc
    assert {p["perms"]: p["bytes"] for p in doc["by_perms"]} == \
        {"R W px ux AF": 0x203000, "R PXNUXN AF": 0x1000}, doc["by_perms"]
    assert doc["dump_end"] == "0x10000000000"
    assert (doc["ipa_bits"], doc["levels"]) == (40, 3) and "nested" not in doc, doc


@test
def summary_of_a_live_vm_reads_its_geometry():
    root = arm64_root()
    doc, _ = run_json("--root", root, "-j", "stage2", "summary", "4242",
                      schema_name="stage2-summary")
    assert doc["vm"] == "4242-3" and doc["ipa_bits"] == 40 and doc["levels"] == 3, doc
    assert doc["nested"] == [] and doc["source"] == "stage2_page_tables"
    lv = {e["level"]: e for e in doc["by_level"]}
    if doc["page_size"] == 4096:
        # one 2M block at level 2, three 4K pages at level 3
        assert lv[2]["entries"] == 1 and lv[3]["entries"] == 4, lv


@test
def nested_mmus_with_vtcr_decoded():
    nested = ("VTCR: 0x0000000080023558 VTTBR: 0x0005000041234000 s2: enabled\n"
              "---[ Guest IPA ]---\n"
              f"0x0000000000000000-0x0000000000200000           2M 2{RWB}\n"
              "0x0000000000200000-0x0000010000000000     1048574M 2\n")
    root = arm64_root("nested", extra={"nested/nested_mmu0": nested, "nested/nested_mmu1": ""})
    doc, _ = run_json("--root", root, "-j", "stage2", "summary", "4242-3",
                      schema_name="stage2-summary")
    m0, m1 = doc["nested"]
    assert m1 == {"mmu": 1, "source": "nested/nested_mmu1", "valid": False}, m1
    assert m0["valid"] and m0["s2_enabled"] and m0["vtcr"] == "0x80023558", m0
    assert (m0["ipa_bits"], m0["granule"], m0["start_level"], m0["vmid"], m0["vmid_bits"],
            m0["baddr"]) == (40, 4096, 1, 5, 8, "0x41234000"), m0
    assert m0["mapped_bytes"] == 2 << 20 and m0["block_bytes"] == 2 << 20, m0
    # the shadow table's extent is its dump's, not the VM's ipa_range/stage2_levels
    assert (m0["shadow_ipa_bits"], m0["shadow_levels"]) == (40, 2), m0
    doc, _ = show("4242", "--nested", "0", root=root)
    assert doc["source"] == "nested/nested_mmu0" and len(doc["ranges"]) == 2, doc
    assert (doc["ipa_bits"], doc["levels"], doc["valid"], doc["vtcr"], doc["vttbr"],
            doc["s2_enabled"]) == (40, 2, True, "0x80023558", "0x5000041234000", True), doc
    code, _, err = run("--root", root, "stage2", "show", "4242", "--nested", "7")
    assert code == 5 and "no nested MMU 7" in err, err


@test
def nested_mmu_not_in_use_is_said_not_failed():
    root = arm64_root("nested-idle", extra={"nested/nested_mmu0": ""})
    doc, _ = show("4242", "--nested", "0", root=root)
    assert doc == {"vm": "4242-3", "source": "nested/nested_mmu0", "valid": False,
                   "ranges": [], "provenance": {"kind": "live"}}, doc
    code, out, err = run("--root", root, "stage2", "show", "4242", "--nested", "0")
    assert code == 0 and "nested/nested_mmu0: not in use" in out and not err, (code, out, err)
    code, out, _ = run("--root", root, "stage2", "summary", "4242")
    assert code == 0 and "nested MMU 0: not in use" in out, out


# The shadow stage 2 captured in the rig (tests/fixtures/stage2/nested-rig,
# see the README) and the synthetic VM 800 written before it: the same
# format, the same extent (the guest's PARange, from level 0), both read
# alike by vmmctl and by the reader here.
NESTED_RIG = os.path.join(FIXTURE, "nested-rig")
NESTED_RIG_SHA256 = "882cfb1195292f5ea0c37ba3a1d8229a6e31950d2fc6505868bfee61c5bd74e0"
MMU_LINE = re.compile(r"^VTCR: 0x[0-9a-f]{16} VTTBR: 0x[0-9a-f]{16} s2: (enabled|disabled)$")


def nested_shape(text):
    lines = text.splitlines()
    assert MMU_LINE.match(lines[0]) and lines[1] == "---[ Guest IPA ]---", lines[:2]
    for line in lines[2:]:
        m = LINE.match(line)
        assert m and len(m.group(6)) in (0, 20), repr(line)
    ranges = read_dump(text)
    return int(ranges[-1]["ipa_end"], 16), min(r["level"] for r in ranges), ranges


@test
def nested_capture_from_the_rig_matches_the_synthetic_fixture():
    import hashlib
    real_path = os.path.join(NESTED_RIG, "nested_mmu0")
    with open(real_path, "rb") as f:
        raw = f.read()
    assert hashlib.sha256(raw).hexdigest() == NESTED_RIG_SHA256, "capture changed"
    assert os.path.getsize(os.path.join(NESTED_RIG, "nested_mmu1")) == 0
    synth_dir = os.path.join(FIXTURE, "arm64/sys/kernel/debug/kvm/800-11/nested")
    with open(os.path.join(synth_dir, "nested_mmu0")) as f:
        synth = f.read()
    assert os.path.getsize(os.path.join(synth_dir, "nested_mmu1")) == 0
    real_end, real_top, real = nested_shape(raw.decode())
    synth_end, synth_top, _ = nested_shape(synth)
    assert (real_end, real_top) == (1 << 52, 0), (hex(real_end), real_top)
    assert (synth_end, synth_top) == (real_end, real_top), (hex(synth_end), synth_top)
    # vmmctl on the capture: the reader's ranges, the extent from the dump
    doc, _ = show(real_path)
    assert doc["ranges"] == real, doc["ranges"]
    assert (doc["ipa_bits"], doc["levels"], doc["valid"], doc["vttbr"]) == \
        (52, 4, True, "0x2a000040002000"), doc
    mapped = [(r["ipa_start"], r["ipa_end"]) for r in real if r["valid"]]
    assert mapped == [("0x8040000000", "0x8040001000"), ("0x8040010000", "0x8040018000")], mapped
    doc, _ = run_json("--root", os.path.join(FIXTURE, "arm64"), "-j", "stage2", "summary", "800",
                      schema_name="stage2-summary")
    assert (doc["nested"][0]["shadow_ipa_bits"], doc["nested"][0]["shadow_levels"]) == (52, 4)


# ---- save and diff -----------------------------------------------------------------------

@test
def save_writes_header_and_raw_dump_atomically():
    root = arm64_root("save")
    out = os.path.join(_tmp, "saved", "vm.s2")
    os.makedirs(os.path.dirname(out))
    doc, _ = run_json("--root", root, "-j", "-n", "stage2", "save", "4242", "-o", out,
                      schema_name="dry-run")
    assert not os.path.exists(out)
    doc, _ = run_json("--root", root, "-j", "stage2", "save", "4242", "-o", out,
                      schema_name="stage2-save")
    with open(out) as f:
        text = f.read()
    head, _, body = text.partition("---[ Guest IPA ]---\n")
    assert "---[ Guest IPA ]---\n" + body == EXAMPLE, "the dump is kept byte for byte"
    hdr = dict(line[2:].split(": ", 1) for line in head.splitlines()[1:])
    assert head.startswith("# vmmctl stage2 dump v1\n"), head
    assert hdr["vm"] == "4242-3" and hdr["ipa_bits"] == "40" and hdr["levels"] == "3", hdr
    assert hdr["time"] == doc["time"] and doc["ranges"] == 7, (hdr, doc)
    assert os.listdir(os.path.dirname(out)) == ["vm.s2"], "no temporary file left"
    # the saved file reads back with its header
    doc, _ = show(out)
    assert doc["vm"] == "4242-3" and doc["ipa_bits"] == 40 and doc["levels"] == 3, doc
    assert doc["ranges"] == read_dump(EXAMPLE)
    code, _, err = run("stage2", "save", "4242")
    assert code == 2 and "-o FILE" in err, err


@test
def diff_files_and_live():
    later = EXAMPLE.replace(
        f"0x0000000040200000-0x0000000040203000          12K 3{RW}\n"
        f"0x0000000040203000-0x0000000040204000           4K 3{RO}\n"
        "0x0000000040204000-0x0000000040400000        2032K 3\n",
        f"0x0000000040200000-0x0000000040202000           8K 3{RW}\n"
        f"0x0000000040202000-0x0000000040204000           8K 3{RO}\n"
        f"0x0000000040204000-0x0000000040205000           4K 3{RW}\n"
        "0x0000000040205000-0x0000000040400000        2028K 3\n").replace(
        f"0x0000000040000000-0x0000000040200000           2M 2{RWB}\n",
        "0x0000000040000000-0x0000000040200000           2M 2\n")
    a, b = write("a", EXAMPLE), write("b", later)
    doc, _ = run_json("-j", "stage2", "diff", a, b, schema_name="stage2-diff")
    ch = [(c["ipa_start"], c["ipa_end"], c["change"]) for c in doc["changes"]]
    assert ch == [("0x40000000", "0x40200000", "unmapped"),
                  ("0x40202000", "0x40203000", "changed"),
                  ("0x40204000", "0x40205000", "mapped")], ch
    assert doc["changes"][1]["before"]["write"] and not doc["changes"][1]["after"]["write"]
    assert "before" not in doc["changes"][2] or not doc["changes"][2]["before"]["valid"]
    assert (doc["mapped_bytes"], doc["unmapped_bytes"], doc["changed_bytes"]) == \
        (0x1000, 0x200000, 0x1000), doc
    # a live VM against its own saved dump: nothing changed
    root = arm64_root("diff")
    saved = os.path.join(_tmp, "diff.s2")
    run_json("--root", root, "-j", "stage2", "save", "4242", "-o", saved)
    doc, _ = run_json("--root", root, "-j", "stage2", "diff", saved, "4242",
                      schema_name="stage2-diff")
    assert doc["changes"] == [] and doc["a"]["vm"] == "4242-3" and doc["b"]["vm"] == "4242-3"
    code, out, err = run("stage2", "diff", a, b)
    assert code == 0 and "changed" in out and "unmapped" in out, out + err


# ---- what is not available -----------------------------------------------------------------

@test
def x86_reports_leaf_counts_and_rmaps_as_they_are():
    rmaps = ("Rmap_Count:\t0\t1\t2-3\t4-7\t\n"
             "Level=4K:\t3\t120\t4\t0\t\n"
             "Level=2M:\t0\t7\t0\t0\t\n"
             "Level=1G:\t0\t0\t0\t0\t\n")
    root = vm_root("x86", 900, {"pages_4k": "124\n", "pages_2m": "7\n", "pages_1g": "0\n",
                                "mmu_rmaps_stat": rmaps})
    doc, _ = run_json("--root", root, "-j", "stage2", "summary", "900",
                      schema_name="stage2-summary")
    assert doc["arch"] == "x86" and (doc["pages_4k"], doc["pages_2m"], doc["pages_1g"]) == \
        (124, 7, 0), doc
    assert doc["rmaps"]["buckets"][2] == {"min": 2, "max": 3}, doc["rmaps"]
    assert [r["level"] for r in doc["rmaps"]["levels"]] == ["4K", "2M", "1G"]
    assert doc["rmaps"]["levels"][0]["counts"] == [3, 120, 4, 0]
    code, out, err = run("--root", root, "stage2", "summary", "900")
    assert code == 0 and re.search(r"pages_4k +124", out), out
    code, _, err = run("--root", root, "stage2", "show", "900")
    assert code == 4 and "x86 KVM has no stage-2" in err, err
    # a root-owned 0644 file a locked-down debugfs refuses: shown as refused
    if os.geteuid() != 0:
        os.chmod(os.path.join(root, "sys/kernel/debug/kvm/900-3/mmu_rmaps_stat"), 0)
        doc, _ = run_json("--root", root, "-j", "stage2", "summary", "900",
                          schema_name="stage2-summary")
        assert doc["rmaps_error"]["errno_name"] == "EACCES", doc


@test
def not_available_cases_exit_4_or_5():
    # a kernel without CONFIG_PTDUMP_STAGE2_DEBUGFS: the VM dir, no dump
    root = vm_root("noconfig", 700, {"remote_tlb_flush": "0\n"})
    code, out, err = run("--root", root, "-j", "stage2", "show", "700")
    assert code == 4 and "CONFIG_PTDUMP_STAGE2_DEBUGFS" in json.loads(out)["error"]["hint"], out
    # pKVM: ipa_range reads 0
    root = arm64_root("pkvm", ipa=" 0\n", levels="4\n")
    code, _, err = run("--root", root, "stage2", "summary", "4242")
    assert code == 4 and "protected KVM" in err, err
    # no such process; a process without a VM
    code, _, err = run("--root", root, "stage2", "show", "4243")
    assert code == 5, err
    code, _, err = run("--root", root, "stage2", "show", "vm0")
    assert code == 5 and "./vm0" in err, err


# ---- a large file, parsed in two parts --------------------------------------------------

def big_dump(lines):
    """A dump of about 64 bytes a line: mapped 4K pages in runs of varying
    length between unmapped gaps, so that runs cross every possible seam."""
    out, pos = ["---[ Guest IPA ]---"], 0
    for i in range(lines):
        mapped = (i * 7919) % 13 != 0
        size = 0x1000 if mapped else 0x3000
        attrs = RW if mapped else ""
        out.append(f"0x{pos:016x}-0x{pos + size:016x} {size >> 10:>11}K 3{attrs}")
        pos += size
    return "\n".join(out) + "\n"


def seam_line(text):
    """The 1-based number of the line the second part starts with: the line
    after the first newline at or after the middle of the file."""
    mid = len(text) // 2
    return text.count("\n", 0, text.index("\n", mid) + 1) + 1


def replace_line(text, number, new):
    lines = text.split("\n")
    lines[number - 1] = new
    return "\n".join(lines)


@test
def two_parts_equal_one():
    text = big_dump(90000)  # about 5.8 MB: above the size a second thread pays at
    path = write("big", text)
    want = expected_summary(read_dump(text))
    docs = {}
    for threads in ("1", "2"):
        env = {"VMMCTL_THREADS": threads}
        doc, _ = run_json("-j", "stage2", "summary", path, env=env,
                          schema_name="stage2-summary", timeout=60)
        for k in ("ranges", "mapped_ranges", "mapped_bytes", "unmapped_bytes", "page_bytes"):
            assert doc[k] == want[k], (threads, k, doc[k], want[k])
        assert doc["largest_mapped_run"]["size"] == want["largest"], doc
        code, out, err = run("-j", "stage2", "show", path, env=env, timeout=60)
        assert code == 0, err
        docs[threads] = (doc, out)
    assert docs["1"] == docs["2"]
    assert json.loads(docs["2"][1])["ranges"] == read_dump(text)
    # the ranges are formatted in blocks on two cores: filtered and pretty
    # output are the same bytes as with one thread, and right
    for args in (["--mapped"], ["--unmapped", "-p"], ["--range", "0x10000000+256M"]):
        pretty = "-p" in args
        args = [a for a in args if a != "-p"]
        outs = {}
        for threads in ("1", "2"):
            code, outs[threads], err = run(*(["-p"] if pretty else ["-j"]), "stage2", "show",
                                           path, *args, env={"VMMCTL_THREADS": threads},
                                           timeout=60)
            assert code == 0, err
        assert outs["1"] == outs["2"], args
        got = json.loads(outs["2"])["ranges"]
        if args == ["--mapped"]:
            assert got == [r for r in read_dump(text) if r["valid"]]
        elif args == ["--unmapped"]:
            assert got == [r for r in read_dump(text) if not r["valid"]]
        else:
            assert got and all(int(r["ipa_end"], 16) > 0x10000000 and
                               int(r["ipa_start"], 16) < 0x20000000 for r in got), got[:2]
    # the largest run crossing the seam: map everything around it
    n = seam_line(text)
    lines = text.split("\n")
    for i in range(n - 40, n + 40):
        lines[i - 1] = lines[i - 1].replace("   12K 3", "   12K 3" + RW) \
            if lines[i - 1].endswith("12K 3") else lines[i - 1]
    joined = "\n".join(lines)
    path = write("seamrun", joined)
    want = expected_summary(read_dump(joined))
    for threads in ("1", "2"):
        doc, _ = run_json("-j", "stage2", "summary", path, env={"VMMCTL_THREADS": threads},
                          timeout=60)
        assert doc["largest_mapped_run"]["size"] == want["largest"], (threads, doc)
        assert int(doc["largest_mapped_run"]["ipa_start"], 16) < \
            int(read_dump(lines[n - 1])[0]["ipa_start"], 16), doc


@test
def two_parts_report_the_first_bad_line():
    text = big_dump(90000)
    n = seam_line(text)
    first = read_dump(text.split("\n")[n - 1])[0]
    cases = [
        # the seam's own line is malformed
        (replace_line(text, n, "0xzz"), n, "expected START-END"),
        # a line further into the second part
        (replace_line(text, n + 500, "hello"), n + 500, "not a line of a stage-2 dump"),
        # a header line inside the second part
        (replace_line(text, n + 3, "# vm: x"), n + 3, "a header line after the dump began"),
        # the seam's range goes back below the line before it
        (replace_line(text, n, text.split("\n")[n - 3]), n,
         "the range starts below the end of the line before"),
        # an error in each part: the first part's wins
        (replace_line(replace_line(text, n + 10, "hello"), 7, "junk"), 7,
         "not a line of a stage-2 dump"),
    ]
    assert first["ipa_start"].startswith("0x")
    for i, (bad, line, why) in enumerate(cases):
        path = write(f"bad-seam-{i}", bad)
        for threads in ("1", "2"):
            for cmd in ("summary", "show"):
                code, out, err = run("stage2", cmd, path, env={"VMMCTL_THREADS": threads},
                                     timeout=60)
                assert code == 1 and out == "", (i, threads, cmd, code, out[:200])
                assert f"line {line}: {why}" in err, (i, threads, cmd, line, err)


def run_rss(args, out_path, env=None):
    """vmmctl with stdout to a file, under tests/helpers/maxrss.c: exit
    status, stderr and its largest resident set in KiB."""
    e = dict(os.environ)
    e.pop("VMMCTL_ROOT", None)
    e.update(env or {})
    rss = out_path + ".rss"
    with open(out_path, "wb") as out:
        p = subprocess.run([os.path.join(os.environ["BUILD"], "tests", "maxrss"), rss,
                            test_cli.VMMCTL, *args], stdout=out, stderr=subprocess.PIPE,
                           env=e, timeout=120)
    with open(rss) as f:
        kib = int(f.read())
    os.unlink(rss)
    return p.returncode, p.stderr.decode(), kib


@test
def show_keeps_memory_bounded():
    """1.5 million ranges (24 bytes each held whole would be 36 MB): show
    keeps them in a spool file, under 32 MiB resident, in both output forms
    and with one or two threads; a bad last line still leaves no output."""
    n = 1500000
    path = os.path.join(_tmp, "huge")
    with open(path, "w") as f:
        f.write("---[ Guest IPA ]---\n")
        for i in range(n):
            f.write(f"0x{i << 12:016x}-0x{(i + 1) << 12:016x}           4K 3{RW}\n")
    out = os.path.join(_tmp, "huge.out")
    for threads in ("1", "2"):
        for form in ([], ["-j"]):
            code, err, kib = run_rss([*form, "stage2", "show", path], out,
                                     env={"VMMCTL_THREADS": threads})
            assert code == 0, err
            assert kib < 32 * 1024, (threads, form, kib)
            with open(out, "rb") as f:
                if form:
                    count, tail = 0, b""
                    for chunk in iter(lambda: f.read(1 << 20), b""):
                        count += (tail + chunk).count(b'{"ipa_start"')
                        tail = chunk[-11:]  # a key cut between chunks counts once
                    f.seek(-200, os.SEEK_END)
                    end = f.read()  # the document closes after its ranges
                    assert b'}],"provenance":' in end and end.endswith(b"}\n"), end
                else:
                    count = sum(1 for line in f if line.startswith(b"0x"))
            assert count == n, (threads, form, count)
    with open(path, "a") as f:
        f.write("0xzz\n")
    code, err, kib = run_rss(["-j", "stage2", "show", path], out)
    with open(out) as f:
        doc = json.load(f)  # one document: the error, no range before it
    assert code == 1 and "ranges" not in doc and doc["error"]["exit_code"] == 1, (code, doc)
    assert f"line {n + 2}: expected START-END" in err, err
    assert kib < 32 * 1024, kib
    os.unlink(path)
    os.unlink(out)


# ---- the dumps captured in the rig ------------------------------------------------------------

@test
def captured_rig_dumps():
    if not os.path.isdir(FIXTURE):
        raise Skip("tests/fixtures/stage2 is missing")
    n = 0
    for dirpath, _, files in sorted(os.walk(FIXTURE)):
        if "stage2_page_tables" not in files:
            continue
        path = os.path.join(dirpath, "stage2_page_tables")
        with open(path) as f:
            text = f.read()
        doc, _ = show(path)
        assert doc["ranges"] == read_dump(text), path
        with open(os.path.join(dirpath, "ipa_range")) as f:
            ipa = int(f.read())
        with open(os.path.join(dirpath, "stage2_levels")) as f:
            levels = int(f.read())
        # the extent vmmctl reads from the dump is what the kernel's files say
        assert (doc["ipa_bits"], doc["levels"]) == (ipa, levels), (path, doc["ipa_bits"])
        sm, _ = run_json("-j", "stage2", "summary", path, schema_name="stage2-summary")
        assert int(sm["dump_end"], 16) == 1 << ipa, (path, sm["dump_end"], ipa)
        assert sm["mapped_bytes"] > 0, path
        n += 1
    assert n >= 2, f"only {n} captured dumps"
    # as a host: the THP-backed VM (500, see the fixture's README) through --root
    root = os.path.join(FIXTURE, "arm64")
    doc, _ = run_json("--root", root, "-j", "stage2", "summary", "500",
                      schema_name="stage2-summary")
    assert doc["vm"] == "500-4" and doc["ipa_bits"] == 40 and doc["levels"] == 3, doc
    assert doc["block_bytes"] >= 2 << 20, doc
    doc, _ = show("500", "--range", "0x40000000+4K", root=root)
    assert [(r["level"], r["block"], r["write"]) for r in doc["ranges"]] == [(2, True, True)]
    doc, _ = show("500", "--range", "0x80000000+4K", root=root)
    assert [(r["valid"], r["read"], r["write"]) for r in doc["ranges"]] == [(True, True, False)]


if __name__ == "__main__":
    main()
