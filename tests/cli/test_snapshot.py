# SPDX-License-Identifier: GPL-3.0-or-later
"""CLI tests of `vmmctl snapshot` and of replay through --root.

Replay equals the original: snapshots of this host and of the fixture trees
(taken through --root) answer every read-only command as the original did,
in JSON, but for provenance. The tarball and the manifest are read back
with Python's tarfile, hashlib and jsonschema, independently of lib/snap.
Every kind of bad snapshot is refused with exit 2 and its reason, and
nothing is left behind."""

import atexit
import gzip
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import test_cli  # noqa: E402
from test_cli import FIXTURES, TOP, Skip, main, run, run_json, test, validate  # noqa: E402

test_cli._results.clear()
_tmp = tempfile.mkdtemp(prefix="vmm-snap.")
atexit.register(shutil.rmtree, _tmp, ignore_errors=True)
# replays unpack under TMPDIR: a private one shows what they leave behind
_tmpdir = os.path.join(_tmp, "tmpdir")
os.makedirs(_tmpdir)
ENV = {"TMPDIR": _tmpdir}
ARM64 = os.path.join(FIXTURES, "snapshot", "arm64-rig.tar.gz")


# what must differ: where the answer came from, and how long a sample took
# (vmmctl-snapshot(8) names the time-dependent fields)
DIFFER = {"provenance", "elapsed_ns"}


def strip(doc):
    """The answer without the keys that must differ."""
    if isinstance(doc, dict):
        return {k: strip(v) for k, v in doc.items() if k not in DIFFER}
    if isinstance(doc, list):
        return [strip(v) for v in doc]
    return doc


def provenances(doc):
    if isinstance(doc, dict):
        return [doc["provenance"]] if "provenance" in doc else []
    return [p for d in doc for p in provenances(d)]


def take(name, *args, root=None, tar=True):
    out = os.path.join(_tmp, name + (".tar.gz" if tar else ""))
    pre = ["--root", root] if root else []
    doc, _ = run_json(*pre, "-j", "snapshot", *(["-o", out] if tar else [out]), *args,
                      schema_name="snapshot", env=ENV)
    assert doc["path"] == out and doc["format"] == ("tar.gz" if tar else "directory"), doc
    return out, doc


def same(orig_root, snap, cmd, schema_name=None, rc=0):
    """cmd answers on snap as on orig_root (None: this host), but for provenance."""
    pre = ["--root", orig_root] if orig_root else []
    a, _ = run_json(*pre, "-j", *cmd, schema_name=schema_name, rc=rc, env=ENV)
    b, _ = run_json("--root", snap, "-j", *cmd, schema_name=schema_name, rc=rc, env=ENV)
    assert strip(a) == strip(b), (cmd, a, b)
    for p in provenances(b):
        assert p["kind"] == "snapshot" and p["path"] == snap, p
    for p in provenances(a):
        assert p == {"kind": "live"}, p
    return b


def no_leftovers():
    assert os.listdir(_tmpdir) == [], os.listdir(_tmpdir)


# ---- replay equals the original -----------------------------------------------------

@test
def this_host_replays_like_live():
    """A snapshot of this machine (no KVM here) answers host features, the PCI
    and TSM commands, vm list and iommufd list as the machine does."""
    # VMs and iommufd holders come and go on a busy machine: the snapshot
    # is taken between two live answers until those two agree (the host was
    # still meanwhile), at most five times
    volatile = [(["vm", "list"], "vm-list"), (["iommufd", "list"], "iommufd-list")]
    for _ in range(5):
        before = [run_json("-j", *c, schema_name=sch, env=ENV)[0] for c, sch in volatile]
        tar, doc = take("host")
        d, _ = take("host-dir", tar=False)
        after = [run_json("-j", *c, schema_name=sch, env=ENV)[0] for c, sch in volatile]
        if before == after:
            break
    assert doc["files"] > 10 and doc["size"] < doc["bytes"], doc
    bdfs = [f["bdf"] for f in run_json("-j", "pci", "list", schema_name="pci-list")[0]]
    cmds = [(["host", "features"], "host-features"), (["pci", "list"], "pci-list"),
            (["tsm", "list"], "tsm-list"), (["tsm", "ide"], "tsm-ide")]
    cmds += [(["pci", "show", b], "pci-show") for b in bdfs[:3]]
    for snap in (tar, d):
        for cmd, sch in cmds:
            same(None, snap, cmd, sch)
        for (cmd, sch), live in zip(volatile, after):
            b, _ = run_json("--root", snap, "-j", *cmd, schema_name=sch, env=ENV)
            assert strip(b) == strip(live), (cmd, live, b)
    doc = same(None, tar, ["host", "features"], "host-features")
    assert doc["provenance"]["arch"] == doc["arch"] == os.uname().machine, doc
    assert doc["provenance"]["release"] == doc["kernel_release"] == os.uname().release
    no_leftovers()


@test
def fixture_trees_replay_like_their_root():
    """Snapshots taken through --root of the fixture trees: every read-only
    command of the VMs, stage-2 dumps, TSM and iommufd trees answers alike."""
    cases = [
        ("vm-observe", [(["vm", "list"], "vm-list"), (["vm", "show", "100-11"], "vm-show"),
                        (["vm", "show", "205-9"], "vm-show"),
                        (["vm", "stats", "100-11", "--interval", "1"], "vm-stats")]),
        ("stage2/arm64", [(["vm", "list"], "vm-list"),
                          (["stage2", "summary", "500-4"], "stage2-summary"),
                          (["stage2", "show", "600-4"], "stage2-show"),
                          (["stage2", "summary", "800-11"], "stage2-summary"),
                          (["stage2", "diff", "500-4", "600-4"], "stage2-diff")]),
        ("tsm/connected", [(["tsm", "list"], "tsm-list"), (["tsm", "ide"], "tsm-ide"),
                           (["tsm", "show", "01:00.0"], "tsm-show")]),
        ("pci/sysfs", [(["pci", "list"], "pci-list"), (["pci", "show", "00:00.0"], "pci-show")]),
        ("iommufd", [(["iommufd", "list"], "iommufd-list")]),
        ("vgic", [(["vm", "irqs", "800-10"], "vm-irqs"), (["vm", "irqs", "820-7"], "vm-irqs"),
                  (["vm", "irqs", "800-10", "--type", "lpi"], "vm-irqs"),
                  (["vm", "its", "800-10"], "vm-its"), (["vm", "show", "800-10"], "vm-show")]),
    ]
    for fx, cmds in cases:
        root = os.path.join(FIXTURES, fx)
        tar, _ = take("fx-" + fx.replace("/", "-"), root=root)
        for cmd, sch in cmds:
            same(root, tar, cmd, sch)
    no_leftovers()


@test
def text_says_it_is_a_snapshot():
    tar, _ = take("text", root=os.path.join(FIXTURES, "vm-observe"))
    code, out, err = run("--root", tar, "vm", "list", env=ENV)
    assert code == 0 and out.startswith("# snapshot " + tar + " of "), (code, out, err)
    code, live, _ = run("--root", os.path.join(FIXTURES, "vm-observe"), "vm", "list")
    assert out.split("\n", 1)[1] == live, (out, live)
    # a link to the tarball is the tarball: the user named it
    link = os.path.join(_tmp, "link.tar.gz")
    os.symlink(tar, link)
    code, out2, err = run("--root", link, "vm", "list", env=ENV)
    assert code == 0 and out2.split("\n", 1)[1] == live, (code, out2, err)


@test
def vm_stats_of_a_snapshot_is_one_interval_without_waiting():
    tar, _ = take("stats", root=os.path.join(FIXTURES, "vm-observe"))
    # an hour's interval: a replay that waited would run into run()'s timeout
    doc, err = run_json("--root", tar, "-j", "vm", "stats", "100-11", "--interval", "3600",
                        "--count", "3", schema_name="vm-stats", env=ENV)
    assert doc["count"] == 1 and len(doc["samples"]) == 1, doc
    assert doc["samples"][0]["elapsed_ns"] == 3600 * 10**9, doc
    assert all(st.get("delta", 0) == 0 for st in doc["samples"][0]["stats"]), doc
    assert "one interval, not 3" in err, err


@test
def live_only_commands_exit_4_on_a_snapshot():
    tar, _ = take("live-only", root=os.path.join(FIXTURES, "vm-observe"))
    for cmd in (["vm", "create"], ["iommufd", "show", "--pid", "100"],
                ["hyp", "status"], ["mte", "dump", "--pid", "100", "0x1000+4096", "-o",
                                    os.path.join(_tmp, "never")],
                ["snapshot", os.path.join(_tmp, "never2")]):
        doc, _ = run_json("--root", tar, "-j", *cmd, schema_name="error", rc=4, env=ENV)
        msg = doc["error"]["message"]
        assert "needs the live kernel" in msg and "is a snapshot" in msg, (cmd, msg)
    assert not os.path.exists(os.path.join(_tmp, "never"))
    assert not os.path.exists(os.path.join(_tmp, "never2"))
    no_leftovers()


# ---- the snapshot as a file ------------------------------------------------------

@test
def tarball_and_manifest_read_independently():
    """Python's tarfile reads the tarball; every member is in the manifest with
    its type, and every file's SHA-256 and size are right."""
    tar, doc = take("indep", root=os.path.join(FIXTURES, "stage2", "arm64"))
    # what the tree does not have is its answer, not a refusal
    assert not [r for r in doc["refused"] if "No such file" in r["reason"]], doc["refused"]
    with tarfile.open(tar, "r:gz") as t:
        members = {m.name: m for m in t.getmembers()}
        man = json.load(t.extractfile("vmmctl-snapshot.json"))
        validate(man, "snapshot-manifest")
        listed = {f["path"]: f for f in man["files"]}
        assert set(listed) == set(members) - {"vmmctl-snapshot.json"}, \
            set(listed) ^ set(members)
        nfiles = 0
        for path, f in listed.items():
            m = members[path]
            if f["type"] == "file":
                data = t.extractfile(m).read()
                assert m.isfile() and len(data) == f["size"], path
                assert hashlib.sha256(data).hexdigest() == f["sha256"], path
                assert int(f["mode"], 8) == m.mode, (path, f["mode"], oct(m.mode))
                nfiles += 1
            elif f["type"] == "link":
                assert m.issym() and m.linkname == f["target"], path
                nfiles += 1
            else:
                assert m.isdir(), path
    assert doc["files"] == nfiles + 1, (doc, nfiles)   # the manifest is a file too
    assert man["arch"] in ("x86_64", "aarch64") and man["format"] == 1
    assert "proc/500/fd/4" in listed and listed["proc/500/fd/4"]["target"] == "anon_inode:kvm-vm"
    assert "sys/kernel/debug/kvm/800-11/stage2_page_tables" in listed


@test
def options_choose_what_is_taken():
    root = os.path.join(FIXTURES, "stage2", "arm64")
    full, _ = take("opt-all", root=root)
    with tarfile.open(full, "r:gz") as t:
        names = t.getnames()
    # without options: every VM, its stage-2 dumps and nested MMUs
    assert "sys/kernel/debug/kvm/700-4/stage2_page_tables" in names, names
    assert "proc/800/maps" in names, names
    tar, _ = take("opt-some", "--vm", "500-4,600-4", "--no-stage2", "--no-pci", root=root)
    with tarfile.open(tar, "r:gz") as t:
        names = t.getnames()
        man = json.load(t.extractfile("vmmctl-snapshot.json"))
    assert man["options"] == {"vms": ["500-4", "600-4"], "pci": False, "stage2": False}
    assert not [n for n in names if n.endswith("stage2_page_tables") or "/nested" in n], names
    assert not [n for n in names if n.startswith("sys/bus/pci")], names
    kvm = sorted({n.split("/")[4] for n in names
                  if n.startswith("sys/kernel/debug/kvm/") and n.count("/") >= 4})
    assert kvm == ["500-4", "600-4"], kvm
    assert not [n for n in names if n.startswith(("proc/700", "proc/800"))], names
    doc, _ = run_json("--root", tar, "-j", "vm", "list", schema_name="vm-list", env=ENV)
    assert sorted(v["id"] for v in doc) == ["500-4", "600-4"], doc


@test
def arm64_rig_snapshot_answers_as_arm64():
    """The committed snapshot of the rig's arm64 KVM host, on any machine."""
    if not os.path.exists(ARM64):
        raise Skip("no " + ARM64 + " (make check-arm64 RIG_REFRESH_SNAPSHOT=1 writes it)")
    with open(os.path.join(FIXTURES, "snapshot", "SHA256SUMS")) as f:
        want = f.read().split()[0]
    with open(ARM64, "rb") as f:
        data = f.read()
    assert hashlib.sha256(data).hexdigest() == want and len(data) < 1 << 20, len(data)
    doc, _ = run_json("--root", ARM64, "-j", "host", "features", schema_name="host-features",
                      env=ENV)
    feat = {f["name"]: f for f in doc["features"]}
    assert doc["arch"] == "aarch64" and doc["provenance"]["arch"] == "aarch64", doc
    assert feat["kvm"]["available"] and feat["kvm_api_version"]["value"] == 12, feat
    assert feat["stage2_debugfs"]["available"] and feat["mte_hwcap"]["available"], feat
    assert feat["kvm_mode"]["detail"] == "vhe", feat["kvm_mode"]
    test_cli.arch_only_items(doc)     # an arm64 host read on any: kvm_vendor x86-64 only
    assert doc["provenance"]["host"] == "rig" and doc["provenance"]["time"] > "2026", doc
    vms, _ = run_json("--root", ARM64, "-j", "vm", "list", schema_name="vm-list", env=ENV)
    assert len(vms) >= 3, vms
    kinds = {m["kind"] for v in vms for m in v["memory"]}
    assert "hugetlb" in kinds, kinds
    for v in vms:
        run_json("--root", ARM64, "-j", "vm", "show", v["id"], schema_name="vm-show", env=ENV)
        s, _ = run_json("--root", ARM64, "-j", "stage2", "summary", v["id"],
                        schema_name="stage2-summary", env=ENV)
        assert s["arch"] == "arm64" and s["mapped_bytes"] > 0, s
    pci, _ = run_json("--root", ARM64, "-j", "pci", "list", schema_name="pci-list", env=ENV)
    assert pci and all(p["provenance"]["host"] == doc["provenance"]["host"] for p in pci)
    no_leftovers()


# ---- bad snapshots -----------------------------------------------------------------

def good_members():
    """The members of a good small snapshot, as (TarInfo, bytes)."""
    tar, _ = take("base", root=os.path.join(FIXTURES, "iommufd"))
    out = []
    with tarfile.open(tar, "r:gz") as t:
        for m in t.getmembers():
            out.append((m, t.extractfile(m).read() if m.isfile() else None))
    return out


def pack(name, members, raw=False):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.USTAR_FORMAT) as t:
        for m, data in members:
            t.addfile(m, io.BytesIO(data) if data is not None else None)
    path = os.path.join(_tmp, name + ".tar.gz")
    with open(path, "wb") as f:
        f.write(buf.getvalue() if raw else gzip.compress(buf.getvalue()))
    return path


def manifest_of(members):
    return json.loads([d for m, d in members if m.name == "vmmctl-snapshot.json"][0])


def with_manifest(members, man):
    data = json.dumps(man).encode()
    out = []
    for m, d in members:
        if m.name == "vmmctl-snapshot.json":
            m = tarfile.TarInfo(m.name)
            m.size = len(data)
            d = data
        out.append((m, d))
    return out


def refused(path, why):
    doc, _ = run_json("--root", path, "-j", "host", "features", schema_name="error", rc=2,
                      env=ENV)
    msg = doc["error"]["message"]
    assert path in msg and why in msg, (why, msg)
    no_leftovers()


@test
def bad_snapshots_are_refused_with_their_reason():
    base = good_members()
    assert run("--root", pack("ok", base), "host", "features", env=ENV)[0] == 0
    no_leftovers()

    def extra(name, kind=tarfile.REGTYPE, data=b"x", link=""):
        m = tarfile.TarInfo(name)
        m.type = kind
        m.linkname = link
        m.size = len(data) if kind == tarfile.REGTYPE else 0
        return base + [(m, data if kind == tarfile.REGTYPE else None)]

    # a directory named again after a file: the file keeps its own mode
    # (the repeated header once gave the file the directory's 0755)
    f = [(m, d) for m, d in base if m.isfile() and m.name != "vmmctl-snapshot.json"][-1]
    again = [(m, d) for m, d in base if m.isdir() and f[0].name.startswith(m.name + "/")][-1]
    i = base.index(f) + 1
    code, _, err = run("--root", pack("dir-again", base[:i] + [again] + base[i:]), "host",
                       "features", env=ENV)
    assert code == 0, err
    no_leftovers()
    refused(pack("dotdot", extra("proc/../../evil")), "'.' or '..' components")
    refused(pack("abs", extra("/etc/evil")), "absolute name")
    refused(pack("fifo", extra("proc/fifo", tarfile.FIFOTYPE)), "only files, directories")
    man = manifest_of(base)
    man["files"].append({"path": "sys/out", "type": "link", "target": "../../../etc"})
    refused(pack("outlink", with_manifest(extra("sys/out", tarfile.SYMTYPE, link="../../../etc"),
                                          man)), "points outside the snapshot")
    man = manifest_of(base)
    man["files"].append({"path": "sys/abs", "type": "link", "target": "/etc/passwd"})
    refused(pack("abslink", with_manifest(extra("sys/abs", tarfile.SYMTYPE, link="/etc/passwd"),
                                          man)), "points outside the snapshot")
    refused(pack("unlisted", extra("proc/extra")), "'proc/extra' is not in the manifest")
    man = manifest_of(base)
    man["files"].append(dict(man["files"][-1]))
    refused(pack("twice", with_manifest(extra("proc/extra"), man)),
            "'%s' is listed in the manifest twice" % man["files"][-1]["path"])
    man = manifest_of(base)
    man["format"] = 2
    refused(pack("version", with_manifest(base, man)), "format 2; this vmmctl reads format 1")
    man = manifest_of(base)
    f = [f for f in man["files"] if f["type"] == "file"][0]
    f["sha256"] = "0" * 64
    refused(pack("sha", with_manifest(base, man)), "'%s': its SHA-256 does not match" % f["path"])
    man = manifest_of(base)
    man["files"].append({"path": "proc/gone", "type": "file", "size": 0,
                         "sha256": hashlib.sha256(b"").hexdigest()})
    refused(pack("missing", with_manifest(base, man)), "'proc/gone' is listed")
    good = pack("good", base)
    with open(good, "rb") as fsrc:
        data = fsrc.read()
    trunc = os.path.join(_tmp, "trunc.tar.gz")
    with open(trunc, "wb") as fdst:
        fdst.write(data[:len(data) // 2])
    refused(trunc, "truncated gzip stream")
    tarless = os.path.join(_tmp, "short.tar.gz")
    raw = gzip.decompress(data)
    with open(tarless, "wb") as fdst:
        fdst.write(gzip.compress(raw[:1024]))
    refused(tarless, "truncated")
    refused(pack("plain", base, raw=True), "no gzip magic")
    nomani = [(m, d) for m, d in base if m.name != "vmmctl-snapshot.json"]
    refused(pack("nomanifest", nomani), "no vmmctl-snapshot.json")
    d = os.path.join(_tmp, "baddir")
    shutil.copytree(os.path.join(_tmp, "host-dir"), d, symlinks=True)
    with open(os.path.join(d, "proc", "cmdline"), "a") as fx:
        fx.write("tampered")
    refused(d, "'proc/cmdline': its SHA-256 does not match")


@test
def usage_errors_change_nothing():
    before = sorted(os.listdir(_tmp))
    for args, why in ((["snapshot"], "say where the snapshot goes"),
                      (["snapshot", "a", "-o", "b.tar.gz"], "not both"),
                      (["snapshot", "x", "--vm", "12"], "bad VM '12' in --vm"),
                      (["snapshot", "x", "--vm", "1-2,zz"], "bad VM 'zz' in --vm"),
                      (["snapshot", "x", "--vm", ","], "names no VM")):
        doc, _ = run_json("-j", *args, schema_name="error", rc=2, env=ENV)
        assert why in doc["error"]["message"], (args, doc)
    out = os.path.join(_tmp, "dry")
    doc, _ = run_json("-j", "-n", "snapshot", out, schema_name="dry-run", env=ENV)
    assert doc["operations"] == [{"op": "snapshot", "path": out, "format": "directory"}], doc
    assert sorted(os.listdir(_tmp)) == before
    os.makedirs(os.path.join(_tmp, "exists"))
    doc, _ = run_json("-j", "snapshot", os.path.join(_tmp, "exists"), schema_name="error", rc=6,
                      env=ENV)
    assert "never replaces" in doc["error"]["hint"], doc
    assert os.listdir(os.path.join(_tmp, "exists")) == []
    assert not [n for n in os.listdir(_tmp) if ".tmp-" in n], os.listdir(_tmp)


@test
def unreadable_files_are_listed_not_fatal():
    """As a user who cannot read a file, the snapshot lists it with the reason
    and holds the rest."""
    if os.geteuid() != 0 or not shutil.which("setpriv"):
        raise Skip("needs root and setpriv to run as another user")
    root = os.path.join(_tmp, "ro-root")
    shutil.copytree(os.path.join(FIXTURES, "vm-observe"), root, symlinks=True)
    secret = os.path.join(root, "proc", "cmdline")
    with open(secret, "w") as f:
        f.write("secret=1\n")
    os.chmod(secret, 0)
    for dirpath, dirs, files in os.walk(_tmp):
        os.chmod(dirpath, 0o755)
    mine = os.path.join(_tmp, "nobody")
    os.makedirs(mine)
    os.chown(mine, 65534, 65534)
    os.chown(_tmpdir, 65534, 65534)
    out = os.path.join(mine, "as-nobody.tar.gz")
    p = subprocess.run(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                        test_cli.VMMCTL, "--root", root, "-j", "snapshot", "-o", out],
                       capture_output=True, text=True, timeout=30, env=dict(os.environ, **ENV))
    assert p.returncode == 0, p.stderr
    doc = json.loads(p.stdout)
    validate(doc, "snapshot")
    assert {"path": "/proc/cmdline", "reason": "Permission denied"} in doc["refused"], doc
    with tarfile.open(out, "r:gz") as t:
        assert "proc/cmdline" not in t.getnames()
        assert "proc/100/status" in t.getnames()


if __name__ == "__main__":
    main()
