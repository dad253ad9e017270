# SPDX-License-Identifier: GPL-3.0-or-later
"""CLI tests of `vmmctl top` on synthetic hosts (--root: a /proc and KVM's
debugfs written by tests/bench/mkproc.py): -j and --log line by line, the
rates against the counters and the interval the same line reports, VMs that
appear and exit, the bad options; and the live view in a real terminal:
tmux runs it and every key is checked on what capture-pane shows. The
counters change only between refreshes here, whenever the test gets to
write them: what is checked holds whatever the timing."""

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
from test_cli import TOP, VMMCTL, Skip, main, run, run_json, test, validate  # noqa: E402

import test_hyp  # noqa: E402  its tracefs trees; its tests are not run here
test_cli._results.clear()  # only the tests below
_tmp = tempfile.mkdtemp(prefix="vmm-top.")
atexit.register(shutil.rmtree, _tmp, ignore_errors=True)
MKPROC = os.path.join(TOP, "tests", "bench", "mkproc.py")


def host(name, vms=3, procs=12, s2=200):
    root = os.path.join(_tmp, name)
    subprocess.run([sys.executable, MKPROC, "--procs", str(procs), "--vms", str(vms),
                    "--s2-lines", str(s2), root], check=True, capture_output=True)
    return root


def vm_dirs(root):
    kvm = os.path.join(root, "sys/kernel/debug/kvm")
    return sorted(d for d in os.listdir(kvm) if "-" in d)


def bump(root, dbg, stat, by):
    path = os.path.join(root, "sys/kernel/debug/kvm", dbg, stat)
    with open(path) as f:
        v = int(f.read())
    with open(path + ".new", "w") as f:
        f.write(f"{v + by}\n")
    os.chmod(path + ".new", 0o644)
    os.replace(path + ".new", path)  # never half a number for top to read
    return v + by


def stream(root, *args, each=None, until=None):
    """Runs top -j, calling each(index, doc) as each line arrives; the docs.
    With until(docs) true, top is stopped there (a bound on lines, not time)."""
    p = subprocess.Popen([VMMCTL, "--root", root, "-j", "top", *args], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
    docs = []
    for line in p.stdout:
        doc = json.loads(line)
        validate(doc, "top")
        docs.append(doc)
        if each:
            each(len(docs), doc)
        if until and until(docs):
            p.terminate()
            p.wait(timeout=60)
            return docs
    err = p.stderr.read()
    assert p.wait(timeout=60) == 0, err
    return docs


@test
def json_lines_hold_rates_of_their_counters():
    root = host("json")
    dirs = vm_dirs(root)
    added = {1: 500, 2: 2000}

    def each(i, doc):
        if i in added:
            bump(root, dirs[0], "exits", added[i])
            bump(root, dirs[1], "mmio_exits", 7 * i)
    docs = stream(root, "--count", "3", "--interval", "1", each=each)
    assert [d["index"] for d in docs] == [1, 2, 3], docs
    prev = None
    for d in docs:
        assert d["interval_s"] == 1 and d["sort"] == "exits"
        assert len(d["vms"]) == 3, d["vms"]
        byid = {v["id"]: v for v in d["vms"]}
        for v in d["vms"]:
            assert v["comm"] == "qemu-system-x86" and v["vcpus"] == 4, v
            assert v["memory_bytes"] == 6 << 30, v   # the memfd, the hugetlb file, the anon run
            assert v["debugfs"].startswith("/sys/kernel/debug/kvm/")
            if prev:
                p = prev[v["id"]]
                for k, rate in v["rates"].items():
                    # the rate is the counts' difference over the interval this line gives
                    want = (v["counts"][k] - p["counts"][k]) * 1e9 / d["elapsed_ns"]
                    assert abs(rate - want) <= 0.006, (k, rate, want)
        prev = byid
    # the rows are sorted by exits, most first
    for d in docs:
        rates = [v["rates"]["exits"] for v in d["vms"]]
        assert rates == sorted(rates, reverse=True), rates
    # every count top saw is one the files held, and the last no more than they hold now
    first = {v["id"]: v["counts"]["exits"] for v in docs[0]["vms"]}
    last = {v["id"]: v["counts"]["exits"] for v in docs[-1]["vms"]}
    vm0 = next(i for i in first if dirs[0].startswith(i.split("-")[0]))
    assert last[vm0] - first[vm0] in (0, 500, 2500), (first[vm0], last[vm0])
    # stage 2 is read two VMs a refresh: by the second line every VM has it, summary's bytes
    assert all("stage2_mapped_bytes" in v for v in docs[1]["vms"]), docs[1]["vms"]
    for v in docs[1]["vms"]:
        summ, _ = run_json("--root", root, "-j", "stage2", "summary", v["id"])
        assert v["stage2_mapped_bytes"] == summ["mapped_bytes"] > 0, (v, summ["mapped_bytes"])
    assert all(d["stage2_reads"] <= 2 for d in docs)


@test
def log_tables_sort_filter_and_lose_a_vm():
    root = host("batch", vms=4, procs=16)
    dirs = vm_dirs(root)
    code, out, err = run("--root", root, "top", "--log", "--count", "3", "--interval", "1",
                         "--sort", "comm", "--no-stage2")
    assert code == 0, err
    tables = out.split("\n\n")
    assert len(tables) == 3, out          # three tables, a blank line between
    for t in tables:
        lines = t.strip("\n").splitlines()
        assert lines[0].endswith(", 4 VMs, interval 1 s, sorted by comm"), lines[0]
        assert lines[1].split() == ["ID", "PID", "COMM", "VCPUS", "MEM", "EXITS/s", "HALT/s",
                                    "MMIO/s", "HVC/s", "WFX/s", "SIG/s", "S2_MAPPED",
                                    "HYP%"], lines[1]
        rows = [line.split() for line in lines[2:]]
        # --no-stage2, and no hypervisor trace here: no S2_MAPPED, no HYP%
        assert len(rows) == 4 and all(r[-2:] == ["-", "-"] for r in rows), rows
        assert [r[0] for r in rows] == sorted(r[0] for r in rows), rows   # comm ties: by id
        assert all(r[2] == "qemu-system-x86" and r[3] == "4" and r[4] == "6.0G" and
                   r[5] == "0.0" for r in rows), rows   # nothing moves: 0 exits a second
    # --vm by id and by PID
    pid = dirs[1].split("-")[0]
    code, out, err = run("--root", root, "top", "--log", "--count", "1", "--interval", "1",
                         "--vm", f"{dirs[0]},{pid}")
    assert code == 0, err
    ids = [line.split()[0] for line in out.splitlines()[2:]]
    assert sorted(ids) == sorted([dirs[0], dirs[1]]), (ids, dirs)
    # a VM whose process exits between two refreshes is dropped, without an error
    gone = dirs[2]

    def each(i, doc):
        if i == 1:
            shutil.rmtree(os.path.join(root, "proc", gone.split("-")[0]))
            shutil.rmtree(os.path.join(root, "sys/kernel/debug/kvm", gone))
    docs = stream(root, "--count", "120", "--interval", "1", each=each,
                  until=lambda docs: gone not in {v["id"] for v in docs[-1]["vms"]})
    assert gone in {v["id"] for v in docs[0]["vms"]}, docs[0]["vms"]
    # whenever the removal lands, the next line has the three others and no error
    assert gone not in {v["id"] for v in docs[-1]["vms"]} and len(docs[-1]["vms"]) == 3
    assert all(len(d["vms"]) == 4 for d in docs[:-1]), docs


@test
def what_top_refuses():
    root = host("bad", vms=1, procs=2)
    for args, code, msg in (
            (["--interval", "0"], 2, "--interval 0: expected 1 to 3600"),
            (["--count", "0"], 2, "--count 0: expected 1 to 1000000"),
            (["--sort", "speed"], 2, "speed"),
            # a live view over intervals of its own: nothing a scraper can take
            (["--openmetrics"], 2, "'top' has no metrics output"),
    ):
        c, out, err = run("--root", root, "top", "--log", *args)
        assert c == code and out == "" and msg in err, (args, c, err)
    # no KVM at all: no /dev/kvm, no kvm/ in debugfs
    empty = os.path.join(_tmp, "nokvm")
    os.makedirs(os.path.join(empty, "proc"))
    with open(os.path.join(empty, "proc", "mounts"), "w") as f:
        f.write("proc /proc proc rw 0 0\n")
    c, out, err = run("--root", empty, "top", "--log", "--count", "1", "--interval", "1")
    assert c == 4 and "no KVM on this host" in err, (c, err)
    doc, _ = run_json("--root", empty, "-j", "top", "--interval", "1", rc=4,
                      schema_name="error")
    assert doc["error"]["exit_code"] == 4
    # a host with VMs but no debugfs: rows without rates, and why, on the status line
    shutil.rmtree(os.path.join(root, "sys"))
    docs = stream(root, "--count", "1", "--interval", "1")
    assert len(docs[0]["vms"]) == 1 and docs[0]["vms"][0]["rates"] == {}, docs
    assert "no kvm/ in debugfs" in docs[0]["status"], docs[0]
    # a snapshot has one set of values: no rates to show
    snap = os.path.join(TOP, "tests", "fixtures", "snapshot", "arm64-rig.tar.gz")
    c, out, err = run("--root", snap, "top", "--log")
    assert c == 4 and "'top' needs the live kernel" in err, (c, err)


@test
def hypervisor_time_of_new_events_only():
    """The hypervisor's trace (a tracefs tree as in test_hyp, each CPU's
    buffer in per_cpu/): the events already in the buffers are the past; a
    batch appended later is counted once, in the refresh that first sees it,
    for the VM of each vCPU. Its times lie below the old ones, as when the
    hypervisor's clock jumps back (lib/hyp.h): what is new is what follows."""
    past = test_hyp.sample_trace()
    root = test_hyp.tree("top-hyp", past)
    percpu = os.path.join(root, test_hyp.REMOTE, "per_cpu")
    for cpu in (0, 1):
        os.makedirs(os.path.join(percpu, "cpu%d" % cpu), exist_ok=True)
        with open(os.path.join(percpu, "cpu%d" % cpu, "trace"), "w") as f:
            f.write("".join(x + "\n" for x in past if x.startswith("[%03d]" % cpu)))
    t0 = 500000000
    # thread 101 and 102 run VM 100-11's vCPUs, 206 VM 200-9's (test_hyp.VCPUS)
    batch = [(0, 101, 4000), (1, 102, 7000), (0, 206, 2000), (1, 101, 1000)]
    lines, want = [], {"100-11": 0, "200-9": 0}
    for i, (cpu, vcpu, d) in enumerate(batch):
        t = t0 + i * 100000
        lines.append(test_hyp.line(cpu, t, "hyp_enter reason=guest_exit vcpu=%d" % vcpu))
        lines.append(test_hyp.line(cpu, t + d, "hyp_exit reason=eret_guest vcpu=%d" % vcpu))
        want[test_hyp.VCPUS[vcpu][0]] += d

    def each(i, doc):
        if i != 1:
            return
        for cpu in (0, 1):
            trace = os.path.join(percpu, "cpu%d" % cpu, "trace")
            with open(trace) as f:
                old = f.read()
            with open(trace + ".new", "w") as f:
                f.write(old + "".join(x + "\n" for x in lines if x.startswith("[%03d]" % cpu)))
            os.replace(trace + ".new", trace)
    def counted(docs):
        """Both VMs' batch seen, and one line after: whenever the batch landed."""
        got = {vm: 0 for vm in want}
        for d in docs[:-1]:
            for v in d["vms"]:
                if v["id"] in got:
                    got[v["id"]] += v.get("hyp_ns", 0)
        return got == want
    docs = stream(root, "--count", "120", "--interval", "1", "--sort", "hyp", each=each,
                  until=counted)
    assert counted(docs), docs
    seen = {vm: [] for vm in want}
    for d in docs:
        assert "status" not in d or "trace is off" not in d["status"], d
        for v in d["vms"]:
            assert "hyp_ns" in v, v
            if v["id"] in seen:
                seen[v["id"]].append(v["hyp_ns"])
            else:   # a VM whose vCPUs the batch has none of
                assert v["hyp_ns"] == 0, v
    for vm, ns in seen.items():
        assert ns[0] == 0, (vm, ns)   # nothing new before the batch
        # counted once: in one refresh (or two, had one come between the two CPUs' files)
        assert sum(ns) == want[vm] and len([x for x in ns if x]) in (1, 2), (vm, ns, want)
    # HYP% in the table, and the status line once tracing is off
    with open(os.path.join(root, test_hyp.REMOTE, "tracing_on"), "w") as f:
        f.write("0\n")
    code, out, err = run("--root", root, "top", "--log", "--count", "1", "--interval", "1")
    assert code == 0 and out.splitlines()[2].split()[-1] == "HYP%", out + err
    assert "the hypervisor's trace is off" in out, out
    assert all(line.split()[-1] == "-" for line in out.splitlines()[3:]), out


# ---- the live view, in tmux ------------------------------------------------------------

class Tmux:
    def __init__(self, name, cmd, x=150, y=30):
        if not shutil.which("tmux"):
            raise Skip("tmux is not installed")
        self.sock = os.path.join(_tmp, name + ".sock")
        self.env = dict(os.environ, TMUX_TMPDIR=_tmp, TERM="xterm-256color")
        self.env.pop("TMUX", None)
        self.tmux("new-session", "-d", "-x", str(x), "-y", str(y), "-s", name, cmd)
        self.tmux("set-option", "-t", name, "remain-on-exit", "on")
        self.name = name

    def tmux(self, *args):
        return subprocess.run(["tmux", "-S", self.sock, *args], env=self.env, check=True,
                              capture_output=True, text=True).stdout

    def screen(self):
        return self.tmux("capture-pane", "-p", "-t", self.name)

    def keys(self, *keys):
        self.tmux("send-keys", "-t", self.name, *keys)

    def wait(self, what, timeout=30):
        """The screen once what(screen) holds; the test fails after timeout seconds."""
        end = time.monotonic() + timeout
        while True:
            s = self.screen()
            if what(s):
                return s
            if time.monotonic() > end:
                raise AssertionError("the screen never showed it:\n" + s)
            time.sleep(0.1)

    def dead(self):
        return self.tmux("list-panes", "-t", self.name, "-F", "#{pane_dead}").strip() == "1"

    def close(self):
        subprocess.run(["tmux", "-S", self.sock, "kill-server"], env=self.env,
                       capture_output=True)


def rows_of(screen):
    return [line.split() for line in screen.splitlines() if line[:1].isdigit()]


@test
def every_key_in_a_real_terminal():
    root = host("tmux", vms=3, procs=9)
    dirs = vm_dirs(root)
    bump(root, dirs[2], "exits", 10)
    t = Tmux("top", f"{VMMCTL} --root {root} top --interval 1")
    try:
        s = t.wait(lambda s: "vmmctl top: 3 VMs" in s and len(rows_of(s)) == 3)
        assert "EXITS/s*" in s, s          # the default sort is marked
        # rates appear once two samples are in, for the one VM whose counter moved
        bump(root, dirs[2], "exits", 1000)
        s = t.wait(lambda s: any(r[5] not in ("-", "0.0") for r in rows_of(s)))
        assert rows_of(s)[0][0] == dirs[2], s   # most exits first
        t.keys(">")
        s = t.wait(lambda s: "HALT/s*" in s and "sort halt" in s)
        t.keys("<", "<")
        s = t.wait(lambda s: "MEM*" in s)
        t.keys("s")
        s = t.wait(lambda s: "EXITS/s*" in s)
        t.keys("r")
        s = t.wait(lambda s: "EXITS/s^" in s and "(reversed)" in s)
        assert rows_of(s)[-1][0] == dirs[2], s  # reversed: fewest first
        t.keys("r")
        # the filter, by id
        t.keys("f", *dirs[0], "Enter")
        s = t.wait(lambda s: f"filter {dirs[0]}" in s and len(rows_of(s)) == 1)
        assert rows_of(s)[0][0] == dirs[0], s
        t.keys("f", "BSpace", "BSpace", "BSpace", "BSpace", "BSpace", "BSpace", "BSpace",
               "BSpace", "Enter")
        s = t.wait(lambda s: "filter" not in s.splitlines()[0] and len(rows_of(s)) == 3)
        # the selection stays on its VM as rows move; Home selects the first, Enter details
        t.keys("Home", "Down", "Up", "Enter")
        s = t.wait(lambda s: "STAT" in s and "RATE/s" in s)
        assert f"VM {dirs[2]}" in s and "exits" in s and "pages_4k" in s, s
        t.keys("Escape")
        s = t.wait(lambda s: "S2_MAPPED" in s)
        # pause, help
        t.keys("p")
        s = t.wait(lambda s: "[paused]" in s)
        t.keys("p", "?")
        s = t.wait(lambda s: "vmmctl top: keys" in s)
        t.keys("x")
        s = t.wait(lambda s: "S2_MAPPED" in s and "[paused]" not in s)
        # a VM that exits goes from the table at the next refresh
        shutil.rmtree(os.path.join(root, "proc", dirs[1].split("-")[0]))
        shutil.rmtree(os.path.join(root, "sys/kernel/debug/kvm", dirs[1]))
        s = t.wait(lambda s: "vmmctl top: 2 VMs" in s and len(rows_of(s)) == 2)
        assert dirs[1] not in s, s
        # a smaller terminal is redrawn to its width
        t.tmux("resize-window", "-t", "top", "-x", "90", "-y", "12")
        s = t.wait(lambda s: all(len(line) <= 90 for line in s.splitlines()) and
                   "vmmctl top" in s)
        t.keys("q")
        t.wait(lambda s: t.dead() or True)
        end = time.monotonic() + 20
        while not t.dead():
            assert time.monotonic() < end, "q did not end top"
            time.sleep(0.1)
    finally:
        t.close()


@test
def count_ends_the_live_view():
    root = host("count", vms=1, procs=2)
    t = Tmux("count", f"{VMMCTL} --root {root} top --interval 1 --count 2")
    try:
        end = time.monotonic() + 30
        while not t.dead():
            assert time.monotonic() < end, "--count 2 did not end top"
            time.sleep(0.1)
    finally:
        t.close()


if __name__ == "__main__":
    sys.exit(main())
