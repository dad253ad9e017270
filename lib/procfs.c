// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Finding VMs through /proc: one readlinkat per fd of every process (the
 * only per-process cost for the thousands that hold no VM), then status,
 * maps and debugfs only for the few that do.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kvm_debugfs.h"
#include "procfs.h"

#define MAPS_MAX	(64u << 20)
#define MOUNTS_MAX	(4u << 20)

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

/* Decimal in [0, INT32_MAX] filling the whole string. */
static int dec32(const char *s, int32_t *out)
{
	int64_t v = 0;

	if (!all_digits(s) || strlen(s) > 10)
		return -EINVAL;
	for (; *s; s++)
		v = v * 10 + (*s - '0');
	if (v > INT32_MAX)
		return -EINVAL;
	*out = (int32_t)v;
	return 0;
}

enum vmm_fd_kind vmm_proc_fd_kind(const char *t)
{
	static const char anon[] = "anon_inode:";

	if (strncmp(t, anon, sizeof(anon) - 1))
		return !strcmp(t, "/[kvm-gmem] (deleted)") || !strcmp(t, "/[kvm-gmem]") ?
		       VMM_FD_GMEM : VMM_FD_OTHER;
	t += sizeof(anon) - 1;
	if (!strcmp(t, "kvm-vm"))
		return VMM_FD_KVM_VM;
	if (!strncmp(t, "kvm-vcpu:", 9) && all_digits(t + 9))
		return VMM_FD_KVM_VCPU;
	if (!strcmp(t, "[kvm-gmem]"))
		return VMM_FD_GMEM;
	return VMM_FD_OTHER;
}

/* ---- /proc/PID/status, /proc/mounts ----------------------------------------- */

/* The rest of the line after a "Key:" prefix with its tab, or NULL. */
static const char *field(const char *line, const char *key)
{
	size_t n = strlen(key);

	if (strncmp(line, key, n))
		return NULL;
	line += n;
	while (*line == '\t' || *line == ' ')
		line++;
	return line;
}

static int32_t line_i32(const char *p)
{
	int64_t v = 0;

	if (*p < '0' || *p > '9')
		return -1;
	for (; *p >= '0' && *p <= '9'; p++) {
		v = v * 10 + (*p - '0');
		if (v > INT32_MAX)
			return -1;
	}
	return (int32_t)v;
}

/*
 * status's Name: is the comm with backslash and newline escaped
 * (fs/proc/array.c, proc_task_name(): seq_escape_str(..., "\n\\")): undone,
 * so that a name reads the same from status as from comm.
 */
static void unescape_name(char *out, size_t len, const char *v, size_t n)
{
	size_t o = 0;

	for (size_t i = 0; i < n && o + 1 < len; i++) {
		if (v[i] == '\\' && i + 1 < n && (v[i + 1] == '\\' || v[i + 1] == 'n'))
			out[o++] = v[++i] == 'n' ? '\n' : '\\';
		else
			out[o++] = v[i];
	}
	out[o] = '\0';
}

void vmm_proc_parse_comm(const char *text, size_t n, char *out, size_t len)
{
	/* the name as the task holds it, then one newline: only that one goes */
	if (n && text[n - 1] == '\n')
		n--;
	if (n >= len)
		n = len - 1;
	memcpy(out, text, n);
	out[n] = '\0';
}

int vmm_proc_comm(struct vmm_sys *s, int32_t pid, char *out, size_t len)
{
	char path[64], text[80];
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/%d/comm", pid);
	n = vmm_sys_read_file(s, path, text, sizeof(text));
	if (n < 0)
		return (int)n;
	vmm_proc_parse_comm(text, (size_t)n, out, len);
	return 0;
}

void vmm_proc_parse_status(const char *text, struct vmm_proc_status *st)
{
	const char *line = text, *v;
	size_t n;

	memset(st, 0, sizeof(*st));
	st->uid = -1;
	while (line && *line) {
		if ((v = field(line, "Name:"))) {
			n = strcspn(v, "\n");
			unescape_name(st->name, sizeof(st->name), v, n);
		} else if ((v = field(line, "Tgid:"))) {
			st->tgid = line_i32(v) > 0 ? line_i32(v) : 0;
		} else if ((v = field(line, "Uid:"))) {
			st->uid = line_i32(v);
		}
		line = strchr(line, '\n');
		if (line)
			line++;
	}
}

void vmm_proc_parse_mounts(const char *text, struct vmm_hugetlb_mounts *m)
{
	const char *line = text;

	m->n = 0;
	while (line && *line) {
		const char *eol = strchr(line, '\n'), *mnt, *type;
		size_t mlen;

		if (!eol)
			eol = line + strlen(line);
		/* DEVICE MOUNTPOINT TYPE OPTIONS ... */
		mnt = memchr(line, ' ', (size_t)(eol - line));
		if (mnt) {
			mnt++;
			type = memchr(mnt, ' ', (size_t)(eol - mnt));
			mlen = type ? (size_t)(type - mnt) : 0;
			if (type && eol - type > 10 && !strncmp(type, " hugetlbfs ", 11) && mlen &&
			    mlen < sizeof(m->path[0]) && m->n < VMM_HUGETLB_MOUNTS_MAX) {
				memcpy(m->path[m->n], mnt, mlen);
				m->path[m->n][mlen] = '\0';
				m->n++;
			}
		}
		line = *eol ? eol + 1 : NULL;
	}
}

/* ---- /proc/PID/maps ------------------------------------------------------------ */

static const char *const kind_names[] = {
	[VMM_MEM_HUGETLB] = "hugetlb", [VMM_MEM_MEMFD] = "memfd",
	[VMM_MEM_GMEM] = "guest_memfd", [VMM_MEM_FILE] = "file", [VMM_MEM_ANON] = "anon",
};

const char *vmm_mem_kind_name(enum vmm_mem_kind k)
{
	return (unsigned int)k < VMM_MEM__COUNT ? kind_names[k] : "unknown";
}

struct mline {
	uint64_t start, end;
	char perms[5];
	const char *path;	/* into the text, up to the end of the line */
	size_t path_len;
};

/* Hex digits without a prefix, as maps prints them; NULL when none or too many. */
static const char *hex(const char *p, uint64_t *v)
{
	int n = 0;

	*v = 0;
	for (;; p++, n++) {
		unsigned int d;

		if (*p >= '0' && *p <= '9')
			d = (unsigned int)(*p - '0');
		else if (*p >= 'a' && *p <= 'f')
			d = (unsigned int)(*p - 'a' + 10);
		else
			break;
		if (n == 16)
			return NULL;
		*v = *v << 4 | d;
	}
	return n ? p : NULL;
}

/* START-END PERMS OFFSET MAJ:MIN INODE [PATH], one line ending at eol. */
static bool parse_mline(const char *p, const char *eol, struct mline *m)
{
	uint64_t x;

	if (!(p = hex(p, &m->start)) || *p++ != '-' || !(p = hex(p, &m->end)) || *p++ != ' ')
		return false;
	if (m->end <= m->start || eol - p < 5)
		return false;
	for (int i = 0; i < 4; i++)
		if (!strchr("rwxsp-", p[i]) || !p[i])
			return false;
	memcpy(m->perms, p, 4);
	m->perms[4] = '\0';
	p += 4;
	if (*p++ != ' ' || !(p = hex(p, &x)) || *p++ != ' ')
		return false;
	if (!(p = hex(p, &x)) || *p++ != ':' || !(p = hex(p, &x)) || *p++ != ' ')
		return false;
	if (*p < '0' || *p > '9')
		return false;
	while (*p >= '0' && *p <= '9')
		p++;
	if (p > eol)
		return false;
	while (p < eol && *p == ' ')
		p++;
	m->path = p;
	m->path_len = (size_t)(eol - p);
	return true;
}

static bool path_is(const struct mline *m, const char *s)
{
	return m->path_len == strlen(s) && !memcmp(m->path, s, m->path_len);
}

static bool path_starts(const struct mline *m, const char *s)
{
	size_t n = strlen(s);

	return m->path_len >= n && !memcmp(m->path, s, n);
}

/* Copies path[skip..] without a trailing " (deleted)" into name. */
static void name_from(const struct mline *m, size_t skip, char *name, size_t len)
{
	static const char del[] = " (deleted)";
	size_t n = m->path_len - skip;

	if (n >= sizeof(del) - 1 && !memcmp(m->path + m->path_len - (sizeof(del) - 1), del,
					     sizeof(del) - 1))
		n -= sizeof(del) - 1;
	if (n >= len)
		n = len - 1;
	memcpy(name, m->path + skip, n);
	name[n] = '\0';
}

static bool anon_like(const struct mline *m)
{
	if (m->perms[1] != 'w')
		return false;
	return !m->path_len || path_starts(m, "[anon:") || path_starts(m, "[anon_shmem:") ||
	       path_is(m, "/dev/zero (deleted)");
}

/* The kind of a non-anonymous line, or VMM_MEM__COUNT when it is not guest-memory-like. */
static enum vmm_mem_kind classify(const struct mline *m, const struct vmm_hugetlb_mounts *h,
				  char *name, size_t len)
{
	name[0] = '\0';
	if (memmem(m->path, m->path_len, "[kvm-gmem]", 10))
		return VMM_MEM_GMEM;
	if (path_is(m, "/anon_hugepage") || path_is(m, "/anon_hugepage (deleted)")) {
		snprintf(name, len, "anon_hugepage");
		return VMM_MEM_HUGETLB;
	}
	if (path_starts(m, "/memfd:")) {
		name_from(m, 7, name, len);
		return VMM_MEM_MEMFD;
	}
	/* systemd mounts hugetlbfs there: known even when /proc/mounts is not readable */
	if (path_starts(m, "/dev/hugepages/")) {
		name_from(m, 0, name, len);
		return VMM_MEM_HUGETLB;
	}
	for (int i = 0; h && i < h->n; i++) {
		size_t n = strlen(h->path[i]);

		if (m->path_len > n && !memcmp(m->path, h->path[i], n) && m->path[n] == '/') {
			name_from(m, 0, name, len);
			return VMM_MEM_HUGETLB;
		}
	}
	/* guest RAM is writable; device nodes under /dev are not memory, /dev/shm is */
	if (m->perms[1] == 'w' && m->perms[3] == 's' && m->path_len && m->path[0] == '/' &&
	    (!path_starts(m, "/dev/") || path_starts(m, "/dev/shm/"))) {
		name_from(m, 0, name, len);
		return VMM_MEM_FILE;
	}
	return VMM_MEM__COUNT;
}

struct mem_acc {
	struct vmm_proc_mem *v;
	int n, cap;
};

static int mem_add(struct mem_acc *a, enum vmm_mem_kind kind, const char *name, uint64_t bytes)
{
	struct vmm_proc_mem *tmp;

	for (int i = 0; i < a->n; i++) {
		if (a->v[i].kind == kind && !strcmp(a->v[i].name, name)) {
			a->v[i].bytes += bytes;
			a->v[i].mappings++;
			return 0;
		}
	}
	if (a->n == a->cap) {
		a->cap = a->cap ? a->cap * 2 : 8;
		tmp = realloc(a->v, (size_t)a->cap * sizeof(*tmp));
		if (!tmp)
			return -ENOMEM;
		a->v = tmp;
	}
	memset(&a->v[a->n], 0, sizeof(a->v[0]));
	a->v[a->n].kind = kind;
	snprintf(a->v[a->n].name, sizeof(a->v[0].name), "%s", name);
	a->v[a->n].bytes = bytes;
	a->v[a->n].mappings = 1;
	a->n++;
	return 0;
}

static int cmp_mem(const void *a, const void *b)
{
	const struct vmm_proc_mem *x = a, *y = b;

	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	return strcmp(x->name, y->name);
}

/* A small PROT_NONE anonymous mapping: a thread stack's guard, or a RAM block's. */
static bool guard_like(const struct mline *m)
{
	return !m->path_len && !memcmp(m->perms, "---p", 4) && m->end - m->start <= (1u << 20);
}

int vmm_proc_parse_maps(const char *text, const struct vmm_hugetlb_mounts *hugetlb,
			struct vmm_proc_mem **out)
{
	uint64_t run_start = 0, run_end = 0, guard_end = 0;
	struct mem_acc a = { 0 };
	const char *line = text;
	char name[128];
	struct mline m;
	int ret = 0;

	*out = NULL;
	while (line && *line && !ret) {
		const char *eol = strchr(line, '\n');
		enum vmm_mem_kind k;

		if (!eol)
			eol = line + strlen(line);
		if (parse_mline(line, eol, &m)) {
			/*
			 * A small piece right above a guard is a thread stack
			 * (glibc maps the guard below it): it joins no region,
			 * even when guest RAM happens to lie right above it.
			 */
			if (anon_like(&m) && m.start == guard_end &&
			    m.end - m.start < VMM_PROC_ANON_MIN) {
				if (run_end - run_start >= VMM_PROC_ANON_MIN)
					ret = mem_add(&a, VMM_MEM_ANON, "", run_end - run_start);
				run_start = run_end = 0;
			/* adjacent anonymous pieces are one region split by mprotect or KVM */
			} else if (anon_like(&m) && m.start == run_end && run_end) {
				run_end = m.end;
			} else if (anon_like(&m)) {
				if (run_end - run_start >= VMM_PROC_ANON_MIN)
					ret = mem_add(&a, VMM_MEM_ANON, "", run_end - run_start);
				run_start = m.start;
				run_end = m.end;
			} else {
				k = classify(&m, hugetlb, name, sizeof(name));
				if (k != VMM_MEM__COUNT)
					ret = mem_add(&a, k, name, m.end - m.start);
			}
			guard_end = guard_like(&m) ? m.end : 0;
		}
		line = *eol ? eol + 1 : NULL;
	}
	if (!ret && run_end - run_start >= VMM_PROC_ANON_MIN)
		ret = mem_add(&a, VMM_MEM_ANON, "", run_end - run_start);
	if (ret) {
		free(a.v);
		return ret;
	}
	if (a.n)
		qsort(a.v, (size_t)a.n, sizeof(*a.v), cmp_mem);
	*out = a.v;
	return a.n;
}

/* ---- the scan ----------------------------------------------------------------- */

struct scan {
	struct vmm_sys *s;
	struct vmm_proc_scan *out;
	struct vmm_kvm_dbgvm *dbg;
	int ndbg;
	bool *claimed;
	struct vmm_hugetlb_mounts huge;
	bool huge_read;
	bool one;		/* a single process was asked for */
	int32_t named[VMM_PROC_PROBE_MAX];	/* fd numbers of the debugfs names */
	int nnamed;
	bool probe;		/* probe only those (see vmm_proc_scan) */
	int32_t tgid;		/* set when that one was a thread id */
	/* the process being looked at */
	int32_t *vmfds;
	int nvmfds, capvmfds;
	int vcpu_fds, gmem_fds;
};

static int on_fd(void *arg, const char *name, const char *target)
{
	struct scan *sc = arg;
	int32_t fd, *tmp;

	switch (vmm_proc_fd_kind(target)) {
	case VMM_FD_KVM_VM:
		if (dec32(name, &fd))
			return 0;
		if (sc->nvmfds == sc->capvmfds) {
			sc->capvmfds = sc->capvmfds ? sc->capvmfds * 2 : 4;
			tmp = realloc(sc->vmfds, (size_t)sc->capvmfds * sizeof(*tmp));
			if (!tmp)
				return -ENOMEM;
			sc->vmfds = tmp;
		}
		sc->vmfds[sc->nvmfds++] = fd;
		break;
	case VMM_FD_KVM_VCPU:
		sc->vcpu_fds++;
		break;
	case VMM_FD_GMEM:
		sc->gmem_fds++;
		break;
	default:
		break;
	}
	return 0;
}

static void read_hugetlb_mounts(struct scan *sc)
{
	char *text;

	if (sc->huge_read)
		return;
	sc->huge_read = true;
	if (vmm_sys_read_all(sc->s, "/proc/mounts", MOUNTS_MAX, &text) >= 0) {
		vmm_proc_parse_mounts(text, &sc->huge);
		free(text);
	}
}

static int add_proc(struct scan *sc, int32_t pid, const struct vmm_proc_status *st)
{
	struct vmm_proc_scan *o = sc->out;
	struct vmm_proc_vm *vms;
	struct vmm_proc *p, *procs;
	char path[64], *maps;
	int n;

	procs = realloc(o->procs, (size_t)(o->nprocs + 1) * sizeof(*procs));
	if (!procs)
		return -ENOMEM;
	o->procs = procs;
	vms = realloc(o->vms, (size_t)(o->nvms + sc->nvmfds) * sizeof(*vms));
	if (!vms)
		return -ENOMEM;
	o->vms = vms;
	p = &o->procs[o->nprocs];
	memset(p, 0, sizeof(*p));
	p->pid = pid;
	p->uid = st->uid;
	/* the raw name (comm); status's unescaped where comm is not there
	 * (a tree captured before snapshots took comm) */
	if (vmm_proc_comm(sc->s, pid, p->comm, sizeof(p->comm))) {
		snprintf(p->comm, sizeof(p->comm), "%s", st->name);
		vmm_sys_clear(sc->s);
	}
	p->nvms = sc->nvmfds;
	p->vcpu_fds = sc->vcpu_fds;
	p->gmem_fds = sc->gmem_fds;
	read_hugetlb_mounts(sc);
	snprintf(path, sizeof(path), "/proc/%d/maps", pid);
	if (vmm_sys_read_all(sc->s, path, MAPS_MAX, &maps) >= 0) {
		n = vmm_proc_parse_maps(maps, &sc->huge, &p->mem);
		free(maps);
		if (n < 0)
			return n;
		p->nmem = n;
	}
	for (int i = 0; i < sc->nvmfds; i++) {
		struct vmm_proc_vm *v = &o->vms[o->nvms++];

		memset(v, 0, sizeof(*v));
		v->pid = pid;
		v->fd = sc->vmfds[i];
		v->tid = -1;
		v->vcpus = -1;
		v->proc = o->nprocs;
	}
	o->nprocs++;
	return 0;
}

/* A process whose fds the kernel would not show: counted, the first named. */
static void refused(struct vmm_proc_scan *o, int32_t pid)
{
	if (o->unreadable < VMM_PROC_REFUSED_MAX)
		o->refused[o->unreadable] = pid;
	o->unreadable++;
}

/* One process: its fds, and status and maps when it holds a VM. */
static int scan_pid(struct scan *sc, int32_t pid)
{
	struct vmm_proc_status st;
	char path[64], text[4096];
	ssize_t n;
	int ret;

	sc->nvmfds = sc->vcpu_fds = sc->gmem_fds = 0;
	snprintf(path, sizeof(path), "/proc/%d/fd", pid);
	sc->out->scanned++;
	ret = vmm_sys_scan_links(sc->s, path, on_fd, sc);
	if (ret == -ENOMEM || (ret && sc->one))
		return ret;
	if (ret) {
		/* gone meanwhile is not worth a word; refused is */
		if (ret == -EACCES || ret == -EPERM)
			refused(sc->out, pid);
		return 0;
	}
	if (!sc->nvmfds)
		return 0;
	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	n = vmm_sys_read_file(sc->s, path, text, sizeof(text));
	if (n < 0)
		return sc->one ? (int)n : 0;
	vmm_proc_parse_status(text, &st);
	/* a thread id reads like its process in /proc: report the process once */
	if (st.tgid > 0 && st.tgid != pid) {
		if (sc->one)
			sc->tgid = st.tgid;
		return 0;
	}
	return add_proc(sc, pid, &st);
}

static void claim(struct scan *sc, struct vmm_proc_vm *v, int d)
{
	sc->claimed[d] = true;
	v->tid = sc->dbg[d].tid;
	snprintf(v->debugfs, sizeof(v->debugfs), "%d-%d", sc->dbg[d].tid, sc->dbg[d].fd);
}

/*
 * kvm/TID-FD belongs to the VM fd FD of the process TID, or of the process
 * whose thread TID created it: exact names first, then threads.
 */
static void match_debugfs(struct scan *sc)
{
	struct vmm_proc_scan *o = sc->out;
	char path[64];

	for (int i = 0; i < o->nvms; i++)
		for (int d = 0; d < sc->ndbg && !*o->vms[i].debugfs; d++)
			if (!sc->claimed[d] && sc->dbg[d].tid == o->vms[i].pid &&
			    sc->dbg[d].fd == o->vms[i].fd)
				claim(sc, &o->vms[i], d);
	for (int i = 0; i < o->nvms; i++) {
		for (int d = 0; d < sc->ndbg && !*o->vms[i].debugfs; d++) {
			if (sc->claimed[d] || sc->dbg[d].fd != o->vms[i].fd)
				continue;
			snprintf(path, sizeof(path), "/proc/%d/task/%d", o->vms[i].pid,
				 sc->dbg[d].tid);
			if (!vmm_sys_access(sc->s, path, F_OK))
				claim(sc, &o->vms[i], d);
		}
	}
	for (int i = 0; i < o->nvms; i++) {
		struct vmm_proc_vm *v = &o->vms[i];
		const struct vmm_proc *p = &o->procs[v->proc];

		int n = *v->debugfs ? vmm_kvm_debugfs_vcpus(sc->s, v->debugfs) : -1;

		/*
		 * Only some arches (x86, not arm64) give each vCPU a vcpuN
		 * directory; vCPU fds say which VM they belong to only when
		 * the process has one VM.
		 */
		if (n > 0)
			v->vcpus = n;
		else
			v->vcpus = p->nvms == 1 ? p->vcpu_fds : -1;
	}
}

/* The fast path: the named fd numbers only, all fds once one is a VM. */
static int probe_pid(struct scan *sc, int32_t pid)
{
	char path[64], target[64];
	ssize_t n;

	if (!sc->nnamed) {
		/* nothing to look for, but a refusal still counts */
		snprintf(path, sizeof(path), "/proc/%d/fd", pid);
		sc->out->scanned++;
		n = vmm_sys_access(sc->s, path, R_OK | X_OK);
		if (n == -EACCES || n == -EPERM)
			refused(sc->out, pid);
		return 0;
	}
	for (int i = 0; i < sc->nnamed; i++) {
		snprintf(path, sizeof(path), "/proc/%d/fd/%d", pid, sc->named[i]);
		n = vmm_sys_readlink(sc->s, path, target, sizeof(target));
		if (n >= 0 && vmm_proc_fd_kind(target) == VMM_FD_KVM_VM)
			return scan_pid(sc, pid);
		if (n == -EACCES || n == -EPERM) {
			sc->out->scanned++;
			refused(sc->out, pid);
			return 0;
		}
	}
	sc->out->scanned++;
	return 0;
}

static int on_proc(void *arg, const char *name, unsigned char type)
{
	struct scan *sc = arg;
	int32_t pid;

	if ((type != DT_DIR && type != DT_UNKNOWN) || dec32(name, &pid) || !pid)
		return 0;
	return sc->probe ? probe_pid(sc, pid) : scan_pid(sc, pid);
}

/* The distinct fd numbers of the debugfs names; false when there are too many. */
static bool probe_list(struct scan *sc)
{
	sc->nnamed = 0;
	for (int d = 0; d < sc->ndbg; d++) {
		int i = 0;

		while (i < sc->nnamed && sc->named[i] != sc->dbg[d].fd)
			i++;
		if (i < sc->nnamed)
			continue;
		if (sc->nnamed == VMM_PROC_PROBE_MAX)
			return false;
		sc->named[sc->nnamed++] = sc->dbg[d].fd;
	}
	return true;
}

static bool all_claimed(const struct scan *sc)
{
	for (int d = 0; d < sc->ndbg; d++)
		if (!sc->claimed[d])
			return false;
	return true;
}

static int scan_all(struct scan *sc)
{
	int err = sc->out->debugfs_err, ret;

	sc->probe = !err && probe_list(sc);
	ret = vmm_sys_scan_dir(sc->s, "/proc", on_proc, sc);
	if (ret || !sc->probe)
		return ret;
	match_debugfs(sc);
	if (all_claimed(sc))
		return 0;
	/* a VM is not where its debugfs name says: read everything */
	vmm_proc_scan_free(sc->out);
	sc->out->debugfs_err = err;
	memset(sc->claimed, 0, (size_t)sc->ndbg * sizeof(*sc->claimed));
	sc->probe = false;
	return vmm_sys_scan_dir(sc->s, "/proc", on_proc, sc);
}

static int unmatched(struct scan *sc)
{
	struct vmm_proc_scan *o = sc->out;
	int n = 0;

	for (int d = 0; d < sc->ndbg; d++)
		n += !sc->claimed[d];
	if (!n)
		return 0;
	o->unmatched = calloc((size_t)n, sizeof(*o->unmatched));
	if (!o->unmatched)
		return -ENOMEM;
	for (int d = 0; d < sc->ndbg; d++)
		if (!sc->claimed[d])
			snprintf(o->unmatched[o->nunmatched++], sizeof(o->unmatched[0]), "%d-%d",
				 sc->dbg[d].tid, sc->dbg[d].fd);
	return 0;
}

static int cmp_vm(const void *a, const void *b)
{
	const struct vmm_proc_vm *x = a, *y = b;

	if (x->pid != y->pid)
		return x->pid < y->pid ? -1 : 1;
	return x->fd < y->fd ? -1 : x->fd > y->fd;
}

int vmm_proc_scan(struct vmm_sys *s, int32_t pid, struct vmm_proc_scan *out)
{
	struct scan sc = { .s = s, .out = out, .one = pid > 0 };
	int ret;

	memset(out, 0, sizeof(*out));
	ret = vmm_kvm_debugfs_vms(s, &sc.dbg);
	if (ret < 0) {
		out->debugfs_err = -ret;
		ret = 0;
	}
	sc.ndbg = ret;
	sc.claimed = calloc((size_t)sc.ndbg + 1, sizeof(*sc.claimed));
	if (!sc.claimed) {
		ret = -ENOMEM;
		goto out;
	}
	if (sc.one) {
		ret = scan_pid(&sc, pid);
		if (!ret && sc.tgid) {
			pid = sc.tgid;
			sc.tgid = 0;
			out->scanned = 0;
			ret = scan_pid(&sc, pid);
		}
	} else {
		ret = scan_all(&sc);
	}
	if (ret)
		goto out;
	out->all_fds = !sc.probe;
	if (sc.one || !sc.probe)
		match_debugfs(&sc);
	if (!sc.one)
		ret = unmatched(&sc);
	if (out->nvms > 1)
		qsort(out->vms, (size_t)out->nvms, sizeof(*out->vms), cmp_vm);
	if (!ret)
		vmm_sys_clear(s);	/* refusals were counted, not failures */
out:
	if (ret == -ENOMEM)
		vmm_sys_record(s, ENOMEM, "scan", NULL, "/proc");
	if (ret)
		vmm_proc_scan_free(out);
	free(sc.vmfds);
	free(sc.claimed);
	free(sc.dbg);
	return ret;
}

void vmm_proc_scan_free(struct vmm_proc_scan *sc)
{
	for (int i = 0; i < sc->nprocs; i++)
		free(sc->procs[i].mem);
	free(sc->procs);
	free(sc->vms);
	free(sc->unmatched);
	memset(sc, 0, sizeof(*sc));
}
