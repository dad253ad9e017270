#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes a synthetic host for `vmmctl --root DIR vm list`: DIR/proc with
PROCS processes, each with a handful of fd links, comm, status, maps and a
task directory, of which VMS hold a KVM VM (VM, vCPU and guest_memfd fds,
memfd and hugetlb mappings) with its per-VM directory under
DIR/sys/kernel/debug/kvm (20 stat files, and with --s2-lines a stage-2 dump
of that many lines). Prints DIR.

usage: mkproc.py [--procs N] [--vms N] [--fds N] [--s2-lines N] DIR"""

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mkptdump  # noqa: E402

COUNTERS = ["exits", "halt_exits", "io_exits", "mmio_exits", "irq_exits",
            "remote_tlb_flush", "remote_tlb_flush_requests", "signal_exits",
            "halt_wakeup", "pf_taken", "max_mmu_rmap_size", "hypercalls",
            "irq_window_exits", "nmi_window_exits", "request_irq_exits"]
INSTANT = ["pages_4k", "pages_2m", "pages_1g", "blocking", "mmu_unsync"]

STATUS = ("Name:\t{name}\nUmask:\t0022\nState:\tS (sleeping)\nTgid:\t{pid}\nNgid:\t0\n"
          "Pid:\t{pid}\nPPid:\t1\nTracerPid:\t0\nUid:\t{uid}\t{uid}\t{uid}\t{uid}\n"
          "Gid:\t{uid}\t{uid}\t{uid}\t{uid}\nFDSize:\t64\nThreads:\t{threads}\n")

MAPS_PLAIN = ("55d0c0a00000-55d0c0a21000 r--p 00000000 fe:00 1234 /usr/bin/{name}\n"
              "55d0c1000000-55d0c1021000 rw-p 00000000 00:00 0 [heap]\n"
              "7f0000000000-7f0000200000 r-xp 00000000 fe:00 5678 /usr/lib/libc.so.6\n"
              "7ffc00000000-7ffc00021000 rw-p 00000000 00:00 0 [stack]\n")

MAPS_VM = ("7f1000000000-7f1040000000 rw-s 00000000 00:01 4321 /memfd:pc.ram (deleted)\n"
           "7f2000000000-7f2040000000 rw-s 00000000 00:0f 99 /anon_hugepage (deleted)\n"
           "7f3000000000-7f3100000000 rw-p 00000000 00:00 0 \n")


def write(path, text, mode=None):
    with open(path, "w") as f:
        f.write(text)
    if mode is not None:
        os.chmod(path, mode)


def process(root, pid, nfds, vm, s2=None):
    d = os.path.join(root, "proc", str(pid))
    fd = os.path.join(d, "fd")
    os.makedirs(fd)
    os.makedirs(os.path.join(d, "task", str(pid)))
    links = ["/dev/null", "/dev/pts/0", "/dev/pts/0"]
    links += ["socket:[%d]" % (40000 + pid * 8 + i) for i in range(max(0, nfds - 3))]
    name = "qemu-system-x86" if vm else "proc%d" % pid
    if vm:
        links += ["/dev/kvm", "anon_inode:kvm-vm"]
        links += ["anon_inode:kvm-vcpu:%d" % i for i in range(4)]
        links += ["anon_inode:[kvm-gmem]"]
    for i, target in enumerate(links[:nfds] if not vm else links):
        os.symlink(target, os.path.join(fd, str(i)))
    write(os.path.join(d, "comm"), name + "\n")
    write(os.path.join(d, "status"), STATUS.format(name=name, pid=pid, uid=1000,
                                                   threads=2 if vm else 1))
    write(os.path.join(d, "maps"), (MAPS_VM if vm else "") + MAPS_PLAIN.format(name=name))
    if not vm:
        return
    vmfd = links.index("anon_inode:kvm-vm")
    os.makedirs(os.path.join(d, "task", str(pid + 1)))
    kvm = os.path.join(root, "sys", "kernel", "debug", "kvm", "%d-%d" % (pid, vmfd))
    os.makedirs(kvm)
    for i in range(4):
        os.makedirs(os.path.join(kvm, "vcpu%d" % i))
        write(os.path.join(kvm, "vcpu%d" % i, "pid"), "%d\n" % (pid + 1))
    for i, s in enumerate(COUNTERS):
        write(os.path.join(kvm, s), "%d\n" % (pid * 10 + i), 0o644)
    for i, s in enumerate(INSTANT):
        write(os.path.join(kvm, s), "%d\n" % i, 0o444)
    if s2:
        os.link(s2, os.path.join(kvm, "stage2_page_tables"))  # one dump, many names


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--procs", type=int, default=10000)
    ap.add_argument("--vms", type=int, default=20)
    ap.add_argument("--fds", type=int, default=5)
    ap.add_argument("--s2-lines", type=int, default=0)
    ap.add_argument("dir")
    a = ap.parse_args()
    if a.fds < 3 or a.vms > a.procs:
        ap.error("--fds is at least 3 and --vms at most --procs")
    os.makedirs(os.path.join(a.dir, "sys", "kernel", "debug", "kvm"), exist_ok=True)
    os.makedirs(os.path.join(a.dir, "proc"), exist_ok=True)
    write(os.path.join(a.dir, "proc", "mounts"),
          "proc /proc proc rw 0 0\nhugetlbfs /dev/hugepages hugetlbfs rw,pagesize=2M 0 0\n")
    write(os.path.join(a.dir, "sys", "kernel", "debug", "kvm", "exits"), "0\n")
    step = a.procs // a.vms if a.vms else 0
    s2 = None
    if a.s2_lines:
        s2 = os.path.join(a.dir, "stage2_page_tables")
        write(s2, mkptdump.dump(a.s2_lines), 0o400)
    for i in range(a.procs):
        pid = 1000 + 2 * i  # leaves pid + 1 free for a VM's vCPU thread
        process(a.dir, pid, a.fds, bool(step) and i % step == 0 and i // step < a.vms, s2)
    print(a.dir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
