#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""mkseeds-snap.py DIR: writes the archive seeds of fuzz_snap to DIR, a
small snapshot that replays (a manifest, a directory, files, a link inside
the tree and a /proc/PID/fd link), as a bare ustar archive (first byte 2)
and gzip'ed (first byte 1). Python's tarfile and hashlib are the
independent writer: vmmctl's replay must accept what they make."""
import gzip
import hashlib
import io
import json
import os
import sys
import tarfile

FILES = {
    "proc/sys/kernel/osrelease": b"7.3.0\n",
    "proc/sys/kernel/hostname": b"seed\n",
    "proc/cmdline": b"console=ttyAMA0\n",
}
DIRS = ["proc", "proc/sys", "proc/sys/kernel", "proc/42", "proc/42/fd"]
LINKS = {"proc/self": "42", "proc/42/fd/3": "anon_inode:kvm-vm"}


def archive():
    listed = [{"path": d, "type": "dir"} for d in DIRS]
    listed += [{"path": p, "type": "file", "size": len(b), "mode": "0444",
                "sha256": hashlib.sha256(b).hexdigest()} for p, b in FILES.items()]
    listed += [{"path": p, "type": "link", "target": t} for p, t in LINKS.items()]
    manifest = {"format": 1, "vmmctl_version": "0.1.0", "time": "2026-12-07T00:00:00Z",
                "host": "seed", "arch": "aarch64", "release": "7.3.0",
                "kvm": {"api_version": 12, "caps": {"0": 1, "234": 0},
                        "stage2_probe": {"errno": 0, "present": True}},
                "devices": ["/dev/kvm"], "options": {"vms": None, "pci": True,
                                                     "stage2": True},
                "files": listed}
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w", format=tarfile.USTAR_FORMAT) as tar:
        def add(name, kind, data=b"", mode=0o755, target=""):
            ti = tarfile.TarInfo(name)
            ti.type, ti.mode, ti.size, ti.linkname = kind, mode, len(data), target
            tar.addfile(ti, io.BytesIO(data) if data else None)
        add("vmmctl-snapshot.json", tarfile.REGTYPE, json.dumps(manifest).encode(), 0o444)
        for d in DIRS:
            add(d, tarfile.DIRTYPE)
        for p, b in FILES.items():
            add(p, tarfile.REGTYPE, b, 0o444)
        for p, t in LINKS.items():
            add(p, tarfile.SYMTYPE, target=t, mode=0o777)
    return out.getvalue()


def main():
    raw = archive()
    with open(os.path.join(sys.argv[1], "tree-tar"), "wb") as f:
        f.write(b"\x02" + raw)
    with open(os.path.join(sys.argv[1], "tree-gz"), "wb") as f:
        f.write(b"\x01" + gzip.compress(raw, mtime=0))


if __name__ == "__main__":
    main()
