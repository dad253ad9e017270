# SPDX-License-Identifier: GPL-3.0-or-later
"""Validates every JSON answer tests/schema/capture.sh kept (N.args, N.out,
N.rc and N.in in DIR) against its command's schema in tests/schema: an
error object against error.json and with the exit status it names, a dry
run against dry-run.json, a batch against batch.json and each entry's
result by the entry's own command.  A command with no schema is a
failure: every command has one.  Prints TAP lines.

usage: captured.py DIR [LABEL]"""

import json
import os
import shlex
import sys

import jsonschema

SCHEMA_DIR = os.path.dirname(os.path.abspath(__file__))

# global options that take a value (vmmctl(8) OPTIONS)
VALUED = {"--root", "--pci-dump", "-b", "--batch"}
# commands whose schema is not named OBJECT-COMMAND
SHARED = {
    ("vm", "close"): "closed",
    ("session", "close"): "closed",
    ("mem", "add"): "mem-region",
    ("mem", "move"): "mem-region",
    ("mem", "flags"): "mem-region",
    ("mem", "del"): "mem-region",
    ("tsm", "disconnect"): "tsm-connect",
    ("tsm", "unbind"): "tsm-bind",
    ("hyp", "trace", "on"): "hyp-status",
    ("hyp", "trace", "off"): "hyp-status",
    ("hyp", "trace", "clear"): "hyp-status",
    ("hyp", "trace", "buffer"): "hyp-status",
    ("mr", "read"): "mr-register",
    ("mr", "extend"): "mr-register",
}

_schemas = {}


def validate(doc, name):
    if name not in _schemas:
        with open(os.path.join(SCHEMA_DIR, name + ".json")) as f:
            _schemas[name] = json.load(f)
    s = _schemas[name]
    resolver = jsonschema.RefResolver("file://" + SCHEMA_DIR + "/", s)
    jsonschema.Draft7Validator(s, resolver=resolver).validate(doc)


def words_of(args):
    """The command words of an argument list: no options, no option values
    of the global options that take one."""
    words, skip = [], False
    for a in args:
        if skip:
            skip = False
        elif a in VALUED:
            skip = True
        elif not a.startswith("-"):
            words.append(a)
    return words


def schema_of(words):
    for k in (3, 2):
        if tuple(words[:k]) in SHARED:
            return SHARED[tuple(words[:k])]
    for k in (3, 2, 1):
        name = "-".join(words[:k])
        if len(words) >= k and os.path.exists(os.path.join(SCHEMA_DIR, name + ".json")):
            return name
    return None


def check_result(doc, args, rc=None):
    """doc is one command's answer (or a batch entry's result); rc, when
    known, the exit status an error object must carry."""
    if isinstance(doc, dict) and "error" in doc and len(doc) == 1:
        validate(doc, "error")
        if rc is not None and doc["error"]["exit_code"] != rc:
            raise AssertionError(f"exit {rc}, but the error object says {doc['error']['exit_code']}")
        return "error"
    if rc is not None and rc not in (0, 7):
        raise AssertionError(f"exit {rc} without an error object")
    if "-n" in args or "--dry-run" in args:
        if isinstance(doc, dict) and doc.get("dry_run") is True:
            validate(doc, "dry-run")
            return "dry-run"
    name = schema_of(words_of(args))
    if name is None:
        raise AssertionError(f"no schema for {' '.join(words_of(args)) or '(no command)'}")
    validate(doc, name)
    return name


def check(args, out, lines=None, rc=None):
    docs = []
    try:
        docs.append(json.loads(out))
    except json.JSONDecodeError:
        # several documents: vm stats per interval, a stream of lines
        docs = [json.loads(line) for line in out.splitlines() if line.strip()]
    names = []
    if "-i" in args:
        # the shell: one answer per command line it read
        if lines is None:
            raise AssertionError("the shell's input was not captured")
        cmds = [shlex.split(line, comments=True) for line in lines]
        cmds = [c for c in cmds if c]
        if len(cmds) != len(docs):
            raise AssertionError(f"{len(docs)} answers to {len(cmds)} command lines")
        glob = [a for a in args if a.startswith("-")]
        return [check_result(d, glob + c) for d, c in zip(docs, cmds)]
    batch = "-b" in args or "--batch" in args
    for doc in docs:
        if batch and isinstance(doc, list):
            validate(doc, "batch")
            for e in doc:
                if "result" in e:
                    cmd = e["command"]
                    glob = [a for a in args if a in ("-n", "--dry-run")]
                    names.append(check_result(e["result"], glob + cmd))
            names.append("batch")
        else:
            names.append(check_result(doc, args, rc))
    return names


def main():
    d = sys.argv[1]
    label = sys.argv[2] if len(sys.argv) > 2 else "live"
    n = bad = 0
    seen = {}
    for f in sorted(os.listdir(d)):
        if not f.endswith(".args"):
            continue
        base = os.path.join(d, f[:-5])
        with open(base + ".args", "rb") as fa:
            args = [a.decode() for a in fa.read().split(b"\0")[:-1]]
        with open(base + ".out", errors="replace") as fo:
            out = fo.read()
        if not out.strip():
            continue   # -o FILE: the answer went to the file
        with open(base + ".rc") as fr:
            rc = int(fr.read())
        lines = None
        if os.path.exists(base + ".in"):
            with open(base + ".in", errors="replace") as fi:
                lines = fi.read().splitlines()
        n += 1
        try:
            names = check(args, out, lines, rc)
            for name in names:
                seen[name] = seen.get(name, 0) + 1
            print(f"ok {n} - {label}: vmmctl {' '.join(args)}: {', '.join(names)}")
        except (AssertionError, json.JSONDecodeError, jsonschema.ValidationError) as e:
            bad += 1
            msg = str(e).splitlines()[0]
            print(f"not ok {n} - {label}: vmmctl {' '.join(args)}: {msg}")
            print(f"#   output: {out[:300]!r}")
    if n == 0:
        print(f"ok 1 - {label}: no JSON answer was captured # SKIP the live tests made none here")
        return 0
    kinds = ", ".join(f"{k} {v}" for k, v in sorted(seen.items()))
    print(f"# {label}: {n} JSON answers, {bad} invalid; schemas used: {kinds}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
