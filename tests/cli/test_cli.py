# SPDX-License-Identifier: GPL-3.0-or-later
"""CLI tests: the built binary, its exit codes, its JSON (validated against
tests/schema), its text, batch mode, and the REPL through a real
pseudo-terminal. Prints TAP-style lines for tests/run.sh."""

import errno
import fcntl
import json
import os
import pty
import select
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
import traceback

import jsonschema

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
SCHEMA_DIR = os.path.join(TOP, "tests", "schema")
FIXTURES = os.path.join(TOP, "tests", "fixtures")
VMMCTL = os.environ["VMMCTL"]

_schemas = {}
_results = []


class Skip(Exception):
    pass


def schema(name):
    if name not in _schemas:
        with open(os.path.join(SCHEMA_DIR, name + ".json")) as f:
            _schemas[name] = json.load(f)
    return _schemas[name]


def validate(doc, name):
    resolver = jsonschema.RefResolver("file://" + SCHEMA_DIR + "/", schema(name))
    jsonschema.Draft7Validator(schema(name), resolver=resolver).validate(doc)


def run(*args, stdin=None, env=None, timeout=20):
    e = dict(os.environ)
    e.pop("VMMCTL_ROOT", None)
    if env:
        e.update(env)
    p = subprocess.run([VMMCTL, *args], input=stdin, capture_output=True, text=True,
                       env=e, timeout=timeout)
    return p.returncode, p.stdout, p.stderr


def run_json(*args, schema_name=None, rc=0, **kw):
    code, out, err = run(*args, **kw)
    assert code == rc, f"exit {code}, expected {rc}; stderr: {err}"
    assert out.count("\n") == 1 or "-p" in args, f"not one compact document: {out!r}"
    doc = json.loads(out)
    if schema_name:
        validate(doc, schema_name)
    return doc, err


def test(fn):
    _results.append(fn)
    return fn


# ---- one-shot commands --------------------------------------------------------

@test
def version_text_and_json():
    code, out, _ = run("version")
    assert code == 0 and out.startswith("vmmctl "), out
    doc, _ = run_json("-j", "version", schema_name="version")
    assert doc["json_schema_version"] == 1
    assert doc["version"] in out
    doc2, _ = run_json("--version", "-j", schema_name="version")
    assert doc2 == doc


@test
def json_after_the_command():
    a, _ = run_json("-j", "version", schema_name="version")
    b, _ = run_json("version", "-j", schema_name="version")
    assert a == b


@test
def pretty_json_is_indented():
    code, out, _ = run("-p", "version")
    assert code == 0 and out.count("\n") > 3, out
    validate(json.loads(out), "version")


@test
def unknown_object_is_usage_error():
    code, out, err = run("bogus")
    assert code == 2, code
    assert out == "", out
    assert "unknown object 'bogus'" in err, err
    assert "hint:" in err and "host" in err, err


@test
def unknown_object_json_error_object():
    doc, err = run_json("-j", "bogus", schema_name="error", rc=2)
    assert doc["error"]["code"] == "usage" and doc["error"]["exit_code"] == 2, doc
    assert "bogus" in doc["error"]["message"]
    assert "unknown object" in err   # the text line still goes to stderr


@test
def quiet_json_error_keeps_stderr_empty():
    code, out, err = run("-q", "-j", "bogus")
    assert code == 2 and err == "", err
    validate(json.loads(out), "error")


@test
def near_miss_did_you_mean():
    code, _, err = run("hots", "features")
    assert code == 2 and "did you mean 'host'?" in err, err
    code, _, err = run("host", "featurs")
    assert code == 2 and "did you mean 'features'?" in err, err
    code, _, err = run("host", "features", "--jsn")
    assert code == 2 and "unknown option '--jsn'" in err and "--json" in err, err


@test
def no_prefix_matching():
    code, _, err = run("ho", "features")
    assert code == 2 and "unknown object 'ho'" in err, err
    code, _, err = run("host", "feat")
    assert code == 2, err


@test
def missing_command_and_extra_argument():
    code, _, err = run("host")
    assert code == 2 and "missing COMMAND" in err and "features" in err, err
    code, _, err = run("host", "features", "extra")
    assert code == 2 and "unexpected argument 'extra'" in err, err
    doc, _ = run_json("-j", "host", "features", "extra", schema_name="error", rc=2)
    assert doc["error"]["object"] == "host" and doc["error"]["command"] == "features"


@test
def help_goes_to_stdout():
    for args in (("help",), ("-h",), ("--help",)):
        code, out, err = run(*args)
        assert code == 0 and out.startswith("Usage: vmmctl"), (args, out, err)
        assert "host" in out
        # every global option in the OPTIONS line, each with its argument's name or none
        line = next(ln for ln in out.splitlines() if "OPTIONS :=" in ln)
        assert "(null)" not in line and "--openmetrics |" in line and "--root DIR" in line, line
    code, out, _ = run("host", "help")
    assert code == 0 and "vmmctl host features" in out, out
    code, out2, _ = run("help", "host")
    assert out2 == out
    code, out, _ = run("host", "features", "-h")
    assert code == 0 and out.startswith("Usage: vmmctl host features"), out
    code, _, err = run("help", "bogus")
    assert code == 2 and "unknown object 'bogus'" in err


@test
def missing_argument_hints_say_what_it_is():
    """Every command with a required argument, given none, names it and says
    what it is: the command table's description of it, and its choices."""
    doc, _ = run_json("-j", "help", schema_name="help")
    n = 0
    for o in doc["objects"]:
        for c in o["commands"]:
            req = [a for a in c["args"] if not a["optional"]]
            if not req or o["hidden"] or o["name"] in ("help", "set"):
                continue
            code, out, err = run(*[w for w in (o["name"], c["name"]) if w])
            a = req[0]
            assert code == 2 and f"missing {a['name']}" in err, (o["name"], c["name"], code, err)
            want = f"hint: expected {a['name']}: {a['help']}"
            if a.get("choices"):
                want += " (one of: " + ", ".join(a["choices"]) + ")"
            assert want in err, (o["name"], c["name"], err)
            n += 1
    assert n > 20, n


@test
def help_json_metadata():
    doc, _ = run_json("-j", "help", schema_name="help")
    names = [o["name"] for o in doc["objects"]]
    assert "host" in names and "version" in names
    one, _ = run_json("-j", "help", "host", schema_name="help")
    assert [o["name"] for o in one["objects"]] == ["host"]
    cmd, _ = run_json("-j", "help", "host", "features", schema_name="help")
    assert cmd["objects"][0]["commands"][0]["name"] == "features"
    dump, _ = run_json("__dump-commands", "-j", schema_name="help")
    assert [o["name"] for o in dump["objects"]] == names


@test
def self_test_passes():
    doc, _ = run_json("-j", "self-test", schema_name="self-test")
    assert doc["passed"] is True


@test
def complete_objects_commands_options():
    code, out, _ = run("__complete", "")
    objs = out.split()
    assert code == 0 and "host" in objs and "version" in objs, out
    assert "__complete" not in objs and "self-test" not in objs, out
    code, out, _ = run("__complete", "host", "")
    assert out.split() == ["features"], out
    code, out, _ = run("__complete", "host", "features", "--j")
    assert out.split() == ["--json"], out
    code, out, _ = run("__complete", "-j", "ho")
    assert out.split() == ["host"], out
    doc, _ = run_json("-j", "__complete", "h", schema_name="complete")
    assert sorted(doc) == ["help", "host", "hyp"], doc


@test
def no_command_without_terminal_exits_at_once():
    # standard input a pipe that stays open: a vmmctl that waited for a
    # line would never exit (and the timeout, far above any run, fails it)
    r, w = os.pipe()
    try:
        p = subprocess.run([VMMCTL], stdin=r, capture_output=True, text=True, timeout=60)
    finally:
        os.close(r)
        os.close(w)
    assert p.returncode == 2 and "not a terminal" in p.stderr, (p.returncode, p.stderr)
    doc, _ = run_json("-j", stdin="", schema_name="error", rc=2)
    assert doc["error"]["code"] == "usage"


@test
def repl_only_command_refused_outside_repl():
    code, _, err = run("set", "json", "on")
    assert code == 2 and "interactive shell" in err, err


@test
def stdout_write_error_is_failure():
    with open("/dev/full", "w") as full:
        p = subprocess.run([VMMCTL, "version"], stdout=full, stderr=subprocess.PIPE, text=True)
    assert p.returncode == 1 and "standard output" in p.stderr, (p.returncode, p.stderr)


@test
def bad_option_value_names_token():
    code, _, err = run("--root")
    assert code == 2 and "needs a value" in err, err
    code, _, err = run("-b", "x", "version")
    assert code == 2 and "unexpected 'version'" in err, err


# ---- host features ----------------------------------------------------------

def features(doc):
    return {f["name"]: f for f in doc["features"]}


@test
def host_features_fixture_root():
    root = os.path.join(FIXTURES, "host-basic")
    doc, _ = run_json("--root", root, "-j", "host", "features", schema_name="host-features")
    f = features(doc)
    with open(os.path.join(root, "proc/sys/kernel/osrelease")) as fh:
        assert doc["kernel_release"] == fh.read().strip()
    assert f["kvm"]["available"] is False and "no /dev/kvm" in f["kvm"]["reason"]
    assert f["tsm"]["available"] is True
    assert f["tsm"]["value"] == len(os.listdir(os.path.join(root, "sys/class/tsm")))
    assert f["vfio_cdev"]["value"] == len(os.listdir(os.path.join(root, "dev/vfio/devices")))
    vms = [d for d in os.listdir(os.path.join(root, "sys/kernel/debug/kvm")) if "-" in d]
    assert f["debugfs"]["available"] is True and f["debugfs_kvm"]["value"] == len(vms)
    assert f["iommufd"]["available"] is False
    assert f["root"]["available"] is False and f["root"]["value"] == 1000
    assert f["cap_sys_admin"]["available"] is True      # CapEff bit 21 in the fixture
    assert f["cap_sys_ptrace"]["available"] is False
    assert all(not c["available"] for c in doc["kvm_caps"])
    env_doc, _ = run_json("-j", "host", "features", env={"VMMCTL_ROOT": root})
    assert env_doc == doc


@test
def root_must_be_a_directory():
    """--root (or VMMCTL_ROOT) naming nothing, or a file that is not a
    snapshot, is a usage error naming it: before, it answered like an empty
    machine with exit 0."""
    with tempfile.TemporaryDirectory() as d:
        f = os.path.join(d, "file")
        open(f, "w").close()
        for root, why in ((os.path.join(d, "none"), "No such file or directory"),
                          (f, "neither a directory nor a snapshot tarball")):
            doc, _ = run_json("--root", root, "-j", "host", "features", schema_name="error", rc=2)
            assert root in doc["error"]["message"] and why in doc["error"]["message"], doc
            code, out, err = run("version", env={"VMMCTL_ROOT": root})
            assert code == 2 and out == "" and root in err, (code, out, err)
        doc, _ = run_json("--root", d, "-j", "host", "features", schema_name="host-features")


@test
def missing_interfaces_are_not_supported():
    """No node, or a regular file where a device node should be (what a
    shell `<>` redirection leaves behind): host features says why, and a
    command that needs the device exits 4 with the same reason and the
    device as the error's path; nothing under the root is created or
    written."""
    for kind in ("absent", "regular file"):
        root = tempfile.mkdtemp(prefix="vmmctl-noiface.")
        try:
            missing_interface(root, kind)
        finally:
            shutil.rmtree(root)


def missing_interface(root, kind):
    """One kind of missing node under root (see the test above)."""
    os.makedirs(os.path.join(root, "dev"))
    if kind == "regular file":
        for n in ("kvm", "iommu"):
            open(os.path.join(root, "dev", n), "w").close()
    before = sorted(os.listdir(os.path.join(root, "dev")))
    doc, _ = run_json("--root", root, "-j", "host", "features", schema_name="host-features")
    f = features(doc)
    for feat, dev, cmd in (("kvm", "/dev/kvm", ["vm", "create"]),
                           ("iommufd", "/dev/iommu", ["iommufd", "open"])):
        assert f[feat]["available"] is False
        why = f[feat]["reason"]
        assert (why.startswith("no " + dev + ":") if kind == "absent" else
                why == dev + " is not a character device"), (kind, why)
        err, _ = run_json("--root", root, "-j", *cmd, schema_name="error", rc=4)
        e = err["error"]
        assert e["code"] == "not_supported" and e["exit_code"] == 4, e
        assert e["path"] == dev and e["message"] == why, (e, why)
        assert "host features" in e["hint"], e
        code, out, text = run("--root", root, *cmd)
        assert code == 4 and out == "" and why in text, (code, out, text)
    assert sorted(os.listdir(os.path.join(root, "dev"))) == before
    for n in before:
        assert os.path.getsize(os.path.join(root, "dev", n)) == 0


@test
def host_features_text_matches_json():
    doc, _ = run_json("-j", "host", "features", schema_name="host-features")
    code, out, _ = run("host", "features")
    assert code == 0
    for item in doc["features"] + doc["kvm_caps"]:
        line = [l for l in out.splitlines() if l.split()[:1] == [item["name"]]]
        assert line, item["name"]
        assert ("yes" if item["available"] else "no") in line[0].split(), line
    assert "\\/" not in run("-j", "host", "features")[1]   # NOSLASHESCAPE


def fixture_copy(name, dst):
    """tests/fixtures/NAME copied to dst with the modes git cannot keep: the
    fixture's README lists the read-only files on INSTANT: lines."""
    src = os.path.join(FIXTURES, name)
    shutil.copytree(src, dst, symlinks=True)
    with open(os.path.join(src, "README")) as f:
        for line in f:
            if line.startswith("INSTANT:"):
                for p in line.split()[1:]:
                    os.chmod(os.path.join(dst, p), 0o444)
    return dst


def kvm_ioctl(fd, req, arg=0):
    return fcntl.ioctl(fd, req, arg)


def kvm_usable():
    """(True, "usable") or (False, why), decided as vmmctl decides it but read
    here: /dev/kvm is a character device, opens read-write (os.open without
    O_CREAT never creates it) and answers KVM_GET_API_VERSION with 12."""
    try:
        if not stat.S_ISCHR(os.stat("/dev/kvm").st_mode):
            return False, "/dev/kvm is not a character device"
        fd = os.open("/dev/kvm", os.O_RDWR | os.O_CLOEXEC)
    except OSError as e:
        return False, f"/dev/kvm: {e.strerror}"
    try:
        v = kvm_ioctl(fd, 0xae00)
    except OSError as e:
        return False, f"/dev/kvm: KVM_GET_API_VERSION: {e.strerror}"
    finally:
        os.close(fd)
    return v == 12, "usable" if v == 12 else f"/dev/kvm: KVM_GET_API_VERSION gives {v}"


@test
def host_features_agree_with_the_kernel():
    """Independent reads of the same facts: /dev/kvm ioctls, /proc, /sys."""
    doc, _ = run_json("-j", "host", "features", schema_name="host-features")
    f = features(doc)
    usable, why = kvm_usable()
    assert f["kvm"]["available"] is usable, (f["kvm"], why)
    if usable:
        fd = os.open("/dev/kvm", os.O_RDWR | os.O_CLOEXEC)
        try:
            assert f["kvm_api_version"]["value"] == kvm_ioctl(fd, 0xae00) == 12
            for cap in doc["kvm_caps"]:
                if "value" in cap:
                    assert cap["value"] == kvm_ioctl(fd, 0xae03, cap["cap"]), cap
        finally:
            os.close(fd)
    else:
        assert all(not c["available"] for c in doc["kvm_caps"])
    with open("/proc/sys/kernel/osrelease") as fh:
        assert doc["kernel_release"] == fh.read().strip()
    assert f["root"]["available"] == (os.geteuid() == 0)
    assert f["tsm"]["available"] == (os.path.isdir("/sys/class/tsm") and
                                     bool(os.listdir("/sys/class/tsm")))
    assert f["iommufd"]["available"] == (os.path.exists("/dev/iommu") and
                                         stat.S_ISCHR(os.stat("/dev/iommu").st_mode))
    with open("/proc/mounts") as fh:
        mounted = any(l.split()[1:3] == ["/sys/kernel/debug", "debugfs"] for l in fh)
    assert f["debugfs"]["available"] == mounted
    arch_only_items(doc)


# the items of one architecture, and the one it is
ARCH_ONLY = {"kvm_mode": "arm64", "protected_vms": "arm64", "hyp_tracing": "arm64",
             "mte_hwcap": "arm64", "kvm_vendor": "x86-64"}


def arch_only_items(doc):
    """One rule: an item of another architecture is listed, not available,
    with that architecture as the reason."""
    f = features(doc)
    mine = "arm64" if doc["arch"] == "aarch64" else "x86-64"
    for name, arch in ARCH_ONLY.items():
        assert name in f, (name, sorted(f))
        if arch != mine:
            assert f[name]["available"] is False and f[name]["reason"] == arch + " only", f[name]


# ---- batch ------------------------------------------------------------------

@test
def batch_runs_every_line():
    code, out, err = run("-b", "-", stdin="version\nhost features\n")
    assert code == 0, err
    assert out.startswith("vmmctl ") and "kvm_caps" in out, out


@test
def batch_stops_at_first_failure():
    code, out, err = run("-b", "-", stdin="version\nbogus\nversion\n")
    assert code == 2, code
    assert out.count("vmmctl ") == 1, out
    assert "<stdin>:2:" in err, err


@test
def batch_keep_going_exits_partial():
    code, out, err = run("-k", "-b", "-", stdin="version\nbogus\nversion\n")
    assert code == 7 and out.count("vmmctl ") == 2, (code, out)


@test
def batch_file_tokenizer_and_line_numbers():
    with tempfile.NamedTemporaryFile("w", suffix=".vmm", delete=False) as f:
        f.write("# a comment\n\nhelp \\\n  host   # continued\n"
                "'version' -j\nhelp \"bo\ngus\"\n")
        name = f.name
    try:
        code, out, err = run("-b", name)
        assert code == 2, (code, err)
        assert "Usage: vmmctl host features" in out, out
        assert '"json_schema_version":1' in out, out
        assert f"{name}:6:" in err and "unknown object 'bo\ngus'" in err, err
    finally:
        os.unlink(name)


@test
def batch_json_one_array():
    doc, _ = run_json("-j", "-k", "-b", "-", stdin="version\nbogus\nhost features\n",
                      schema_name="batch", rc=7)
    assert [e["line"] for e in doc] == [1, 2, 3]
    assert [e["exit_code"] for e in doc] == [0, 2, 0]
    validate(doc[0]["result"], "version")
    validate({"error": doc[1]["error"]}, "error")
    validate(doc[2]["result"], "host-features")
    assert doc[1]["command"] == ["bogus"]


@test
def run_options_in_clusters():
    doc, _ = run_json("-jkb", "-", stdin="version\nbogus\n", schema_name="batch", rc=7)
    assert [e["exit_code"] for e in doc] == [0, 2]
    code, out, _ = run("-vh")
    assert code == 0 and out.startswith("Usage: vmmctl"), out
    code, _, err = run("-jb")
    assert code == 2 and "'-jb' needs a value" in err, err


@test
def batch_unterminated_quote_and_missing_file():
    code, _, err = run("-b", "-", stdin="version\nhelp 'host\n")
    assert code == 2 and "<stdin>:2:" in err and "unterminated" in err, err
    code, _, err = run("-b", "/nonexistent/batch")
    assert code == 5 and "/nonexistent/batch" in err, (code, err)


@test
def batch_refuses_nested_run_options():
    code, _, err = run("-b", "-", stdin="-b x version\n")
    assert code == 2 and "only valid before the command" in err, err


# ---- the REPL, through a pseudo-terminal ---------------------------------------

class Pty:
    def __init__(self, env):
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.execve(VMMCTL, [VMMCTL], env)
        self.buf = b""

    def read_until(self, needle, timeout=30.0):
        end = time.monotonic() + timeout
        while needle.encode() not in self.buf:
            left = end - time.monotonic()
            if left <= 0:
                raise AssertionError(f"timeout waiting for {needle!r}; screen: {self.buf[-400:]!r}")
            r, _, _ = select.select([self.fd], [], [], left)
            if r:
                try:
                    data = os.read(self.fd, 4096)
                except OSError as e:
                    if e.errno == errno.EIO:
                        break
                    raise
                if not data:
                    break
                self.buf += data
        if needle.encode() not in self.buf:
            raise AssertionError(f"{needle!r} not on screen: {self.buf[-400:]!r}")
        i = self.buf.index(needle.encode()) + len(needle)
        seen, self.buf = self.buf[:i], self.buf[i:]
        return seen.decode(errors="replace")

    def send(self, text):
        os.write(self.fd, text.encode())

    def wait(self, timeout=30.0):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                return os.waitstatus_to_exitcode(status)
            try:
                r, _, _ = select.select([self.fd], [], [], 0.1)
                if r:
                    os.read(self.fd, 4096)
            except OSError:
                pass
        os.kill(self.pid, signal.SIGKILL)
        raise AssertionError("REPL did not exit")


@test
def repl_completion_json_ctrl_c_history():
    with tempfile.TemporaryDirectory() as state:
        env = {"HOME": state, "XDG_STATE_HOME": state, "TERM": "dumb", "PATH": os.environ["PATH"]}
        t = Pty(env)
        t.read_until("vmmctl> ")
        t.send("ho\t")
        t.read_until("host ")                 # TAB completed the object
        t.send("fe\t")
        t.read_until("features")              # and the command
        t.send("\r")
        t.read_until("kvm_caps")
        t.read_until("vmmctl> ")
        t.send("set json on\r")
        t.read_until('"json":true')
        t.read_until("vmmctl> ")
        t.send("version\r")
        t.read_until('"json_schema_version":1')
        t.read_until("vmmctl> ")
        t.send("hos")
        t.read_until("hos")
        t.send("\x03")                        # Ctrl-C drops the line, not the shell
        t.read_until("vmmctl> ")
        t.send("session list\r")
        t.read_until("[]")
        t.read_until("vmmctl> ")
        t.send("bogus\r")
        t.read_until("unknown object 'bogus'")
        t.read_until("vmmctl> ")
        t.send("help \\\r")
        t.read_until("....> ")                # continuation prompt
        t.send("host\r")
        t.read_until("vmmctl host features")
        t.read_until("vmmctl> ")
        t.send("quit\r")
        assert t.wait() == 0
        with open(os.path.join(state, "vmmctl", "history")) as h:
            hist = h.read().splitlines()
        assert "version" in hist and "set json on" in hist, hist
        assert "hos" not in hist, hist


@test
def shell_settings_and_session_list_json():
    with tempfile.TemporaryDirectory() as home:    # the REPL keeps its history there
        code, out, err = run("-i", stdin="set json on\nsession list\n",
                             env={"TERM": "dumb", "HOME": home, "XDG_STATE_HOME": ""})
    assert code == 0, err
    lines = [l for l in out.splitlines() if l.strip()]
    validate(json.loads(lines[0]), "set")
    assert json.loads(lines[0])["json"] is True
    validate(json.loads(lines[1]), "session-list")
    doc, _ = run_json("-j", "-b", "-", stdin="session list\n", schema_name="batch")
    validate(doc[0]["result"], "session-list")
    code, _, err = run("session", "close", "vm0")
    assert code == 5 and "no session object 'vm0'" in err, (code, err)


@test
def repl_forced_with_i_reads_until_eof():
    with tempfile.TemporaryDirectory() as home:
        code, out, err = run("-i", stdin="version\n",
                             env={"TERM": "dumb", "HOME": home, "XDG_STATE_HOME": ""})
        hist = os.path.join(home, ".local/state/vmmctl/history")
        assert os.path.exists(hist), "without XDG_STATE_HOME the history is under HOME"
    assert code == 0 and "vmmctl 0." in out, (code, out, err)


def main():
    passed = failed = skipped = 0
    for n, fn in enumerate(_results, 1):
        try:
            fn()
            print(f"ok {n} - {fn.__name__}")
            passed += 1
        except Skip as s:
            print(f"ok {n} - {fn.__name__} # SKIP {s}")
            skipped += 1
        except Exception:
            print(f"not ok {n} - {fn.__name__}")
            for line in traceback.format_exc().splitlines():
                print("#   " + line)
            failed += 1
    print(f"# {passed} passed, {failed} failed, {skipped} skipped")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
