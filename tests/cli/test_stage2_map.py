# SPDX-License-Identifier: GPL-3.0-or-later
"""CLI tests of stage2 map and stage2 diff --svg: the built binary on the
dumps captured in the arm64 rig (tests/fixtures/stage2, the committed
snapshot) and on dumps written here. Every cell is checked against the
bytes an independent reader of the dump format (a regular expression and
the kernel's columns) puts in it, the totals against `stage2 summary`, the
SVG with an XML parser, and the SVG as Chromium draws it, pixel by pixel,
read back through a PNG decoder written here."""

import atexit
import json
import os
import pty
import re
import shutil
import struct
import subprocess
import sys
import tarfile
import tempfile
import xml.etree.ElementTree as ET
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import test_cli  # noqa: E402
from test_cli import FIXTURES, VMMCTL, Skip, main, run, run_json, test  # noqa: E402

test_cli._results.clear()  # only the tests below
ROOT = os.path.join(FIXTURES, "stage2", "arm64")
NESTED = os.path.join(FIXTURES, "stage2", "nested-rig", "stage2_page_tables")
SNAP = os.path.join(FIXTURES, "snapshot", "arm64-rig.tar.gz")
_tmp = tempfile.mkdtemp(prefix="vmm-s2map.")
atexit.register(shutil.rmtree, _tmp, ignore_errors=True)
SVG_NS = "{http://www.w3.org/2000/svg}"
GREY = "#eeeeee"

LINE = re.compile(r"^0x([0-9a-f]+)-0x([0-9a-f]+) +\d+[KMGTPE] (-?\d)(.*)$")
RW = "   R W px ux  AF    "
RWB = "   R W px ux  AF BLK"
RO = "   R   PXNUXN AF    "


def mapped(text):
    """(start, end, block, write, exec) of each valid range, by the kernel's columns."""
    out = []
    for line in text.splitlines():
        m = LINE.match(line)
        if m and m.group(4) and m.group(4)[1] == " ":
            a = m.group(4)
            out.append((int(m.group(1), 16), int(m.group(2), 16), a[17:20] == "BLK",
                        a[5:6] == "W", a[7:9] == "px" or a[10:12] == "ux"))
    return out


def sources():
    """(options, SOURCE, dump text) of every captured VM."""
    out = []
    for vm in sorted(os.listdir(os.path.join(ROOT, "sys/kernel/debug/kvm"))):
        with open(os.path.join(ROOT, "sys/kernel/debug/kvm", vm, "stage2_page_tables")) as f:
            out.append((("--root", ROOT), vm, f.read()))
    with open(NESTED) as f:
        out.append(((), NESTED, f.read()))
    with tarfile.open(SNAP) as t:
        for m in t.getmembers():
            p = m.name.split("/")
            if p[-1] == "stage2_page_tables" and p[-3] == "kvm":
                out.append((("--root", SNAP), p[-2], t.extractfile(m).read().decode()))
    assert len(out) >= 9, out
    return out


def expected_cells(ranges, start, size, n):
    """What the independent reader puts in each of n cells of size bytes from start."""
    cells = [{"block": 0, "page": 0, "write": False, "exec": False} for _ in range(n)]
    for s, e, block, write, ex in ranges:
        for i in range(max(0, (s - start) // size), min(n, (e - 1 - start) // size + 1)):
            lo, hi = max(s, start + i * size), min(e, start + (i + 1) * size)
            if hi <= lo:
                continue
            c = cells[i]
            c["block" if block else "page"] += hi - lo
            c["write"] |= write
            c["exec"] |= ex
    return cells


def check_cells(doc, ranges, start):
    size, cells = doc["cell_size"], doc["cells"]
    exp = expected_cells(ranges, start, size, len(cells))
    at = start
    for c, x in zip(cells, exp):
        assert int(c["ipa_start"], 16) == at, (c, at)
        end = int(c["ipa_end"], 16)
        assert end - at == size or (c is cells[-1] and end - at < size), c
        at = end
        assert (c["block_bytes"], c["page_bytes"]) == (x["block"], x["page"]), (c, x)
        want = ("mixed" if x["block"] and x["page"] else "blocks" if x["block"] else
                "pages" if x["page"] else "unmapped")
        assert c["state"] == want, (c, x)
        if want != "unmapped":
            assert c["access"] == ("writable" if x["write"] else "read-only"), (c, x)
            assert c["exec"] == x["exec"], (c, x)
    assert at == int(doc["ipa_end"], 16), (at, doc["ipa_end"])
    assert len(cells) <= 32 * doc["cells_per_row"], len(cells)


def picture(pre, src, *args):
    doc, _ = run_json(*pre, "-j", "stage2", "map", src, *args, schema_name="stage2-map")
    return doc


# ---- the cells ----------------------------------------------------------------------

@test
def every_cell_holds_what_the_dump_maps():
    for pre, src, text in sources():
        doc = picture(pre, src, "--width", "100")
        ranges = mapped(text)
        summ, _ = run_json(*pre, "-j", "stage2", "summary", src, schema_name="stage2-summary")
        t = doc["totals"]
        assert (t["mapped_bytes"], t["block_bytes"], t["page_bytes"]) == \
            (summ["mapped_bytes"], summ["block_bytes"], summ["page_bytes"]), (src, t)
        assert sum(c["mapped_bytes"] for c in doc["cells"]) == summ["mapped_bytes"], src
        assert t["mapped_cells"] == sum(c["state"] != "unmapped" for c in doc["cells"])
        check_cells(doc, ranges, 0)
        # the picture ends at a power of two past the last mapped byte, inside the IPA space
        end = int(doc["ipa_end"], 16)
        assert end & (end - 1) == 0 and end >= max(e for _, e, *_ in ranges), (src, end)
        assert end <= 1 << doc.get("ipa_bits", 64), (src, doc.get("ipa_bits"))
        assert doc["cells_per_row"] == 64, doc["cells_per_row"]  # 100 columns, 11 for labels


@test
def a_range_and_a_width():
    pre, src, text = sources()[0]
    doc = picture(pre, src, "--range", "0x40000000+0x400000", "--width", "40")
    assert (doc["ipa_start"], doc["ipa_end"]) == ("0x40000000", "0x40400000"), doc
    assert doc["cells_per_row"] == 16, doc["cells_per_row"]  # 16 cells and 11 columns of label
    check_cells(doc, mapped(text), 0x40000000)
    # a range that is not page-aligned: the bytes inside it, no more
    doc = picture(pre, src, "--range", "0x40000800-0x40001800")
    assert sum(c["mapped_bytes"] for c in doc["cells"]) == 0x1000, doc["totals"]
    for bad, msg in ((["--width", "5"], "--width 5: expected 24 to 4096 columns"),
                     (["--width", "x"], "'x'"),
                     (["--range", "0x2000-0x1000"], "0x2000-0x1000")):
        code, out, err = run(*pre, "stage2", "map", src, *bad)
        assert code == 2 and out == "" and msg in err, (bad, code, err)


@test
def a_dump_with_nothing_mapped():
    path = os.path.join(_tmp, "empty")
    with open(path, "w") as f:
        f.write("---[ Guest IPA ]---\n0x0000000000000000-0x0000010000000000        1024G 1\n")
    doc = picture((), path)
    assert doc["cells"] and all(c["state"] == "unmapped" for c in doc["cells"]), doc
    assert doc["totals"]["mapped_bytes"] == 0
    code, out, err = run("stage2", "map", path)
    assert code == 0 and "mapped 0" in out, out + err


# ---- the terminal picture -------------------------------------------------------------

def text_rows(out):
    """{row address: glyphs} of the picture, and the addresses of collapsed rows."""
    rows, gaps = {}, []
    for line in out.splitlines():
        m = re.match(r"^0x([0-9a-f]+) (\S+)$", line)
        if m:
            rows[int(m.group(1), 16)] = m.group(2)
        m = re.match(r"^0x([0-9a-f]+) unmapped to 0x([0-9a-f]+) \((\d+) rows\)$", line)
        if m:
            gaps.append((int(m.group(1), 16), int(m.group(2), 16), int(m.group(3))))
    return rows, gaps


def pty_run(*args, env=None):
    """vmmctl with its stdout on a terminal: what it wrote there."""
    master, slave = pty.openpty()
    e = dict(os.environ)
    e.pop("NO_COLOR", None)
    e.update(env or {})
    p = subprocess.Popen([VMMCTL, *args], stdout=slave, stderr=subprocess.DEVNULL, env=e)
    os.close(slave)
    out = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    os.close(master)
    assert p.wait(timeout=30) == 0
    return out.decode()


@test
def the_terminal_picture_is_the_cells():
    glyph = {("blocks", "writable"): "B", ("blocks", "read-only"): "b",
             ("pages", "writable"): "P", ("pages", "read-only"): "p",
             ("mixed", "writable"): "M", ("mixed", "read-only"): "m"}
    for pre, src, _ in sources():
        doc = picture(pre, src, "--width", "80")
        code, out, err = run(*pre, "stage2", "map", src, "--width", "80")
        assert code == 0 and "\033" not in out, err   # not a terminal: no colour
        rows, gaps = text_rows(out)
        per, cells = doc["cells_per_row"], doc["cells"]
        for r in range(0, len(cells), per):
            addr = int(cells[r]["ipa_start"], 16)
            want = "".join(glyph.get((c["state"], c["access"]), ".")
                           for c in cells[r:r + per])
            if addr in rows:
                assert rows[addr] == want, (src, hex(addr), rows[addr], want)
            else:  # inside a collapsed run of empty rows
                assert set(want) == {"."}, (src, hex(addr), want)
                assert any(a <= addr < b for a, b, _ in gaps), (src, hex(addr), gaps)
        assert all(n >= 2 for *_, n in gaps), gaps
        assert f"in {doc['totals']['mapped_cells']} of {len(cells)} cells" in out, out
    # a terminal gets colour, unless NO_COLOR says otherwise
    pre, src, _ = sources()[0]
    out = pty_run(*pre, "stage2", "map", src)
    assert "\033[1;31m" in out and "\033[0m" in out, out  # the test VMM's RAM is executable
    out = pty_run(*pre, "stage2", "map", src, env={"NO_COLOR": "1"})
    assert "\033" not in out, out


# ---- SVG -------------------------------------------------------------------------------

def svg_rects(path):
    root = ET.parse(path).getroot()
    assert root.tag == SVG_NS + "svg", root.tag
    rects = [r for r in root.iter(SVG_NS + "rect") if r.get("data-start")]
    return root, rects


@test
def the_svg_is_the_cells_in_runs():
    d = os.path.join(_tmp, "svg")
    os.makedirs(d)
    for pre, src, text in sources():
        out = os.path.join(d, "map.svg")
        doc = picture(pre, src, "--svg", out, "--width", "120")
        assert doc["svg"] == out
        root, rects = svg_rects(out)
        per, size = doc["cells_per_row"], doc["cell_size"]
        # the runs tile the picture, row by row, never across a row's end
        at = int(doc["ipa_start"], 16)
        for r in rects:
            s, e = int(r.get("data-start"), 16), int(r.get("data-end"), 16)
            assert s == at and e > s, (src, r.attrib, hex(at))
            assert s // (per * size) == (e - 1) // (per * size), (src, r.attrib)
            assert int(r.get("width")) == -(-(e - s) // size) * 10, r.attrib
            at = e
            title = r.find(SVG_NS + "title").text
            assert title.startswith(f"0x{s:x}-0x{e:x}: "), title
        assert at == int(doc["ipa_end"], 16)
        assert sum(int(r.get("data-bytes")) for r in rects) == doc["totals"]["mapped_bytes"]
        # every mapped range lies in runs drawn in colour, every other run is grey
        for r in rects:
            s, e = int(r.get("data-start"), 16), int(r.get("data-end"), 16)
            hit = [m for m in mapped(text) if m[0] < e and m[1] > s]
            assert (r.get("fill") != GREY) == bool(hit), (src, r.attrib, hit)
            assert int(r.get("data-bytes")) == sum(min(e, m[1]) - max(s, m[0]) for m in hit)
        assert os.listdir(d) == ["map.svg"], os.listdir(d)  # no temporary left
    # --dry-run: what would be written, and nothing written
    dry = os.path.join(_tmp, "dry.svg")
    doc, _ = run_json(*pre, "-n", "-j", "stage2", "map", src, "--svg", dry,
                      schema_name="dry-run")
    assert [(o["action"], o["write"]) for o in doc["operations"]] == [("map", dry)], doc
    assert not os.path.exists(dry)
    # the file is replaced whole, and a directory that is not there is an error
    code, _, err = run(*pre, "stage2", "map", src, "--svg", os.path.join(_tmp, "no", "x.svg"))
    assert code == 5 and "cannot write" in err and "no/x.svg: No such file" in err, (code, err)
    assert not os.path.exists(os.path.join(_tmp, "no"))


def png_pixels(path):
    """(width, height, rgb(x, y)) of an 8-bit RGB or RGBA PNG."""
    with open(path, "rb") as f:
        data = f.read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", data[:8]
    pos, idat, ihdr = 8, b"", None
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            ihdr = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    w, h, depth, ctype, _, _, interlace = ihdr
    assert depth == 8 and ctype in (2, 6) and interlace == 0, ihdr
    bpp = 3 if ctype == 2 else 4
    raw, stride, rows, prev = zlib.decompress(idat), w * bpp, [], bytearray(w * bpp)
    for y in range(h):
        ftype, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], prev[i - bpp] if i >= bpp else 0
            if ftype == 1:
                line[i] = (line[i] + a) & 255
            elif ftype == 2:
                line[i] = (line[i] + b) & 255
            elif ftype == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif ftype == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(line)
        prev = line
    return w, h, lambda x, y: tuple(rows[y][x * bpp:x * bpp + 3])


def chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    raise Skip("Chromium is not installed (Debian's chromium; make deps installs it)")


@test
def chromium_draws_the_svg():
    browser = chromium()
    pre, src, text = sources()[0]
    out = os.path.join(_tmp, "draw.svg")
    doc = picture(pre, src, "--svg", out)
    root, rects = svg_rects(out)
    w, h = int(root.get("width")), int(root.get("height"))
    png = os.path.join(_tmp, "draw.png")
    home = os.path.join(_tmp, "browser")
    os.makedirs(home)
    p = subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu",
                        "--hide-scrollbars", "--force-device-scale-factor=1",
                        "--user-data-dir=" + os.path.join(home, "profile"),
                        f"--window-size={w},{h}", "--screenshot=" + png, "file://" + out],
                       capture_output=True, text=True, timeout=120,
                       env=dict(os.environ, HOME=home, XDG_CONFIG_HOME=home,
                                XDG_CACHE_HOME=home))
    assert p.returncode == 0 and os.path.getsize(png) > 0, p.stderr[-2000:]
    pw, ph, rgb = png_pixels(png)
    assert (pw, ph) == (w, h), (pw, ph, w, h)
    colour = {r.get("fill") for r in rects}
    assert len(colour) >= 2, colour
    for r in rects:
        x = int(r.get("x")) + int(r.get("width")) // 2
        y = int(r.get("y")) + int(r.get("height")) // 2
        want = tuple(int(r.get("fill")[i:i + 2], 16) for i in (1, 3, 5))
        assert rgb(x, y) == want, (r.attrib, rgb(x, y), want)
    # the mapped range the dump has first, drawn where its address puts it
    s = mapped(text)[0][0]
    run0 = next(r for r in rects if int(r.get("data-start"), 16) <= s < int(r.get("data-end"), 16))
    assert run0.get("fill") != GREY and rgb(int(run0.get("x")) + 2, int(run0.get("y")) + 2) != \
        (0xee, 0xee, 0xee), run0.attrib
    assert doc["totals"]["mapped_bytes"] > 0


@test
def the_readme_picture_is_what_vmmctl_draws():
    """doc/stage2-map.svg, as README.md says it was made."""
    out = os.path.join(_tmp, "readme.svg")
    picture(("--root", SNAP), "102-4", "--width", "160", "--svg", out)
    with open(out, "rb") as a, open(os.path.join(test_cli.TOP, "doc", "stage2-map.svg"),
                                     "rb") as b:
        assert a.read() == b.read(), "doc/stage2-map.svg is not what vmmctl draws now"
    with open(os.path.join(test_cli.TOP, "README.md")) as f:
        assert "stage2 map 102-4 --width 160\n--svg doc/stage2-map.svg" in f.read()


# ---- diff --svg ------------------------------------------------------------------------

def dump_line(start, end, level, attrs):
    """A line as the kernel prints it: the size in the largest unit that divides it."""
    size, shift, unit = end - start, 10, "K"
    for u, sh in (("M", 20), ("G", 30), ("T", 40), ("P", 50)):
        if size % (1 << sh) == 0:
            shift, unit = sh, u
    return f"0x{start:016x}-0x{end:016x} {size >> shift:>11}{unit} {level}{attrs}\n"


@test
def diff_draws_what_changed():
    def dump(*ranges):
        return "---[ Guest IPA ]---\n" + "".join(dump_line(*r) for r in ranges)
    a = dump((0, 0x40000000, 1, ""), (0x40000000, 0x40200000, 2, RWB),
             (0x40200000, 0x40203000, 3, RW), (0x40203000, 0x80000000, 3, ""))
    b = dump((0, 0x40000000, 1, ""), (0x40000000, 0x40200000, 2, ""),
             (0x40200000, 0x40203000, 3, RO), (0x40203000, 0x60000000, 3, ""),
             (0x60000000, 0x60001000, 3, RW), (0x60001000, 0x80000000, 3, ""))
    pa, pb, out = (os.path.join(_tmp, n) for n in ("da", "db", "diff.svg"))
    for p, t in ((pa, a), (pb, b)):
        with open(p, "w") as f:
            f.write(t)
    doc, _ = run_json("-j", "stage2", "diff", pa, pb, "--svg", out, schema_name="stage2-diff")
    pic = doc["picture"]
    # 1 MiB cells: the 2 MiB block unmapped is two of them
    assert pic["svg"] == out and pic["changed_cells"] == 4, pic["changed_cells"]

    def cell(addr):
        return next(c for c in pic["cells"]
                    if int(c["ipa_start"], 16) <= addr < int(c["ipa_end"], 16))
    assert cell(0x40000000)["change"] == "unmapped"
    assert cell(0x40200000)["change"] == "changed"
    assert cell(0x60000000)["change"] == "mapped"
    assert cell(0x10000000)["change"] == "same"
    colour = {"same": GREY, "mapped": "#1a7f37", "unmapped": "#c62828", "changed": "#e08a00"}
    _, rects = svg_rects(out)
    for r in rects:
        s = int(r.get("data-start"), 16)
        assert r.get("fill") == colour[cell(s)["change"]], r.attrib
    doc, _ = run_json("-n", "-j", "stage2", "diff", pa, pb, "--svg", out + ".dry",
                      schema_name="dry-run")
    assert doc["operations"] == [{"action": "diff", "read": pa, "read_b": pb,
                                  "write": out + ".dry"}], doc
    assert not os.path.exists(out + ".dry")
    code, text, err = run("stage2", "diff", pa, pb, "--svg", out)
    assert code == 0 and f"SVG written to {out}\n" in text, text + err
    # without --svg the result has no picture, as before
    doc, _ = run_json("-j", "stage2", "diff", pa, pb, schema_name="stage2-diff")
    assert "picture" not in doc


if __name__ == "__main__":
    sys.exit(main())
