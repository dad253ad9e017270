# SPDX-License-Identifier: GPL-3.0-or-later
"""iommufd, ioas and device as scripts see them, without a real iommufd:
another VMM's fds found in a --root /proc tree, dry runs with the exact
ioctl fields, bad input refused with exit 2 before anything is touched, a
session context on a stand-in /dev/iommu (a regular file: every ioctl is
ENOTTY, exit 4), the REPL completing context names, and the outputs the
live test captured in the arm64 rig validated against every schema.
Prints TAP-style lines."""

import json
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import test_cli  # noqa: E402
from test_cli import FIXTURES, Pty, main, run, run_json, test, validate  # noqa: E402

test_cli._results.clear()  # only the tests below

ROOT = os.path.join(FIXTURES, "iommufd")
SCHEMAS = {
    ("iommufd", "open"): "iommufd-open",
    ("iommufd", "close"): "iommufd-close",
    ("iommufd", "show"): "iommufd-show",
    ("iommufd", "option"): "iommufd-option",
    ("iommufd", "destroy"): "iommufd-destroy",
    ("ioas", "alloc"): "ioas-alloc",
    ("ioas", "ranges"): "ioas-ranges",
    ("ioas", "allow"): "ioas-allow",
    ("ioas", "map"): "ioas-map",
    ("ioas", "unmap"): "ioas-unmap",
    ("ioas", "copy"): "ioas-copy",
    ("device", "bind"): "device-bind",
    ("device", "attach"): "device-attach",
    ("device", "detach"): "device-detach",
    ("device", "mock"): "device-mock",
    ("device", "hw-info"): "device-hw-info",
    ("session", "list"): "session-list",
}


def check_entries(doc):
    """Validates every entry of a batch document by its command's schema."""
    validate(doc, "batch")
    seen = set()
    for e in doc:
        key = tuple(e["command"][:2])
        if "error" in e:
            continue
        if "-n" in e["command"]:
            validate(e["result"], "dry-run")
        elif key in SCHEMAS:
            validate(e["result"], SCHEMAS[key])
            seen.add(key)
    return seen


# ---- another process's iommufd in a /proc tree -------------------------------------

@test
def list_finds_iommufd_fds_in_proc():
    doc, _ = run_json("--root", ROOT, "-j", "iommufd", "list", schema_name="iommufd-list")
    live = {"kind": "live"}
    assert doc == [{"pid": 4242, "fd": 5, "comm": "qemu-system-aar", "provenance": live},
                   {"pid": 4242, "fd": 7, "comm": "qemu-system-aar", "provenance": live}], doc


@test
def empty_list_says_so_on_stderr_only():
    with tempfile.TemporaryDirectory() as root:
        os.makedirs(os.path.join(root, "proc", "77", "fd"))
        code, out, err = run("--root", root, "iommufd", "list")
        assert code == 0 and out == "", (code, out)
        assert "no process this user can see holds a /dev/iommu fd" in err, err
        doc, err = run_json("--root", root, "-j", "iommufd", "list",
                            schema_name="iommufd-list")
        assert doc == [] and err == "", (doc, err)


@test
def dry_run_on_another_process_shows_the_ioctl():
    doc, err = run_json("--root", ROOT, "-j", "-n", "iommufd", "option", "set", "huge-pages",
                        "--ioas", "2", "1", "--pid", "4242", schema_name="dry-run")
    assert doc["operations"] == [{"ioctl": "IOMMU_OPTION", "request": "0x3b87", "pid": 4242,
                                  "fd": 5, "size": 24, "option_id": 1, "op": 0,
                                  "object_id": 2, "val64": 1}], doc
    assert "holds 2 iommufd fds; using fd 5" in err, err
    doc, _ = run_json("--root", ROOT, "-j", "-n", "ioas", "unmap", "1", "0x1000000+64K",
                      "--pid", "4242", "--fd", "7", schema_name="dry-run")
    assert doc["operations"] == [{"ioctl": "IOMMU_IOAS_UNMAP", "request": "0x3b86",
                                  "pid": 4242, "fd": 7, "size": 24, "ioas_id": 1,
                                  "iova": "0x1000000", "length": "0x10000"}], doc
    doc, _ = run_json("--root", ROOT, "-j", "-n", "iommufd", "destroy", "3", "--pid", "4242",
                      schema_name="dry-run")
    assert doc["operations"][0]["ioctl"] == "IOMMU_DESTROY", doc


@test
def changing_another_process_needs_force():
    doc, err = run_json("--root", ROOT, "-j", "iommufd", "option", "set", "huge-pages",
                        "--ioas", "2", "1", "--pid", "4242", schema_name="error", rc=2)
    assert "--force" in doc["error"]["message"] and "--force" in doc["error"]["hint"], doc
    code, _, err = run("--root", ROOT, "ioas", "allow", "1", "0x0+4K", "--pid", "4242")
    assert code == 2 and "needs --force" in err, err
    code, _, err = run("--root", ROOT, "ioas", "unmap", "1", "--all", "--pid", "4242")
    assert code == 2 and "needs --force" in err, err


@test
def pid_fd_checks():
    doc, _ = run_json("--root", ROOT, "-j", "iommufd", "show", "--pid", "4242", "--fd", "9",
                      schema_name="error", rc=2)
    assert "anon_inode:kvm-vm, not /dev/iommu" in doc["error"]["message"], doc
    doc, _ = run_json("--root", ROOT, "-j", "iommufd", "show", "--pid", "99",
                      schema_name="error", rc=5)
    assert "holds no /dev/iommu fd" in doc["error"]["message"], doc
    doc, _ = run_json("--root", ROOT, "-j", "ioas", "ranges", "1", "--pid", "31337",
                      schema_name="error", rc=5)
    code, _, err = run("--root", ROOT, "ioas", "ranges", "1", "--fd", "5")
    assert code == 2 and "--fd goes with --pid" in err, err
    code, _, err = run("--root", ROOT, "ioas", "ranges", "1", "--pid", "4242", "--ctx",
                       "iommufd0")
    assert code == 2 and "give one" in err, err


# ---- bad input: exit 2, the token named, nothing touched ----------------------------

@test
def bad_input_names_the_token():
    cases = [
        (["iommufd", "option", "set", "rlimit-mode", "7"], "expected 0 or 1"),
        (["iommufd", "option", "get", "huge-page", "--ioas", "1"], "huge-page"),
        (["iommufd", "option", "frob", "rlimit-mode"], "frob"),
        (["iommufd", "option", "set", "huge-pages", "1"], "--ioas"),
        (["iommufd", "option", "get", "exclusive-ranges", "--ioas", "1"], "--device"),
        (["iommufd", "destroy", "0"], "expected an iommufd object id"),
        (["ioas", "map", "1", "64K"], "--iova"),
        (["ioas", "map", "1", "--auto", "--iova", "0x1000", "64K"], "one of them"),
        (["ioas", "map", "1", "--auto", "4K", "--file", "/dev/shm/x:zz"], "'zz'"),
        (["ioas", "unmap", "1"], "RANGE or --all"),
        (["ioas", "allow", "1", "0x2000-0x1000"], "0x2000-0x1000"),
        (["iommufd", "show", "--probe", "0"], "--probe 0"),
    ]
    for args, needle in cases:
        code, out, err = run("--root", ROOT, *args)
        assert code == 2, (args, code, err)
        assert needle in err, (args, err)
        assert out == "", (args, out)


@test
def no_context_in_a_one_shot_command():
    doc, _ = run_json("-j", "ioas", "alloc", schema_name="error", rc=2)
    assert "no iommufd context is open" in doc["error"]["message"], doc
    assert "iommufd open" in doc["error"]["hint"], doc


@test
def open_without_dev_iommu_is_not_supported():
    with tempfile.TemporaryDirectory() as empty:
        doc, _ = run_json("--root", empty, "-j", "iommufd", "open", schema_name="error", rc=4)
    e = doc["error"]
    assert e["path"] == "/dev/iommu" and e["code"] == "not_supported", e
    assert "CONFIG_IOMMUFD" in e["message"] and "host features" in e["hint"], e


# ---- a session on a stand-in /dev/iommu -------------------------------------------------
# The fixture's dev/iommu is a link to /dev/null: a character device, so it
# opens, and every iommufd ioctl on it fails with ENOTTY.

@test
def session_on_a_file_that_is_no_iommufd():
    lines = ["iommufd open", "session list", "iommufd show", "-n ioas alloc",
             "-n ioas map 1 --iova 0x1000000 64K", "-n device bind /dev/vfio/devices/vfio0",
             "-n iommufd option set rlimit-mode 1", "ioas alloc", "iommufd close",
             "session list"]
    code, out, err = run("--root", ROOT, "-j", "-k", "-b", "-", stdin="\n".join(lines) + "\n")
    assert code == 7, (code, err)
    doc = json.loads(out)
    seen = check_entries(doc)
    assert ("iommufd", "open") in seen and ("iommufd", "show") in seen, seen
    show = doc[2]["result"]
    assert show["owned"] is True and "rlimit_mode" not in show, show   # ENOTTY: left out
    ops = [o for e in doc[3:7] for o in e["result"]["operations"]]
    assert ops[0] == {"ioctl": "IOMMU_IOAS_ALLOC", "request": "0x3b81",
                      "iommufd": "iommufd0", "size": 12, "flags": "0x0"}, ops
    assert ops[1]["ioctl"] == "IOMMU_IOAS_MAP" and ops[1]["flags"] == "0x7", ops
    assert ops[1]["iova"] == "0x1000000" and ops[1]["length"] == 65536, ops
    assert ops[2] == {"open": "/dev/vfio/devices/vfio0", "flags": "O_RDWR"}, ops
    assert ops[3]["ioctl"] == "VFIO_DEVICE_BIND_IOMMUFD" and ops[3]["request"] == "0x3b76"
    assert ops[4]["option_id"] == 0 and ops[4]["val64"] == 1, ops
    err8 = doc[7]["error"]
    assert doc[7]["exit_code"] == 4 and err8["errno_name"] == "ENOTTY", err8
    assert err8["ioctl"] == "IOMMU_IOAS_ALLOC" and "not an iommufd" in err8["hint"], err8
    assert doc[9]["result"] == [], doc[9]


@test
def repl_completes_context_names():
    with tempfile.TemporaryDirectory() as state:
        env = {"HOME": state, "XDG_STATE_HOME": state, "TERM": "dumb",
               "PATH": os.environ["PATH"], "VMMCTL_ROOT": ROOT}
        t = Pty(env)
        t.read_until("vmmctl> ")
        t.send("iommufd open\r")
        t.read_until("iommufd0")
        t.read_until("vmmctl> ")
        t.send("ioas alloc --ctx iom\t")
        t.read_until("iommufd0 ")
        t.send("\r")                          # runs: the stand-in answers ENOTTY
        t.read_until("not an iommufd")
        t.read_until("vmmctl> ")
        t.send("iommufd option get hu\t")
        t.read_until("huge-pages ")
        t.send("--ioas 1\r")
        t.read_until("option get huge-pages")
        t.read_until("vmmctl> ")
        t.send("quit\r")
        assert t.wait() == 0


# ---- what the rig's real kernel answered -----------------------------------------------

@test
def rig_outputs_match_the_schemas():
    path = os.path.join(ROOT, "rig-batch.json")
    with open(path) as f:
        doc = json.load(f)
    seen = check_entries(doc)
    want = {k for k in SCHEMAS if k[0] in ("iommufd", "ioas", "device")} - {
        ("device", "bind"), ("device", "detach"), ("iommufd", "close")}
    assert want <= seen, sorted(want - seen)
    hw = [e["result"] for e in doc if e["command"][:2] == ["device", "hw-info"] and "result" in e]
    assert hw[0]["data"] == {"flags": "0x0", "test_reg": "0xdeadbeef"}, hw
    with open(os.path.join(ROOT, "rig-show-pid.json")) as f:
        show = json.load(f)
    validate(show, "iommufd-show")
    assert show["owned"] is False and show["probed"] == {"first": 1, "last": 64}, show


if __name__ == "__main__":
    sys.exit(main())
