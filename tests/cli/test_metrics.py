#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""--openmetrics: every output read back by an independent parser written
here (format rules asserted) and compared with vmmctl's JSON for the same
fixture tree; promtool checks every output; node_exporter's textfile
collector serves what `-o FILE` wrote, and its scrape carries the same
values; label values with quotes, backslashes and newlines stay intact."""
import atexit
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import test_cli  # noqa: E402
from test_cli import FIXTURES, Skip, main, run, run_json, test  # noqa: E402

test_cli._results.clear()  # only the tests below
_tmp = tempfile.mkdtemp(prefix="vmm-metrics.")
atexit.register(shutil.rmtree, _tmp, ignore_errors=True)
_outputs = {}   # what each test produced, for promtool

NAME = re.compile(r"^vmmctl_[a-z0-9_]+$")
SAMPLE = re.compile(r"^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{.*\})? (\S+)$")


def observe_tree(name, comm=None, comm_file=True):
    """tests/fixtures/vm-observe, with the modes git cannot keep (its README);
    with comm, process 100 is named so: /proc/100/comm holds the bytes and a
    newline, status the name escaped as fs/proc/array.c escapes it (a
    backslash doubled, a newline as \\n); without comm_file, only status
    has it (a tree captured before snapshots took comm)."""
    dst = test_cli.fixture_copy("vm-observe", os.path.join(_tmp, name))
    if comm is not None:
        st = os.path.join(dst, "proc/100/status")
        with open(st) as f:
            text = f.read()
        esc = comm.replace("\\", "\\\\").replace("\n", "\\n")
        with open(st, "w", encoding="utf-8") as f:
            f.write(re.sub(r"(?m)^Name:\t.*$", lambda m: "Name:\t" + esc, text))
        cf = os.path.join(dst, "proc/100/comm")
        if comm_file:
            with open(cf, "wb") as f:
                f.write(comm.encode() + b"\n")
        elif os.path.exists(cf):
            os.remove(cf)
    return dst


def labels(text):
    """{k="v",...} with the exposition's escapes (\\\\, \\", \\n) undone."""
    out, i = {}, 1
    while i < len(text) - 1:
        eq = text.index("=", i)
        key = text[i:eq]
        assert re.match(r"^[a-z_]+$", key), key
        assert text[eq + 1] == '"', text
        j, val = eq + 2, []
        while text[j] != '"':
            if text[j] == "\\":
                val.append({"\\": "\\", '"': '"', "n": "\n"}[text[j + 1]])
                j += 2
            else:
                val.append(text[j])
                j += 1
        out[key] = "".join(val)
        i = j + 1
        if text[i] == ",":
            i += 1
    return out


def parse(text, strict=True):
    """Samples as {(name, frozenset(labels.items())): value}. strict: vmmctl's
    own output (HELP and TYPE once, before the family's samples, which follow
    each other; vmmctl_ names; counters in _total; integers; '# EOF' last)."""
    samples, types, order, seen = {}, {}, [], set()
    lines = text.split("\n")
    if strict:
        assert lines[-1] == "" and lines[-2] == "# EOF", lines[-3:]
        lines = lines[:-2]
    for line in lines:
        if not line:
            continue
        if line.startswith("# HELP ") or line.startswith("# TYPE "):
            name = line.split(" ")[2]
            if strict:
                assert name not in seen, f"family {name} split or repeated"
                assert NAME.match(name), name
            if line.startswith("# TYPE "):
                types[name] = line.split(" ")[3]
                if strict:
                    assert types[name] in ("gauge", "counter"), line
                    assert (types[name] == "counter") == name.endswith("_total"), line
            continue
        if line.startswith("#"):
            continue
        m = SAMPLE.match(line)
        assert m, f"not a sample: {line!r}"
        name, lab, val = m.group(1), m.group(2), m.group(3)
        if strict:
            assert name in types, f"{name} has no TYPE line before it"
            if order and order[-1] != name:
                seen.add(order[-1])
            assert name not in seen, f"samples of {name} do not follow each other"
            order.append(name)
            assert re.match(r"^[0-9]+$", val), line
        key = (name, frozenset(labels(lab).items()) if lab else frozenset())
        assert key not in samples, f"duplicate series {key}"
        samples[key] = float(val)
    return samples


def metrics(name, *args, root=None):
    pre = ("--root", root) if root else ()
    code, out, err = run(*pre, "--openmetrics", *args)
    assert code == 0, (code, err)
    _outputs[name] = out
    return parse(out)


def get(samples, name, **lab):
    return samples[(name, frozenset(lab.items()))]


@test
def host_features_metrics_match_json():
    for root in (os.path.join(FIXTURES, "host-basic"), None):
        pre = ("--root", root) if root else ()
        doc, _ = run_json(*pre, "-j", "host", "features", schema_name="host-features")
        s = metrics("host" + ("-fixture" if root else ""), "host", "features", root=root)
        assert get(s, "vmmctl_host_info", arch=doc["arch"],
                   kernel_release=doc.get("kernel_release", "")) == 1
        for f in doc["features"]:
            assert get(s, "vmmctl_host_feature_available", feature=f["name"]) == \
                int(f["available"]), f
            if isinstance(f.get("value"), int):
                assert get(s, "vmmctl_host_feature_value", feature=f["name"]) == f["value"]
        for c in doc["kvm_caps"]:
            assert get(s, "vmmctl_kvm_capability_available", capability=c["name"]) == \
                int(c["available"]), c
            if "value" in c:
                assert get(s, "vmmctl_kvm_capability_value", capability=c["name"]) == c["value"]
        n = len(doc["features"]) + len(doc["kvm_caps"]) + 1 + \
            sum(isinstance(f.get("value"), int) for f in doc["features"]) + \
            sum("value" in c for c in doc["kvm_caps"])
        assert len(s) == n, (len(s), n)


def vm_labels(v):
    return {"vm": v["id"], "pid": str(v["pid"]), "comm": v["comm"]}


@test
def vm_list_metrics_match_json():
    root = observe_tree("list")
    doc, _ = run_json("--root", root, "-j", "vm", "list", schema_name="vm-list")
    s = metrics("vm-list", "vm", "list", root=root)
    assert get(s, "vmmctl_vms") == len(doc) == 4
    n = 1
    for v in doc:
        lab = vm_labels(v)
        assert get(s, "vmmctl_vm_vcpus", **lab) == v["vcpus"]
        assert get(s, "vmmctl_vm_guest_memfds", **lab) == v["guest_memfd"]
        n += 2
        by = {}
        for m in v["memory"]:
            b, k = by.setdefault(m["kind"], [0, 0]), m["kind"]
            b[0] += m["bytes"]
            b[1] += m["mappings"]
        for kind, (size, maps) in by.items():
            assert get(s, "vmmctl_vm_memory_bytes", backing=kind, **lab) == size
            assert get(s, "vmmctl_vm_memory_mappings", backing=kind, **lab) == maps
            n += 2
    assert len(s) == n, (len(s), n)
    # an empty host: the count, and no other family
    empty = os.path.join(_tmp, "empty")
    os.makedirs(os.path.join(empty, "proc"))
    assert metrics("vm-list-empty", "vm", "list", root=empty) == {("vmmctl_vms", frozenset()): 0}


@test
def vm_stats_metrics_match_json():
    root = observe_tree("stats")
    doc, _ = run_json("--root", root, "-j", "vm", "stats", "100-11", schema_name="vm-stats")
    assert doc["pid"] == 100 and doc["comm"] == "qemu-system-x86", doc
    s = metrics("vm-stats", "vm", "stats", "100-11", root=root)
    lab = {"vm": "100-11", "pid": "100", "comm": "qemu-system-x86"}
    stats = doc["samples"][-1]["stats"]
    for st in stats:
        if st["type"] == "cumulative":
            assert get(s, "vmmctl_vm_kvm_stat_total", stat=st["name"], **lab) == st["value"]
        else:
            assert get(s, "vmmctl_vm_kvm_stat", stat=st["name"], kind=st["type"], **lab) == \
                st["value"]
    assert len(s) == len(stats) and {t for t in (x["type"] for x in stats)} >= \
        {"cumulative", "instant"}, stats


@test
def stage2_summary_metrics_match_json():
    root = os.path.join(FIXTURES, "stage2", "arm64")
    for vm in ("500-4", "800-11"):
        doc, _ = run_json("--root", root, "-j", "stage2", "summary", vm,
                          schema_name="stage2-summary")
        s = metrics("stage2-" + vm, "stage2", "summary", vm, root=root)
        for key in ("mapped", "block", "page", "unmapped", "invalid"):
            assert get(s, f"vmmctl_stage2_{key}_bytes", vm=vm) == doc[key + "_bytes"]
        for lv in doc["by_level"]:
            assert get(s, "vmmctl_stage2_level_bytes", vm=vm, level=str(lv["level"])) == \
                lv["bytes"]
            assert get(s, "vmmctl_stage2_level_ranges", vm=vm, level=str(lv["level"])) == \
                lv["ranges"]
        for p in doc["by_perms"]:
            assert get(s, "vmmctl_stage2_perms_bytes", vm=vm, perms=p["perms"]) == p["bytes"]
        assert len(s) == 5 + 2 * len(doc["by_level"]) + len(doc["by_perms"])


@test
def comm_is_the_kernels_bytes_everywhere():
    """A VMM named with a backslash, a newline and a non-ASCII character
    (10 bytes; the kernel keeps 15): vm list, show and stats give those bytes
    in JSON, '?' for the newline in text (list and show), the exposition's escapes in
    labels; from comm, and from status alone (unescaped) where comm is not
    there."""
    comm = "my\\vmm\nx\u00e9"           # my\vmm, a newline, x, e-acute (2 bytes)
    for variant, has_comm in (("comm", True), ("status", False)):
        root = observe_tree("names-" + variant, comm=comm, comm_file=has_comm)
        for args, schema in ((["vm", "list"], "vm-list"), (["vm", "show", "100-11"], "vm-show"),
                             (["vm", "stats", "100-11", "--interval", "1", "--count", "1"],
                              "vm-stats")):
            p = subprocess.run([test_cli.VMMCTL, "--root", root, "-j", *args],
                               capture_output=True, timeout=60)
            assert p.returncode == 0, (variant, args, p.stderr)
            doc = json.loads(p.stdout)
            test_cli.validate(doc, schema)
            got = doc[0]["comm"] if isinstance(doc, list) else doc["comm"]
            assert got == comm, (variant, args, got)
            if args[1] == "stats":     # its text names the VM alone
                p = subprocess.run([test_cli.VMMCTL, "--root", root, "vm", "list"],
                                   capture_output=True, timeout=60)
            else:
                p = subprocess.run([test_cli.VMMCTL, "--root", root, *args],
                                   capture_output=True, timeout=60)
            assert p.returncode == 0 and "my\\vmm?x\u00e9".encode() in p.stdout, \
                (variant, args, p.stdout)
            assert b"my\\vmm\n" not in p.stdout, (variant, args, p.stdout)
            if args[1] == "show":
                continue
            p = subprocess.run([test_cli.VMMCTL, "--root", root, "--openmetrics", *args],
                               capture_output=True, timeout=60)
            assert p.returncode == 0, p.stderr
            assert 'comm="my\\\\vmm\\nx\u00e9"'.encode() in p.stdout, (variant, args, p.stdout)


@test
def labels_keep_quotes_backslashes_newlines():
    # a name with quotes, a backslash and a newline: the JSON has its bytes,
    # a label escapes all three
    comm = 'qemu "a\\b\nx"'
    root = observe_tree("escape", comm=comm)
    doc, _ = run_json("--root", root, "-j", "vm", "list", schema_name="vm-list")
    assert doc[0]["comm"] == comm, doc[0]
    code, out, err = run("--root", root, "--openmetrics", "vm", "list")
    assert code == 0, err
    assert 'comm="qemu \\"a\\\\b\\nx\\""' in out, out
    _outputs["escape-comm"] = out
    assert get(parse(out), "vmmctl_vm_vcpus", **vm_labels(doc[0])) == doc[0]["vcpus"]
    # a real newline: a dump file's name
    dump = os.path.join(_tmp, 'vm "1"\nsaved.dump')
    shutil.copy(os.path.join(FIXTURES, "stage2/arm64/sys/kernel/debug/kvm/500-4",
                             "stage2_page_tables"), dump)
    code, out, err = run("--openmetrics", "stage2", "summary", dump)
    assert code == 0, err
    assert 'file="' + dump.replace('"', '\\"').replace("\n", "\\n") + '"' in out, out
    _outputs["escape-file"] = out
    assert get(parse(out), "vmmctl_stage2_mapped_bytes", file=dump) == 2113536


@test
def output_file_and_refusals():
    root = observe_tree("out")
    path = os.path.join(_tmp, "out.d", "vms.prom")
    os.makedirs(os.path.dirname(path))
    _, want, _ = run("--root", root, "--openmetrics", "vm", "list")
    code, out, err = run("--root", root, "--openmetrics", "vm", "list", "-o", path)
    assert code == 0 and out == "", (code, out, err)
    with open(path) as f:
        assert f.read() == want
    assert os.listdir(os.path.dirname(path)) == ["vms.prom"]    # no temporary left
    # the other renderers go to the file the same way
    code, out, _ = run("--root", root, "-j", "vm", "list", "-o", path)
    with open(path) as f:
        assert code == 0 and out == "" and f.read().startswith('[{"id":"100-11"')
    code, _, err = run("--root", root, "--openmetrics", "vm", "list", "-o",
                       os.path.join(_tmp, "no-such-dir", "x.prom"))
    assert code == 5 and "no-such-dir" in err, (code, err)
    for args, word in ((["--openmetrics", "version"], "no metrics output"),
                       (["--openmetrics", "-j", "host", "features"], "exclude each other"),
                       (["--openmetrics", "-n", "vm", "list"], "dry run")):
        code, out, err = run(*args)
        assert code == 2 and word in err, (args, code, out, err)
        assert out == "" or out.startswith('{"error":{"code":"usage"'), out   # -j: JSON


@test
def promtool_accepts_every_output():
    if not shutil.which("promtool"):
        raise Skip("promtool is not installed (Debian package prometheus; make deps)")
    assert len(_outputs) >= 8, sorted(_outputs)
    for name, text in sorted(_outputs.items()):
        p = subprocess.run(["promtool", "check", "metrics"], input=text, text=True,
                           capture_output=True, timeout=30)
        assert p.returncode == 0, (name, p.stdout, p.stderr)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@test
def node_exporter_serves_what_vmmctl_wrote():
    exe = shutil.which("prometheus-node-exporter")
    if not exe:
        raise Skip("prometheus-node-exporter is not installed (make deps)")
    root = observe_tree("textfile")
    tdir = os.path.join(_tmp, "textfile.d")
    os.makedirs(tdir)
    want = {}
    for name, args in (("vms", ["vm", "list"]), ("stats", ["vm", "stats", "100-11"]),
                       ("host", ["host", "features"])):
        code, _, err = run("--root", root, "--openmetrics", *args, "-o",
                           os.path.join(tdir, name + ".prom"))
        assert code == 0, err
        with open(os.path.join(tdir, name + ".prom")) as f:
            want.update(parse(f.read()))
    port = free_port()
    p = subprocess.Popen([exe, f"--web.listen-address=127.0.0.1:{port}",
                          "--collector.disable-defaults", "--collector.textfile",
                          f"--collector.textfile.directory={tdir}"],
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        text = None
        for _ in range(100):        # at most 10 s for it to listen
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=2) as r:
                    text = r.read().decode()
                break
            except OSError:
                if p.poll() is not None:
                    break
                time.sleep(0.1)
        assert text is not None, f"node_exporter did not answer: {p.poll()}"
    finally:
        p.terminate()
        try:
            _, err = p.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            p.kill()
            _, err = p.communicate()
    got = {k: v for k, v in parse(text, strict=False).items() if k[0].startswith("vmmctl_")}
    assert got == want, (set(want) ^ set(got))
    assert get(parse(text, strict=False), "node_textfile_scrape_error") == 0, err


if __name__ == "__main__":
    sys.exit(main())
