# SPDX-License-Identifier: GPL-3.0-or-later
"""CLI tests of attest show/verify and mr on evidence of all three vendors
made here by an independent generator (tests/helpers/attest-gen.py: Python's
cbor2 and cryptography, written from the CCA token draft, AMD's SNP ABI and
Intel's quote format): every field the generator set is compared with what
vmmctl decoded, every check must pass, and each tampering must fail with
exit 1 and its reason; bad input exits 2 naming where it stopped."""

import atexit
import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import test_cli  # noqa: E402
from attest_subset import subset  # noqa: E402
from test_cli import Skip, main, run, run_json, test, validate  # noqa: E402

test_cli._results.clear()
_tmp = tempfile.mkdtemp(prefix="vmm-attest.")
atexit.register(shutil.rmtree, _tmp, ignore_errors=True)
GEN = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "helpers", "attest-gen.py")
PY = "/usr/bin/python3"
NONCE = bytes(range(0x40, 0x80)).hex()
KEYS = os.path.join(_tmp, "keys")
_made = {}


def gen(kind, name, *extra):
    """Evidence NAME of KIND with its expect JSON (and aux table for snp)."""
    if name in _made:
        return _made[name]
    if not os.path.isdir(KEYS):
        p = subprocess.run([PY, GEN, "keys", KEYS], capture_output=True, text=True)
        if p.returncode:
            raise Skip("attest-gen.py keys failed (python3-cbor2, python3-cryptography?): "
                       + p.stderr.strip().splitlines()[-1])
    out = os.path.join(_tmp, name + ".bin")
    exp = os.path.join(_tmp, name + ".json")
    args = [PY, GEN, kind, "--keys", KEYS, "--nonce", NONCE, "--out", out, "--expect", exp]
    if kind == "snp":
        args += ["--aux", out + ".aux"]
    p = subprocess.run(args + list(extra), capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    with open(exp) as f:
        _made[name] = (out, json.load(f))
    return _made[name]


def flip(path, off, name):
    with open(path, "rb") as f:
        b = bytearray(f.read())
    b[off % len(b)] ^= 0x01
    out = os.path.join(_tmp, name)
    with open(out, "wb") as f:
        f.write(b)
    return out


VARIANTS = [
    ("cca", "cca-tag399-cose", []),
    ("cca", "cca-tag399-raw", ["--rak-format", "raw"]),
    ("cca", "cca-cmw-sha512", ["--envelope", "cmw", "--hash", "sha-512", "--rak-hash", "sha-512"]),
    ("cca", "cca-mixed-hash", ["--hash", "sha-512", "--rak-hash", "sha-256"]),
    ("snp", "snp-v2", ["--version", "2"]),
    ("snp", "snp-v3", ["--version", "3"]),
    ("snp", "snp-v4-vlek", ["--version", "4", "--signer", "vlek"]),
    ("snp", "snp-v5-turin", ["--version", "5", "--family", "0x1a"]),
    ("snp", "snp-v5-efi-guids", ["--version", "5", "--guid-order", "efi"]),
    ("tdx", "tdx-v4", ["--version", "4"]),
    ("tdx", "tdx-v5-td10", ["--version", "5", "--body", "td10"]),
    ("tdx", "tdx-v5-td15", ["--version", "5", "--body", "td15"]),
]


def verify_args(kind, out):
    if kind == "cca":
        return ["--key", os.path.join(KEYS, "cca-cpak.pub.pem")]
    if kind == "snp":
        return ["--aux", out + ".aux"]
    return []


@test
def every_field_equals_the_generators():
    for kind, name, extra in VARIANTS:
        out, want = gen(kind, name, *extra)
        doc, _ = run_json("-j", "attest", "show", out, schema_name="attest-show")
        subset(want, doc, name)


@test
def every_variant_verifies():
    for kind, name, extra in VARIANTS:
        out, _ = gen(kind, name, *extra)
        doc, _ = run_json("-j", "attest", "verify", out, "--nonce", NONCE,
                          *verify_args(kind, out), schema_name="attest-verify")
        v = doc["verification"]
        assert v["verified"] and not v["failed"], (name, v)
        names = {c["name"] for c in v["checks"] if c["outcome"] == "pass"}
        need = {"cca": {"realm-signature", "binding", "platform-signature", "nonce"},
                "snp": {"signature", "chain", "chain-root", "nonce"},
                "tdx": {"structure", "signature", "qe-binding", "nonce"}}[kind]
        assert need <= names, (name, names)


def failed(args, check):
    rc, out, err = run("-j", "attest", "verify", *args)
    assert rc == 1, (args, rc, err)
    doc = json.loads(out)
    validate(doc, "error")
    checks = {c["name"]: c for c in doc["result"]["verification"]["checks"]}
    assert checks[check]["outcome"] == "fail", (check, checks)
    assert checks[check]["reason"], checks[check]
    return checks


@test
def tampering_fails_with_the_reason():
    out, _ = gen("cca", "cca-tag399-cose")
    cpak = ["--key", os.path.join(KEYS, "cca-cpak.pub.pem")]
    raw = open(out, "rb").read()
    # a byte of the realm token's signature (its last bytes), of a claim, of the platform token's
    failed([flip(out, len(raw) - 3, "cca-sig.bin"), *cpak], "realm-signature")
    realm_nonce = raw.find(bytes.fromhex(NONCE))
    failed([flip(out, realm_nonce + 5, "cca-claim.bin"), *cpak], "realm-signature")
    failed([out, "--nonce", "00" + NONCE[2:], *cpak], "nonce")
    failed([out, "--key", os.path.join(KEYS, "cca-rak.pub.pem")], "platform-signature")
    s_out, _ = gen("snp", "snp-v5-turin", "--version", "5", "--family", "0x1a")
    failed([flip(s_out, 0x2a0 + 4, "snp-sig.bin"), "--aux", s_out + ".aux"], "signature")
    failed([flip(s_out, 0x90, "snp-meas.bin"), "--aux", s_out + ".aux"], "signature")
    failed([s_out, "--cert", os.path.join(KEYS, "snp-other.crt")], "signature")
    failed([s_out, "--aux", s_out + ".aux", "--nonce", NONCE[:-2] + "00"], "nonce")
    # the VCEK alone with a foreign root: the chain does not reach a root
    c = failed([s_out, "--cert", os.path.join(KEYS, "snp-vcek.crt"), "--cert",
                os.path.join(KEYS, "snp-other.crt"), "--cert", os.path.join(KEYS, "snp-ark.crt")],
               "chain")
    assert "does not reach a root" in c["chain"]["reason"], c
    t_out, _ = gen("tdx", "tdx-v4", "--version", "4")
    failed([flip(t_out, 48 + 136, "tdx-mrtd.bin")], "signature")
    failed([t_out, "--nonce", "ff"], "nonce")


@test
def nothing_verifiable_is_exit_1_with_a_hint():
    out, _ = gen("snp", "snp-v3", "--version", "3")
    rc, _, err = run("attest", "verify", out)
    assert rc == 1 and "no check could be made" in err and "--cert" in err, (rc, err)


@test
def bad_input_exits_2_naming_where():
    cases = [(b"\x00" * 10, "offset 0"), (b"\xd9\x01\x8f\xa1\x19\xac\xca", "byte"),
             (b"\x04\x00\x02\x00\x81\x00\x00\x00" + b"\x00" * 40, "offset")]
    out, _ = gen("cca", "cca-tag399-cose")
    raw = open(out, "rb").read()
    cases.append((raw[:-10], "CBOR stops at byte"))
    cases.append((raw + b"\x00", "bytes after"))
    s_out, _ = gen("snp", "snp-v3", "--version", "3")
    sraw = bytearray(open(s_out, "rb").read())
    sraw[0] = 9
    cases.append((bytes(sraw), "version 9"))
    t_out, _ = gen("tdx", "tdx-v5-td15", "--version", "5", "--body", "td15")
    traw = bytearray(open(t_out, "rb").read())
    traw[48] = 7
    cases.append((bytes(traw), "body type 7"))
    # a CBOR map that declares far more items than bytes follow (libcbor would allocate them)
    cases.append((b"\xd9\x01\x8f\xbb\x00\x00\x00\x10\x00\x00\x00\x00\x01\x02", "declares"))
    cases.append((b"\xa1\x19\xac\xca\x9b\x00\x00\x10\x00\x00\x00\x00\x00", "declares"))
    for i, (data, word) in enumerate(cases):
        path = os.path.join(_tmp, "bad%d.bin" % i)
        with open(path, "wb") as f:
            f.write(data)
        for cmd in ("show", "verify"):
            rc, out_, err = run("attest", cmd, path)
            assert rc == 2 and word in err and "Traceback" not in err, (i, cmd, rc, err)
            assert not out_, out_


@test
def stdin_and_aux_listing():
    out, want = gen("snp", "snp-v5-efi-guids", "--version", "5", "--guid-order", "efi")
    p = subprocess.run([test_cli.VMMCTL, "-j", "attest", "show", "-", "--aux", out + ".aux"],
                       stdin=open(out, "rb"), capture_output=True)
    assert p.returncode == 0, p.stderr
    doc = json.loads(p.stdout)
    validate(doc, "attest-show")
    kinds = [c["kind"] for c in doc["certificates"]]
    assert kinds == ["vcek", "ask", "ark"], kinds
    assert all(c["certificate"] for c in doc["certificates"])


@test
def text_output_names_fields():
    out, want = gen("tdx", "tdx-v4", "--version", "4")
    rc, text, err = run("attest", "show", out)
    assert rc == 0 and "Intel TDX evidence" in text and want["tdx"]["body"]["mrtd"] in text
    rc, text, err = run("attest", "verify", out, "--nonce", NONCE)
    assert rc == 0 and "verified: true" in text, (rc, text, err)


@test
def report_without_configfs_tsm_is_not_supported():
    root = os.path.join(_tmp, "root-none")
    os.makedirs(root)
    rc, _, err = run("--root", root, "attest", "report", "--nonce", "00")
    assert rc == 4 and "configfs-tsm" in err, (rc, err)
    rc, _, err = run("attest", "report", "--nonce", "zz")
    assert rc == 2 and "'zz'" in err, (rc, err)
    for bad in ("+1", " 1", "0x"):
        rc, _, err = run("attest", "report", "--nonce", bad)
        assert rc == 2 and "hex digits" in err, (bad, rc, err)
    rc, _, err = run("attest", "report", "--nonce", "00" * 65)
    assert rc == 2 and "1 to 64 bytes" in err, (rc, err)
    rc, out, err = run("-j", "--dry-run", "attest", "report", "--nonce", "0011")
    assert rc == 0, err
    ops = json.loads(out)["operations"]
    assert [o["path"].rsplit("/", 1)[1] for o in ops] == ["", "inblob"], ops
    assert ops[1]["value"] == "0011", ops


def mr_tree(name):
    root = os.path.join(_tmp, name)
    d = os.path.join(root, "sys/class/misc/tsm_mr_sample/measurements")
    os.makedirs(d)
    regs = {"rtmr1:sha384": bytes(48), "config_mr": b"c" * 64, "static_mr:sha384": b"s" * 48}
    for f, v in regs.items():
        with open(os.path.join(d, f), "wb") as fh:
            fh.write(v)
    os.chmod(os.path.join(d, "static_mr:sha384"), 0o444)
    return root, d


@test
def mr_list_read_and_refusals():
    root, d = mr_tree("mr1")
    doc, _ = run_json("--root", root, "-j", "mr", "list", schema_name="mr-list")
    regs = {r["file"]: r for r in doc["registers"]}
    assert set(regs) == {"rtmr1:sha384", "config_mr", "static_mr:sha384"}, regs
    assert regs["rtmr1:sha384"]["hash"] == "sha384" and regs["rtmr1:sha384"]["size"] == 48
    assert regs["config_mr"]["hash"] is None and regs["config_mr"]["value"] == (b"c" * 64).hex()
    rc, out, _ = run("--root", root, "__complete", "mr", "extend", "tsm_mr_sample/r")
    assert rc == 0 and out.split() == ["tsm_mr_sample/rtmr1:sha384"], out
    doc, _ = run_json("--root", root, "-j", "mr", "read", "rtmr1", schema_name="mr-register")
    assert doc["value"] == "00" * 48
    rc, _, err = run("--root", root, "mr", "extend", "rtmr1", "00" * 47)
    assert rc == 2 and "48 bytes" in err, (rc, err)
    rc, _, err = run("--root", root, "mr", "extend", "config_mr", "00" * 64)
    assert rc == 4 and "no hash algorithm" in err, (rc, err)
    rc, _, err = run("--root", root, "mr", "read", "nosuch")
    assert rc == 5 and "'nosuch'" in err, (rc, err)
    rc, out, err = run("--root", root, "-j", "--dry-run", "mr", "extend", "rtmr1", "11" * 48)
    assert rc == 0 and json.loads(out)["operations"][0]["bytes"] == "11" * 48, (rc, out, err)
    assert open(os.path.join(d, "rtmr1:sha384"), "rb").read() == bytes(48)


@test
def mr_extend_checks_what_it_reads_back():
    # a plain file stores the data instead of extending: the read-back must be refused
    root, d = mr_tree("mr2")
    if os.geteuid() != 0 and not os.access(os.path.join(d, "rtmr1:sha384"), os.W_OK):
        raise Skip("the tree is not writable")
    rc, out, err = run("--root", root, "-j", "mr", "extend", "rtmr1:sha384", "22" * 48)
    assert rc == 1 and "reads back" in err, (rc, err)
    import hashlib
    doc = json.loads(out)["result"]
    assert doc["expected"] == hashlib.sha384(bytes(48) + b"\x22" * 48).hexdigest(), doc
    assert doc["matches"] is False and doc["value"] == "22" * 48


if __name__ == "__main__":
    main()
