// SPDX-License-Identifier: GPL-3.0-or-later
#include "host.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kvm.h"

int vmm_host_release(struct vmm_sys *s, char *buf, size_t len)
{
	ssize_t n = vmm_sys_read_file(s, "/proc/sys/kernel/osrelease", buf, len);

	if (n < 0)
		return (int)n;
	buf[strcspn(buf, "\n")] = '\0';
	return 0;
}

int vmm_host_cmdline(struct vmm_sys *s, const char *key, char *val, size_t len)
{
	char buf[4096], *tok, *save = NULL;
	size_t klen = strlen(key);
	ssize_t n;
	int found = 0;

	n = vmm_sys_read_file(s, "/proc/cmdline", buf, sizeof(buf));
	if (n < 0)
		return (int)n;
	/* the last occurrence wins, as in the kernel's own parser */
	for (tok = strtok_r(buf, " \t\n", &save); tok; tok = strtok_r(NULL, " \t\n", &save)) {
		const char *v;
		size_t vlen;

		if (!strcmp(tok, "--"))
			break;	/* the rest belongs to init */
		if (strncmp(tok, key, klen) || tok[klen] != '=')
			continue;
		v = tok + klen + 1;
		vlen = strlen(v);
		if (v[0] == '"') {
			v++;
			vlen--;
			if (vlen && v[vlen - 1] == '"')
				vlen--;
		}
		snprintf(val, len, "%.*s", (int)vlen, v);
		found = 1;
	}
	return found;
}

int vmm_host_creds(struct vmm_sys *s, uint32_t *euid, uint64_t *capeff)
{
	char buf[8192], *p;
	unsigned long ruid, eu;
	ssize_t n;

	n = vmm_sys_read_file(s, "/proc/self/status", buf, sizeof(buf));
	if (n < 0)
		return (int)n;
	p = strstr(buf, "\nUid:");
	if (!p || sscanf(p, "\nUid: %lu %lu", &ruid, &eu) != 2)
		return vmm_sys_fail(s, EINVAL, "parse", "/proc/self/status");
	p = strstr(buf, "\nCapEff:");
	if (!p || sscanf(p, "\nCapEff: %" SCNx64, capeff) != 1)
		return vmm_sys_fail(s, EINVAL, "parse", "/proc/self/status");
	*euid = (uint32_t)eu;
	return 0;
}

int vmm_host_hwcap2(struct vmm_sys *s, uint64_t *hwcap2)
{
	unsigned long v[128];
	ssize_t n;
	int fd;

	fd = vmm_sys_open(s, "/proc/self/auxv", O_RDONLY);
	if (fd < 0)
		return fd;
	n = vmm_sys_read(s, fd, v, sizeof(v), "/proc/self/auxv");
	vmm_sys_close(fd);
	if (n < 0)
		return (int)n;
	*hwcap2 = 0;
	for (size_t i = 0; i + 1 < (size_t)n / sizeof(v[0]); i += 2) {
		if (v[i] == 26) {	/* AT_HWCAP2 */
			*hwcap2 = v[i + 1];
			break;
		}
	}
	return 0;
}

int vmm_host_debugfs_mounted(struct vmm_sys *s, bool *mounted)
{
	char buf[65536], *line, *save = NULL;
	char dev[256], mnt[PATH_MAX], type[64];
	ssize_t n;

	*mounted = false;
	n = vmm_sys_read_file(s, "/proc/mounts", buf, sizeof(buf));
	if (n < 0)
		return (int)n;
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (sscanf(line, "%255s %4095s %63s", dev, mnt, type) != 3)
			continue;
		/* the last mount on the path is the one in effect */
		if (!strcmp(mnt, VMM_DEBUGFS))
			*mounted = !strcmp(type, "debugfs");
	}
	return 0;
}

/* A /dev/kmsg record is "prefix;text\n" and then "\n KEY=VALUE" lines. */
static void kmsg_text(const char *rec, char *msg, size_t len)
{
	const char *t = strchr(rec, ';');

	t = t ? t + 1 : rec;
	snprintf(msg, len, "%.*s", (int)strcspn(t, "\n"), t);
}

/*
 * /dev/kmsg gives one record per read; a snapshot's copy is a plain file
 * whose read gives several: a record ends at a newline not followed by the
 * blank of a continuation line.
 */
static int kmsg_match(char *buf, const char *const *needles, char *msg, size_t len)
{
	for (char *r = buf, *end; *r; r = end) {
		for (end = strchr(r, '\n'); end && end[1] == ' '; end = strchr(end + 1, '\n'))
			;
		end = end ? end + 1 : r + strlen(r);
		for (int i = 0; needles[i]; i++) {
			const char *hit = strstr(r, needles[i]);

			if (hit && hit < end) {
				if (msg && len)
					kmsg_text(r, msg, len);
				return i;
			}
		}
	}
	return -ENOENT;
}

int vmm_host_kmsg_find(struct vmm_sys *s, const char *const *needles, char *msg, size_t len)
{
	char rec[2048];
	int fd, found = -ENOENT;
	ssize_t n;

	fd = vmm_sys_open(s, "/dev/kmsg", O_RDONLY | O_NONBLOCK);
	if (fd < 0)
		return fd;
	for (;;) {
		n = vmm_sys_read(s, fd, rec, sizeof(rec) - 1, "/dev/kmsg");
		if (n == -EPIPE)	/* records overwritten while reading: carry on */
			continue;
		if (n < 0) {
			if (n != -EAGAIN)
				found = (int)n;
			break;
		}
		if (n == 0)
			break;
		rec[n] = '\0';
		found = kmsg_match(rec, needles, msg, len);
		if (found >= 0)
			break;
	}
	vmm_sys_close(fd);
	return found;
}

int vmm_host_arm_kvm_mode(const char *msg, struct vmm_arm_kvm_mode *m)
{
	const char *end = strstr(msg, " " VMM_ARM_KVM_INIT_MSG), *tok, *word;
	bool prot = false, hyp = false;
	size_t len;

	if (!end)
		return -EINVAL;
	/* the word before the message: [h|n]VHE[+NV2] */
	for (tok = end; tok > msg && tok[-1] != ' '; tok--)
		;
	len = (size_t)(end - tok);
	m->nv2 = len > 4 && !strncmp(end - 4, "+NV2", 4);
	if (m->nv2)
		len -= 4;
	/* and the word before it, if any: Protected or Hyp */
	if (tok > msg + 1) {
		for (word = tok - 1; word > msg && word[-1] != ' '; word--)
			;
		prot = tok - 1 - word == 9 && !strncmp(word, "Protected", 9);
		hyp = tok - 1 - word == 3 && !strncmp(word, "Hyp", 3);
	}
	if (len == 3 && !strncmp(tok, "VHE", 3) && !prot && !hyp) {
		m->flavour = "VHE";
		m->mode = "vhe";
	} else if (len == 4 && (*tok == 'n' || *tok == 'h') && !strncmp(tok + 1, "VHE", 3) &&
		   (prot || hyp)) {
		m->flavour = *tok == 'n' ? "nVHE" : "hVHE";
		m->mode = prot ? "protected" : *tok == 'n' ? "nvhe" : "hvhe";
	} else {
		return -EINVAL;
	}
	if (m->nv2)
		m->mode = "nested";
	return 0;
}

int vmm_host_vm_debugfs_has(struct vmm_sys *s, int kvm_fd, unsigned long type,
			    const char *name, bool *present)
{
	char path[PATH_MAX];
	int vm, ret;

	*present = false;
	vm = vmm_kvm_create_vm(s, kvm_fd, type);
	if (vm < 0)
		return vm;
	/* the directory is named after the creating thread and the VM's fd */
	snprintf(path, sizeof(path), VMM_DEBUGFS "/kvm/%d-%d", (int)gettid(), vm);
	ret = vmm_sys_access(s, path, F_OK);
	if (!ret) {
		snprintf(path, sizeof(path), VMM_DEBUGFS "/kvm/%d-%d/%s", (int)gettid(), vm, name);
		*present = vmm_sys_access(s, path, F_OK) == 0;
	}
	vmm_sys_close(vm);
	return ret;
}

int vmm_host_stage2_probe(struct vmm_sys *s, int kvm_fd, int ipa, bool *present)
{
	int ret;

	if (s->snap) {		/* a snapshot has no KVM to ask: its host's answer */
		*present = s->snap->s2_present;
		return s->snap->s2_probe;
	}
	ret = vmm_host_vm_debugfs_has(s, kvm_fd, 0, "stage2_page_tables", present);
	if (ret == -EINVAL && ipa > 0)	/* a host whose default IPA size KVM refuses */
		ret = vmm_host_vm_debugfs_has(s, kvm_fd, (unsigned long)ipa,
					      "stage2_page_tables", present);
	return ret;
}

int vmm_host_arm_kvm_mode_get(struct vmm_sys *s, struct vmm_arm_kvm_mode *m, char *msg,
			      size_t len)
{
	static const char *const init_msg[] = { VMM_ARM_KVM_INIT_MSG, NULL };
	int ret = vmm_host_kmsg_find(s, init_msg, msg, len);

	memset(m, 0, sizeof(*m));
	if (ret >= 0 && vmm_host_arm_kvm_mode(msg, m))
		ret = -ENOENT;
	if (ret < 0) {
		memset(m, 0, sizeof(*m));
		*msg = '\0';
	}
	return ret < 0 ? ret : 0;
}

const char *vmm_host_kvm_mode(struct vmm_sys *s)
{
	struct vmm_arm_kvm_mode m;
	char msg[160];

	vmm_host_arm_kvm_mode_get(s, &m, msg, sizeof(msg));
	vmm_sys_clear(s);
	return m.mode;
}
