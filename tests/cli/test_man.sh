#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Man pages: lint (groff -ww; mandoc -Tlint when installed), then drift against
# the command table from `vmmctl -j __dump-commands`, in both directions:
# every visible object has man/vmmctl-OBJECT.8 naming each of its commands in
# bold in SYNOPSIS or COMMANDS, builtins and global options are in vmmctl.8,
# and every man/vmmctl-X.8 names an object that exists. Negative controls
# show the drift check fails on a page that lost a command, an option, or
# that describes an object the binary does not have.
#
# Environment: VMMCTL (the binary), PYTHON.
set -u
: "${VMMCTL:?VMMCTL must name the vmmctl binary}"
PYTHON=${PYTHON:-python3}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
man=$top/man
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() {
	n=$((n + 1))
	echo "not ok $n - $1"
	[ $# -gt 1 ] && [ -n "$2" ] && printf '%s\n' "$2" | sed 's/^/#   /'
	return 0
}
skip() { n=$((n + 1)); echo "ok $n - $1 # SKIP $2"; }

set -- "$man"/*.8
if [ ! -f "$1" ]; then
	echo "not ok 1 - man pages exist in man/"
	exit 1
fi

# ---- lint ----------------------------------------------------------------
for p in "$man"/*.8; do
	b=$(basename "$p")
	if head -n 1 "$p" | grep -q '^\.\\" SPDX-License-Identifier: GPL-3.0-or-later$'; then
		ok "$b: SPDX header on the first line"
	else
		not_ok "$b: SPDX header on the first line"
	fi
	if grep -q '^\.TH .*@VERSION@' "$p"; then ok "$b: .TH carries @VERSION@"
	else not_ok "$b: .TH carries @VERSION@"; fi
	# lint the page as make install writes it
	sed 's/@VERSION@/0.0.0/g' "$p" >"$tmp/$b"
	if ! command -v groff >/dev/null 2>&1; then
		skip "$b: groff -man -ww -z" "groff is not installed"
	elif out=$(groff -man -ww -z "$tmp/$b" 2>&1) && [ -z "$out" ]; then
		ok "$b: groff -man -ww -z is silent"
	else
		not_ok "$b: groff -man -ww -z is silent" "$out"
	fi
	if command -v mandoc >/dev/null 2>&1; then
		out=$(mandoc -Tlint -W warning "$tmp/$b" 2>&1)
		if [ -z "$out" ]; then ok "$b: mandoc -Tlint -W warning is silent"
		else not_ok "$b: mandoc -Tlint -W warning is silent" "$out"; fi
	else
		skip "$b: mandoc -Tlint" "mandoc is not installed"
	fi
done

# ---- drift ---------------------------------------------------------------
if ! command -v "$PYTHON" >/dev/null 2>&1; then
	skip "drift between the command table and the man pages" "no python ($PYTHON)"
	echo "1..$n"
	exit 0
fi
if ! command -v groff >/dev/null 2>&1; then
	skip "drift between the command table and the man pages" "groff is not installed"
	echo "1..$n"
	exit 0
fi
if ! "$VMMCTL" -j __dump-commands >"$tmp/meta.json" 2>"$tmp/meta.err"; then
	not_ok "vmmctl -j __dump-commands" "$(cat "$tmp/meta.err")"
	echo "1..$n"
	exit 1
fi

"$PYTHON" - "$tmp/meta.json" "$man" "$tmp" >"$tmp/drift" 2>&1 <<'EOF'
import json, os, re, shutil, subprocess, sys

meta_path, mandir, tmp = sys.argv[1:4]
with open(meta_path) as f:
    meta = json.load(f)
# objects without a page of their own; the metadata may say so itself
BUILTINS = {"help", "version", "session", "set"}
OBJECT_SECTIONS = ["NAME", "SYNOPSIS", "DESCRIPTION", "COMMANDS", "JSON OUTPUT",
                   "EXIT STATUS", "EXAMPLES", "SEE ALSO"]
MAIN_SECTIONS = ["NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "COMMANDS", "JSON OUTPUT",
                 "EXIT STATUS", "ENVIRONMENT", "FILES", "EXAMPLES", "SEE ALSO"]
CLUSTER = re.compile(r"(?:.\x08)+.|.")


def builtin(o):
    return o.get("builtin", o["name"] in BUILTINS)


def render(path):
    """Sections of the page: name -> list of bold runs (bold words joined by single spaces)."""
    with open(path) as f:
        src = f.read().replace("@VERSION@", "0.0.0")
    # no hyphenation, long lines: a bold name must come out whole
    src = re.sub(r"^(\.TH .*)$", r"\1\n.nh", src, count=1, flags=re.M)
    out = subprocess.run(["groff", "-man", "-Tascii", "-P-c", "-rLL=300n", "-rcR=1"],
                         input=src.encode(), stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL, check=False).stdout.decode("ascii", "replace")
    sections, cur = {}, None
    for line in out.splitlines():
        cells = []
        for cl in CLUSTER.findall(line):
            ch = cl[-1]
            bold = "\x08" in cl and cl.count(ch) >= 2 and ch != "_" or cl.startswith(ch + "\x08" + ch)
            cells.append((ch, bold))
        text = "".join(c for c, _ in cells)
        if text and not text[0].isspace():
            cur = text.strip()
            sections.setdefault(cur, [])
            continue
        if cur is None:
            continue
        runs, run, gap = [], "", ""
        for ch, bold in cells:
            if bold and not ch.isspace():
                if run and gap == " ":
                    run += " "
                elif gap:
                    runs.append(run)
                    run = ""
                run += ch
                gap = ""
            else:
                gap += ch
                if gap != " " and run:
                    runs.append(run)
                    run = ""
        if run:
            runs.append(run)
        sections[cur].extend(r for r in runs if r)
    return sections


def has_cmd(sections, where, obj, name):
    """obj name (or obj for a verb-less command) in bold, or name alone in bold."""
    words = (obj + " " + name) if name else obj
    pat = re.compile(r"(^|\s)" + re.escape(words) + r"(\s|$)")
    for s in where:
        for r in sections.get(s, []):
            if pat.search(r) or (name and r == name):
                return True
    return False


def bold_anywhere(sections, word):
    pat = re.compile(r"(^|\s)" + re.escape(word) + r"(\s|$)")
    return any(pat.search(r) for runs in sections.values() for r in runs)


def drift(mandir):
    res = []

    def check(cond, desc, detail=""):
        res.append((bool(cond), desc, detail))

    objs = {o["name"]: o for o in meta["objects"]}
    main = os.path.join(mandir, "vmmctl.8")
    mains = render(main) if os.path.exists(main) else {}
    check(mains, "vmmctl.8 exists")
    missing = [s for s in MAIN_SECTIONS if s not in mains]
    check(not missing, "vmmctl.8 has the sections " + ", ".join(MAIN_SECTIONS),
          "missing: " + ", ".join(missing))
    for o in meta["objects"]:
        if o.get("hidden"):
            continue
        cmds = [c for c in o["commands"] if "hidden" not in c.get("flags", [])]
        if builtin(o):
            for c in cmds:
                label = (o["name"] + " " + c["name"]).strip()
                check(has_cmd(mains, ["SYNOPSIS", "COMMANDS"], o["name"], c["name"]),
                      "vmmctl.8 names builtin '%s' in bold in SYNOPSIS or COMMANDS" % label)
                for a in c.get("aliases", []):
                    check(bold_anywhere(mains, a) or bold_anywhere(mains, o["name"] + " " + a),
                          "vmmctl.8 names the alias '%s' of '%s'" % (a, label))
            continue
        page = os.path.join(mandir, "vmmctl-%s.8" % o["name"])
        if not os.path.exists(page):
            check(False, "man/vmmctl-%s.8 exists for object '%s'" % (o["name"], o["name"]))
            continue
        check(True, "man/vmmctl-%s.8 exists for object '%s'" % (o["name"], o["name"]))
        secs = render(page)
        missing = [s for s in OBJECT_SECTIONS if s not in secs]
        check(not missing, "vmmctl-%s.8 has the sections %s" % (o["name"], ", ".join(OBJECT_SECTIONS)),
              "missing: " + ", ".join(missing))
        for c in cmds:
            label = (o["name"] + " " + c["name"]).strip()
            check(has_cmd(secs, ["SYNOPSIS", "COMMANDS"], o["name"], c["name"]),
                  "vmmctl-%s.8 names '%s' in bold in SYNOPSIS or COMMANDS" % (o["name"], label))
            for a in c.get("aliases", []):
                check(bold_anywhere(secs, a),
                      "vmmctl-%s.8 names the alias '%s' of '%s'" % (o["name"], a, label))
    opts = mains.get("OPTIONS", [])
    for g in meta["global_options"]:
        long_ = "--" + g["name"]
        check(any(re.search(r"(^|\s)" + re.escape(long_) + r"(\s|$)", r) for r in opts),
              "vmmctl.8 OPTIONS has %s in bold" % long_)
        if g.get("short"):
            short = "-" + g["short"]
            check(any(re.search(r"(^|\s)" + re.escape(short) + r"(\s|$)", r) for r in opts),
                  "vmmctl.8 OPTIONS has %s in bold" % short)
    # the other direction: no page for an object the binary does not have
    for f in sorted(os.listdir(mandir)):
        m = re.fullmatch(r"vmmctl-(.+)\.8", f)
        if not m:
            continue
        o = objs.get(m.group(1))
        check(o is not None and not o.get("hidden") and not builtin(o),
              "man/%s describes an existing object" % f,
              "no visible, non-builtin object '%s' in the command table" % m.group(1))
    return res


def emit(res, prefix=""):
    for passed, desc, detail in res:
        print("%s\t%s%s\t%s" % ("ok" if passed else "not ok", prefix, desc,
                                "" if passed else detail))


real = drift(mandir)
emit(real)

# negative controls on a copy of the pages: each must make the check fail
def control(desc, edit, expect):
    d = os.path.join(tmp, "control")
    shutil.rmtree(d, ignore_errors=True)
    shutil.copytree(mandir, d)
    edit(d)
    failed = [r[1] for r in drift(d) if not r[0]]
    hit = any(expect in f for f in failed)
    print("%s\tdrift check catches %s\t%s" % ("ok" if hit else "not ok", desc,
          "" if hit else "failures: " + "; ".join(failed) or "none"))


def edit_file(path, fn):
    with open(path) as f:
        s = f.read()
    with open(path, "w") as f:
        f.write(fn(s))


def roff_forms(word):
    return [word.replace("-", "\\-"), word]


def scrub(s, word):
    for w in roff_forms(word):
        s = re.sub(r"(?<![\w\\-])" + re.escape(w) + r"(?![\w\\-])", "zzz", s)
    return s


kernel = [o for o in meta["objects"] if not o.get("hidden") and not builtin(o)]
if kernel:
    o = kernel[0]
    c = next((c for c in o["commands"] if c["name"]), None)
    if c:
        control("a page without the command '%s %s'" % (o["name"], c["name"]),
                lambda d: edit_file(os.path.join(d, "vmmctl-%s.8" % o["name"]),
                                    lambda s: scrub(s, c["name"])),
                "'%s %s'" % (o["name"], c["name"]))
    control("a missing page for object '%s'" % o["name"],
            lambda d: os.remove(os.path.join(d, "vmmctl-%s.8" % o["name"])),
            "vmmctl-%s.8 exists" % o["name"])
g = meta["global_options"][-1]
control("vmmctl.8 without the option --%s" % g["name"],
        lambda d: edit_file(os.path.join(d, "vmmctl.8"), lambda s: scrub(s, "--" + g["name"])),
        "--" + g["name"])
control("a page for an object that does not exist",
        lambda d: shutil.copy(os.path.join(d, "vmmctl.8"), os.path.join(d, "vmmctl-nosuchobject.8")),
        "vmmctl-nosuchobject.8 describes an existing object")
control("vmmctl.8 without 'session close'",
        lambda d: edit_file(os.path.join(d, "vmmctl.8"),
                            lambda s: s.replace("session close", "session zzz")),
        "'session close'")
EOF
st=$?
while IFS='	' read -r res desc detail; do
	case $res in
	ok) ok "$desc" ;;
	"not ok") not_ok "$desc" "$detail" ;;
	*) not_ok "drift checker output" "$res $desc $detail" ;;
	esac
done <"$tmp/drift"
[ "$st" = 0 ] || not_ok "drift checker ran (exit $st)"
echo "1..$n"
