# SPDX-License-Identifier: GPL-3.0-or-later
"""CLI tests of hyp status, events and trace against tracefs trees written
here from the kernel's formats (kernel/trace/trace_remote.c: the format file,
"[%03d]\\t%5llu.%06lu: " before each event's print, "CPU:%d [LOST %lu
EVENTS]"; arch/arm64/kvm/hyp_trace.c: the reason names). The VMs come from
tests/fixtures/vm-observe, with the vCPU pids KVM keeps in debugfs. The
summary is checked against a count made here, independently of lib/hyp."""

import atexit
import json
import os
import random
import shutil
import statistics
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import test_cli  # noqa: E402
from test_cli import main, run, run_json, test  # noqa: E402

test_cli._results.clear()
_tmp = tempfile.mkdtemp(prefix="vmm-hyp.")
atexit.register(shutil.rmtree, _tmp, ignore_errors=True)

REMOTE = "sys/kernel/tracing/remotes/hypervisor"
REASONS = ["smc", "hvc", "sys", "psci", "host_abort", "guest_exit", "eret_host", "eret_guest"]
# (name, id, fields after common_type: (type, name, size, signed), print fmt)
EVENTS = [
    ("hyp_enter", 1, [("u8", "reason", 1, 0), ("pid_t", "vcpu", 4, 1)],
     '"reason=%s vcpu=%d", __hyp_enter_exit_reason_str(REC->reason), REC->vcpu'),
    ("hyp_exit", 2, [("u8", "reason", 1, 0), ("pid_t", "vcpu", 4, 1)],
     '"reason=%s vcpu=%d", __hyp_enter_exit_reason_str(REC->reason), REC->vcpu'),
    ("selftest", 3, [("u64", "id", 8, 0)], '"id=%llu", REC->id'),
]
# vm-observe: VM 100-11 has vcpu0 and vcpu1 (threads 101, 102), 205-9 vcpu0 (thread 206)
VCPUS = {101: ("100-11", 0), 102: ("100-11", 1), 206: ("200-9", 0)}


def format_text(name, eid, fields, fmt):
    out = "name: %s\nID: %d\nformat:\n" % (name, eid)
    out += "\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n\n"
    off = 2
    for typ, fname, size, signed in fields:
        out += "\tfield:%s %s;\toffset:%d;\tsize:%d;\tsigned:%d;\n" % (typ, fname, off, size,
                                                                      signed)
        off += size
    return out + "\nprint fmt: %s\n" % fmt


def line(cpu, ns, text):
    us = ns // 1000
    return "[%03d]\t%5d.%06d: %s" % (cpu, us // 1000000, us % 1000000, text)


def write(root, rel, text):
    path = os.path.join(root, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def tree(name, trace_lines, enabled=(1, 1, 0), mounts=True, remote=True, vcpu_pids=True):
    root = os.path.join(_tmp, name)
    if os.path.exists(root):
        return root
    test_cli.fixture_copy("vm-observe", root)
    if mounts:
        with open(os.path.join(root, "proc/mounts"), "a") as f:
            f.write("tracefs /sys/kernel/tracing tracefs rw,nosuid,nodev,noexec,relatime 0 0\n")
    if not vcpu_pids:   # as on arm64: no vcpuN/ directories at all
        kvm = os.path.join(root, "sys/kernel/debug/kvm")
        for d in os.listdir(kvm):
            if not os.path.isdir(os.path.join(kvm, d)):
                continue
            for v in os.listdir(os.path.join(kvm, d)):
                if v.startswith("vcpu"):
                    shutil.rmtree(os.path.join(kvm, d, v))
    for pid, (vm, idx) in VCPUS.items() if vcpu_pids else ():
        tid = "100-11" if vm == "100-11" else "205-9"
        write(root, "sys/kernel/debug/kvm/%s/vcpu%d/pid" % (tid, idx), "%d\n" % pid)
    if not remote:
        os.makedirs(os.path.join(root, "sys/kernel/tracing"), exist_ok=True)
        return root
    r = os.path.join(root, REMOTE)
    write(r, "tracing_on", "1\n")
    write(r, "buffer_size_kb", "7 (loaded)\n")
    write(r, "trace_clock", "[boot]\n")
    write(r, "trace", "".join(l + "\n" for l in trace_lines))
    write(r, "per_cpu/cpu1/trace", "".join(l + "\n" for l in trace_lines
                                           if l.startswith("[001]")))
    write(r, "events/enable", "X\n")
    for (name, eid, fields, fmt), en in zip(EVENTS, enabled):
        write(r, "events/hypervisor/%s/format" % name, format_text(name, eid, fields, fmt))
        write(r, "events/hypervisor/%s/id" % name, "%d\n" % eid)
        write(r, "events/hypervisor/%s/enable" % name, "%d\n" % en)
    return root


def guest_run(cpu, t, vcpu, exits, rng):
    """A vCPU run as nVHE traces it: the host's HVC (vcpu 0), ERET_GUEST into
    the guest, GUEST_EXIT back, ERET_HOST to the host; exits guest entries."""
    out = [line(cpu, t, "hyp_enter reason=hvc vcpu=0")]
    for i in range(exits):
        t += rng.randrange(1000, 9000)
        out.append(line(cpu, t, "hyp_exit reason=eret_guest vcpu=%d" % vcpu))
        t += rng.randrange(10000, 90000)
        out.append(line(cpu, t, "hyp_enter reason=guest_exit vcpu=%d" % vcpu))
    t += rng.randrange(1000, 9000)
    out.append(line(cpu, t, "hyp_exit reason=eret_host vcpu=%d" % vcpu))
    return out, t


def sample_trace(seed=7):
    rng = random.Random(seed)
    lines, t = [], 1000000000
    # starts inside the hypervisor: an exit without its enter is unpaired
    lines.append(line(0, t, "hyp_exit reason=eret_host vcpu=0"))
    for k in range(40):
        cpu = k % 2
        vcpu = [101, 102, 206][k % 3]
        run_lines, t = guest_run(cpu, t + 50000, vcpu, 1 + k % 4, rng)
        lines += run_lines
        if k % 5 == 0:
            t += 2000
            lines.append(line(cpu, t, "hyp_enter reason=host_abort vcpu=0"))
            t += rng.randrange(1000, 3000)
            lines.append(line(cpu, t, "hyp_exit reason=eret_host vcpu=0"))
    lines.append(line(1, t + 1000, "selftest id=42"))
    return lines


def independent_summary(lines):
    """Counts and pairs from the text alone: enter opens on its CPU, the next
    exit of that CPU closes; the pair is the enter's vCPU or the exit's."""
    counts, times, pending, unpaired = {}, {}, {}, 0
    for l in lines:
        head, text = l.split(": ", 1)
        cpu = int(head[1:4])
        sec, usec = head.split("\t")[1].strip().split(".")
        ns = int(sec) * 10**9 + int(usec) * 1000
        words = text.split()
        if words[0] not in ("hyp_enter", "hyp_exit"):
            continue
        args = dict(w.split("=") for w in words[1:])
        vcpu = int(args["vcpu"])
        if words[0] == "hyp_enter":
            vm = VCPUS.get(vcpu, ("host",))[0]
            counts[(vm, args["reason"])] = counts.get((vm, args["reason"]), 0) + 1
            unpaired += cpu in pending
            pending[cpu] = (ns, args["reason"], vcpu)
        elif cpu in pending:
            t0, reason, v0 = pending.pop(cpu)
            vm = VCPUS.get(v0 or vcpu, ("host",))[0]
            times.setdefault((vm, reason), []).append(ns - t0)
        else:
            unpaired += 1
    return counts, times, unpaired


def hyp(root, *args, **kw):
    return run("--root", root, *args, **kw)


def hyp_json(root, *args, **kw):
    return run_json("--root", root, "-j", *args, **kw)


@test
def events_equal_the_format_files():
    root = tree("events", [])
    doc, _ = hyp_json(root, "hyp", "events", schema_name="hyp-events")
    assert [(e["name"], e["id"], e["enabled"]) for e in doc] == \
        [("hyp_enter", 1, True), ("hyp_exit", 2, True), ("selftest", 3, False)], doc
    for e, (name, eid, fields, fmt) in zip(doc, EVENTS):
        got = [(f["type"], f["name"], f["size"], int(f["signed"])) for f in e["fields"]]
        assert got == [("unsigned short", "common_type", 2, 0)] + \
            [(t, n, s, sg) for t, n, s, sg in fields], got
        assert e["fields"][1]["offset"] == 2 and e["print_fmt"] == fmt, e
    rc, out, _ = hyp(root, "hyp", "events")
    assert rc == 0 and "hyp_enter" in out and "u8 reason, pid_t vcpu" in out, out


@test
def status_reads_the_remote():
    doc, _ = hyp_json(tree("status", []), "hyp", "status", schema_name="hyp-status")
    assert doc["tracing_on"] is True and doc["buffer_size_kb"] == 7, doc
    assert doc["buffer_loaded"] is True and doc["trace_clock"] == "[boot]", doc
    assert doc["events"] == {"hyp_enter": True, "hyp_exit": True, "selftest": False}, doc
    assert doc["path"] == "/" + REMOTE, doc


@test
def show_decodes_every_line_and_maps_vcpus():
    lines = sample_trace()
    doc, _ = hyp_json(tree("show", lines), "hyp", "trace", "show", schema_name="hyp-trace-show")
    assert len(doc) == len(lines), (len(doc), len(lines))
    for l, e in zip(lines, doc):
        head, text = l.split(": ", 1)
        words = text.split()
        assert e["cpu"] == int(head[1:4]) and e["time"] == head.split("\t")[1].strip(), (l, e)
        assert e["event"] == words[0], (l, e)
        args = dict(w.split("=") for w in words[1:])
        if "vcpu" in args:
            assert e["reason"] == args["reason"] and e["vcpu"] == int(args["vcpu"]), (l, e)
            vm = VCPUS.get(int(args["vcpu"]))
            assert e.get("vm") == (vm[0] if vm else None), (l, e)
            assert e.get("vcpu_index") == (vm[1] if vm else None), (l, e)
        else:
            assert e["id"] == 42, e


@test
def without_debugfs_vcpu_pids_threads_of_a_one_vm_process_map():
    """arm64 KVM makes no vcpuN/ directories: a thread of the process that
    holds the VM is that VM's, with no vCPU index; process 200 holds two
    VMs, so its threads stay unknown."""
    lines = [line(0, 1000, "hyp_enter reason=guest_exit vcpu=101"),
             line(0, 2000, "hyp_exit reason=eret_guest vcpu=101"),
             line(1, 3000, "hyp_enter reason=guest_exit vcpu=205"),
             line(1, 4000, "hyp_exit reason=eret_guest vcpu=205")]
    doc, _ = hyp_json(tree("threads", lines, vcpu_pids=False), "hyp", "trace", "show")
    assert doc[0]["vm"] == "100-11" and "vcpu_index" not in doc[0], doc
    assert "vm" not in doc[2], doc
    doc, _ = hyp_json(tree("threads", lines, vcpu_pids=False), "hyp", "trace", "summary")
    assert {g["vm"] for g in doc["vms"]} == {"100-11", "host"}, doc


@test
def show_filters_by_vm_cpu_and_count():
    root = tree("filter", sample_trace())
    doc, _ = hyp_json(root, "hyp", "trace", "show", "--vm", "200-9")
    assert doc and all(e.get("vm") == "200-9" and e["vcpu"] == 206 for e in doc), doc
    doc, _ = hyp_json(root, "hyp", "trace", "show", "--cpu", "1", "-c", "5")
    assert len(doc) == 5 and all(e["cpu"] == 1 for e in doc), doc
    rc, out, _ = hyp(root, "hyp", "trace", "show", "-c", "2")
    assert rc == 0 and out.splitlines() == [
        "[000] 1.000000 hyp_exit reason=eret_host vcpu=0",
        "[000] 1.000050 hyp_enter reason=hvc vcpu=0"], out


@test
def summary_equals_an_independent_count():
    lines = sample_trace()
    doc, _ = hyp_json(tree("summary", lines), "hyp", "trace", "summary",
                      schema_name="hyp-trace-summary")
    counts, times, unpaired = independent_summary(lines)
    got_counts, got_times = {}, {}
    for g in doc["vms"]:
        for r in g["reasons"]:
            if r["count"]:
                got_counts[(g["vm"], r["reason"])] = r["count"]
            if r["pairs"]:
                got_times[(g["vm"], r["reason"])] = r
    assert got_counts == counts, (got_counts, counts)
    assert set(got_times) == set(times), (set(got_times), set(times))
    for key, s in times.items():
        s.sort()
        r = got_times[key]["hyp_ns"]
        assert (r["min"], r["max"], r["total"]) == (s[0], s[-1], sum(s)), (key, r, s)
        assert got_times[key]["pairs"] == len(s), key
        # nearest rank, as documented
        assert r["median"] == s[(len(s) + 1) // 2 - 1] or len(s) % 2 == 0 and \
            r["median"] == s[len(s) // 2 - 1], (key, r["median"], s)
    assert doc["unpaired"] == unpaired == 1, doc
    assert doc["host_aborts"] == counts[("host", "host_abort")] == 8, doc
    assert doc["events"] == sum(1 for l in lines if "hyp_e" in l), doc
    doc2, _ = hyp_json(tree("summary", lines), "hyp", "trace", "summary", "--vm", "100-11")
    assert [g["vm"] for g in doc2["vms"]] == ["100-11"], doc2
    rc, out, _ = hyp(tree("summary", lines), "hyp", "trace", "summary")
    assert rc == 0 and "guest_exit" in out and "MEDIAN_us" in out, out


@test
def lost_events_drop_open_pairs():
    """Only the pair open on the CPU that lost events is dropped."""
    lines = [line(0, 1000, "hyp_enter reason=hvc vcpu=0"),
             line(1, 1500, "hyp_enter reason=smc vcpu=0"), "CPU:0 [LOST 12 EVENTS]",
             line(0, 5000, "hyp_exit reason=eret_host vcpu=0"),
             line(1, 6500, "hyp_exit reason=eret_host vcpu=0")]
    doc, _ = hyp_json(tree("lost", lines), "hyp", "trace", "summary")
    assert doc["lost"] == 12 and doc["unpaired"] == 1, doc
    pairs = {r["reason"]: (r["pairs"], r["hyp_ns"]["max"]) for g in doc["vms"]
             for r in g["reasons"]}
    assert pairs == {"hvc": (0, 0), "smc": (1, 5000)}, pairs
    show, _ = hyp_json(tree("lost", lines), "hyp", "trace", "show")
    assert show[2] == {"cpu": 0, "event": "lost", "lost": 12}, show


@test
def clock_jumps_are_counted_not_timed():
    """The nVHE clock of Linux 7.3 under QEMU leaps by 2^59 ns: the pair
    across the leap and the step to it stay out of the times and the window."""
    leap = 1 << 59
    lines = [line(0, 1000000, "hyp_enter reason=hvc vcpu=0"),
             line(0, 1003000, "hyp_exit reason=eret_host vcpu=0"),
             line(0, 1010000, "hyp_enter reason=hvc vcpu=0"),
             line(0, leap + 1012000, "hyp_exit reason=eret_host vcpu=0"),
             line(0, leap + 1020000, "hyp_enter reason=hvc vcpu=0"),
             line(0, leap + 1024000, "hyp_exit reason=eret_host vcpu=0")]
    doc, _ = hyp_json(tree("leap", lines), "hyp", "trace", "summary",
                      schema_name="hyp-trace-summary")
    assert doc["clock_jumps"] == 2, doc     # the pair and the step
    hvc = doc["vms"][0]["reasons"][0]
    assert (hvc["count"], hvc["pairs"]) == (3, 2), hvc
    assert (hvc["hyp_ns"]["min"], hvc["hyp_ns"]["max"]) == (3000, 4000), hvc
    # the steps: 3 and 7 us before the leap, 8 and 4 us after it
    assert abs(doc["window_s"] - 0.000022) < 1e-12, doc


@test
def malformed_lines_are_named_with_their_number():
    good = line(0, 1000, "hyp_enter reason=hvc vcpu=0")
    for bad, why in [
        ("[000] 0.000001: hyp_enter reason=hvc vcpu=0", "[CPU]"),
        ("[000]\t    0.00001: hyp_enter reason=hvc vcpu=0", "six digits"),
        (line(0, 2000, "hyp_enter reason=hvc"), "missing"),
        (line(0, 2000, "hyp_enter reason=hvc vcpu=0 extra=1"), "no field"),
        (line(0, 2000, "hyp_enter reason=hvc vcpu=zero"), "not a number"),
        (line(0, 2000, "hyp_enter reason=hvc  vcpu=0"), "KEY=VALUE"),
        (line(0, 2000, "nosuch id=1"), "no event of that name"),
        ("CPU:0 [LOST many EVENTS]", "LOST"),
        # one second past what u64 nanoseconds hold, and the fuzzer's find
        ("[000]\t18446744074.000000: hyp_enter reason=hvc vcpu=0", "64-bit nanoseconds"),
        ("[000]\t18446744073.709552: hyp_enter reason=hvc vcpu=0", "64-bit nanoseconds"),
        ("[0]\t    99999999990.000000: UNKNOWN id=9", "64-bit nanoseconds"),
    ]:
        root = tree("bad%d" % abs(hash(bad)), [good, bad])
        rc, out, err = hyp(root, "hyp", "trace", "show")
        assert rc == 1 and "trace line 2: " in err and why in err, (bad, rc, err)
        assert out == "", out


@test
def the_last_timestamp_u64_holds_parses():
    """18446744073.709551 s is 18446744073709551000 ns, under 2^64."""
    root = tree("u64max", [line(0, 1000, "hyp_enter reason=hvc vcpu=0"),
                           "[000]\t18446744073.709551: hyp_enter reason=hvc vcpu=0"])
    doc, _ = hyp_json(root, "hyp", "trace", "show", schema_name="hyp-trace-show")
    assert doc[-1]["ts_ns"] == 18446744073709551000, doc[-1]


@test
def malformed_format_files_are_named():
    for i, (text, why) in enumerate([
        ("name: hyp_enter\nID: x\n", "line 2: expected \"ID: N\""),
        ("name: hyp_enter\nID: 1\nformat:\nfield:u8 reason;\toffset:2;\tsize:1;\tsigned:0;\n",
         "line 4: expected \"\\tfield:"),
        ("name: hyp_enter\nID: 1\nformat:\n", "line 4: ends before \"print fmt:\""),
    ]):
        root = tree("badfmt%d" % i, [])
        write(os.path.join(root, REMOTE), "events/hypervisor/hyp_enter/format", text)
        rc, out, err = hyp(root, "hyp", "events")
        assert rc == 1 and "hyp_enter/format " + why in err, (text, rc, err)


@test
def unknown_and_too_big_records():
    lines = [line(1, 3000, "UNKNOWN id=9"), "[EVENT 4 PRINT TOO BIG]"]
    doc, _ = hyp_json(tree("odd", lines), "hyp", "trace", "show")
    assert doc[0]["event"] == "unknown" and doc[0]["id"] == 9, doc
    assert doc[1] == {"event": "too_big", "id": 4}, doc


@test
def trace_on_off_clear_buffer_write_the_files():
    root = tree("set", [])
    r = os.path.join(root, REMOTE)
    # sysfs-like: written in place, not truncated; empty files show the value alone
    for f in ("tracing_on", "events/enable", "trace", "buffer_size_kb",
              "events/hypervisor/selftest/enable"):
        write(r, f, "")
    doc, _ = hyp_json(root, "-n", "hyp", "trace", "on", "selftest", schema_name="dry-run")
    ops = [(o["write"], o["value"]) for o in doc["operations"]]
    assert ops == [("/" + REMOTE + "/events/hypervisor/selftest/enable", "1"),
                   ("/" + REMOTE + "/tracing_on", "1")], ops
    assert open(os.path.join(r, "tracing_on")).read() == ""
    # a regular file takes what is written: the values are the kernel's input
    run("--root", root, "hyp", "trace", "on", "selftest")
    assert open(os.path.join(r, "events/hypervisor/selftest/enable")).read() == "1"
    assert open(os.path.join(r, "tracing_on")).read() == "1"
    doc, _ = hyp_json(root, "hyp", "trace", "on", schema_name="hyp-status")
    assert doc["tracing_on"] is True, doc
    assert open(os.path.join(r, "events/enable")).read() == "1"
    run("--root", root, "hyp", "trace", "off")
    assert open(os.path.join(r, "tracing_on")).read() == "0"
    run("--root", root, "hyp", "trace", "clear")
    assert open(os.path.join(r, "trace")).read() == "0"
    run("--root", root, "hyp", "trace", "buffer", "64K")
    assert open(os.path.join(r, "buffer_size_kb")).read() == "64"


@test
def bad_words_are_usage_errors_and_write_nothing():
    root = tree("usage", [])
    r = os.path.join(root, REMOTE)
    write(r, "tracing_on", "untouched\n")
    for args, msg in [
        (("on", "hyp_enter", "bogus"), "unknown event 'bogus': expected one of hyp_enter, "
                                       "hyp_exit, selftest"),
        (("buffer", "12"), "'12': expected a buffer size per CPU of at least 1K"),
        (("buffer",), "takes one SIZE"),
        (("clear", "now"), "takes no words, given 'now'"),
        (("show", "--duration", "1"), "--duration applies to 'hyp trace summary' only"),
        (("summary", "--follow"), "--follow applies to 'hyp trace show' only"),
        (("sideways",), "sideways"),
    ]:
        rc, _, err = hyp(root, "hyp", "trace", *args)
        assert rc == 2 and msg in err, (args, rc, err)
    assert open(os.path.join(r, "tracing_on")).read() == "untouched\n"


@test
def duration_leaves_out_what_came_before():
    """--duration summarises events stamped after the command started (the
    boot clock): the fixture's events, a second after boot, are all older."""
    doc, _ = hyp_json(tree("dur", sample_trace()), "hyp", "trace", "summary", "--duration", "0",
                      schema_name="hyp-trace-summary")
    assert doc["events"] == 0 and doc["vms"] == [] and doc["window_s"] == 0, doc


@test
def completion_offers_event_names():
    root = tree("complete", [])
    code, out, _ = hyp(root, "__complete", "hyp", "trace", "on", "hyp_")
    assert code == 0 and out.split() == ["hyp_enter", "hyp_exit"], out
    code, out, _ = hyp(root, "__complete", "hyp", "trace", "")
    assert out.split() == ["on", "off", "clear", "buffer", "show", "summary"], out
    code, out, _ = hyp(root, "__complete", "hyp", "trace", "show", "--vm", "")
    assert "100-11" in out.split(), out


@test
def no_remote_says_why():
    rc, _, err = hyp(tree("nomount", [], mounts=False), "hyp", "status")
    assert rc == 4 and "tracefs is not mounted" in err, err
    rc, _, err = hyp(tree("noremote", [], remote=False), "hyp", "events")
    assert rc == 4 and "no /sys/kernel/tracing/remotes/hypervisor" in err, err
    assert "nVHE or protected mode" in err, err


@test
def parser_survives_random_lines():
    rng = random.Random(3)
    alphabet = "[]0123456789.: \tabcdehyp_nterxisvu=LOSTCPU"
    lines = []
    for _ in range(300):
        base = list(rng.choice(sample_trace()))
        for _ in range(rng.randrange(1, 4)):
            base[rng.randrange(len(base))] = rng.choice(alphabet)
        lines.append("".join(base))
    for i in range(0, 300, 30):
        rc, _, err = hyp(tree("fuzz%d" % i, lines[i:i + 30]), "hyp", "trace", "show")
        assert rc in (0, 1) and (rc == 0 or "trace line " in err), (rc, err)


if __name__ == "__main__":
    main()
