// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A configfs-tsm report provider without hardware: registered with
 * tsm_report_register() at load, so that /sys/kernel/config/tsm/report/
 * accepts entries, and unregistered at unload.  Its report_new() hands out
 * evidence the test loaded beforehand through debugfs (a CCA token, an SNP
 * report and certificate table, a TDX quote made on the host), so that the
 * attestation commands of vmmctl can be run against the kernel's real
 * configfs-tsm core.
 *
 * Parameters (under /sys/module/vmm_tsm_report_test/parameters):
 *   provider=NAME       the provider name configfs shows in each entry's
 *                       `provider` (load time; default vmm_tsm_report_test)
 *   fail_report=ERRNO   report_new() fails with -ERRNO when non-zero
 *                       (writable)
 *   bins=MASK           the binary attributes shown, bit n for enum
 *                       tsm_bin_attr_index n: 1 inblob, 2 outblob, 4 auxblob,
 *                       8 manifestblob (load time; default 0xf)
 *   privlevel_floor=N   the lowest privlevel the core accepts, 0..3 (load
 *                       time; default 0)
 *   delay_ms=N          report_new() sleeps N ms, interruptibly, with the
 *                       core's lock held, after counting itself in
 *                       `reports` and recording its inblob: a test that sees
 *                       `reports` grow can race a write against the report
 *                       in progress (writable; default 0)
 *
 * Files (under /sys/kernel/debug/vmm_tsm_report_test):
 *   outblob, auxblob, manifestblob  the blobs report_new() copies into the
 *                       report.  What one open for writing wrote (from
 *                       offset 0, at most 1 MiB) replaces the stored blob
 *                       when it is closed; opening for writing and writing
 *                       nothing empties it.  A read returns the stored blob.
 *                       An empty outblob makes report_new() fail with
 *                       -ENODATA; an empty auxblob or manifestblob leaves
 *                       that part of the report empty.
 *   last_inblob         (read-only) the inblob report_new() last received
 *   last_privlevel      (read-only) the privlevel it last received, as text
 *   reports             (read-only) how many times report_new() was called,
 *                       as text (failed calls included)
 */
#include <linux/cleanup.h>
#include <linux/debugfs.h>
#include <linux/delay.h>
#include <linux/fs.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/tsm.h>
#include <linux/uaccess.h>

static char *provider = "vmm_tsm_report_test";
module_param(provider, charp, 0444);
MODULE_PARM_DESC(provider, "provider name shown in configfs");

static int fail_report;
module_param(fail_report, int, 0644);
MODULE_PARM_DESC(fail_report, "errno that report_new() fails with (0: succeed)");

static unsigned int bins = 0xf;
module_param(bins, uint, 0444);
MODULE_PARM_DESC(bins, "visible binary attributes, bit n = enum tsm_bin_attr_index n");

static unsigned int privlevel_floor;
module_param(privlevel_floor, uint, 0444);
MODULE_PARM_DESC(privlevel_floor, "lowest privlevel accepted (0..3)");

static unsigned int delay_ms;
module_param(delay_ms, uint, 0644);
MODULE_PARM_DESC(delay_ms, "milliseconds report_new() sleeps, holding the core's lock");

#define TR_BLOB_MAX SZ_1M

struct tr_blob {
	u8 *data;
	size_t len;
	bool writable;
};

/* the stored blobs and the records of report_new(), under tr_lock */
static DEFINE_MUTEX(tr_lock);
static struct tr_blob tr_outblob = { .writable = true };
static struct tr_blob tr_auxblob = { .writable = true };
static struct tr_blob tr_manifestblob = { .writable = true };
static struct tr_blob tr_last_inblob;
static u32 tr_last_privlevel;
static u32 tr_reports;

static struct dentry *tr_dir;

/*
 * One open file: a private copy of the blob for a reader; for a writer,
 * the new contents, which replace the blob when the file is closed.
 */
struct tr_file {
	struct tr_blob *blob;
	u8 *data;
	size_t len;
	size_t size;
	bool write;
};

static int tr_blob_open(struct inode *inode, struct file *file)
{
	struct tr_blob *blob = inode->i_private;
	struct tr_file *f;

	if ((file->f_mode & FMODE_WRITE) && !blob->writable)
		return -EPERM;
	f = kzalloc_obj(*f);
	if (!f)
		return -ENOMEM;
	f->blob = blob;
	if (file->f_mode & FMODE_WRITE) {
		f->write = true;
	} else {
		guard(mutex)(&tr_lock);
		if (blob->len) {
			f->data = kvmemdup(blob->data, blob->len, GFP_KERNEL);
			if (!f->data) {
				kfree(f);
				return -ENOMEM;
			}
			f->len = blob->len;
			f->size = blob->len;
		}
	}
	file->private_data = f;
	return 0;
}

static ssize_t tr_blob_read(struct file *file, char __user *ubuf, size_t count,
			    loff_t *ppos)
{
	struct tr_file *f = file->private_data;

	return simple_read_from_buffer(ubuf, count, ppos, f->data, f->len);
}

static ssize_t tr_blob_write(struct file *file, const char __user *ubuf,
			     size_t count, loff_t *ppos)
{
	struct tr_file *f = file->private_data;
	loff_t pos = *ppos;
	size_t end;

	if (pos < 0)
		return -EINVAL;
	if (!count)
		return 0;
	if (pos > TR_BLOB_MAX || count > TR_BLOB_MAX - pos)
		return -EFBIG;
	end = pos + count;
	if (end > f->size) {
		size_t size = max(end, min_t(size_t, 2 * f->size, TR_BLOB_MAX));
		u8 *data = kvrealloc(f->data, size, GFP_KERNEL);

		if (!data)
			return -ENOMEM;
		f->data = data;
		f->size = size;
	}
	if (pos > f->len)
		memset(f->data + f->len, 0, pos - f->len);
	if (copy_from_user(f->data + pos, ubuf, count))
		return -EFAULT;
	f->len = max(f->len, end);
	*ppos = end;
	return count;
}

static int tr_blob_release(struct inode *inode, struct file *file)
{
	struct tr_file *f = file->private_data;

	if (f->write) {
		struct tr_blob *blob = f->blob;

		guard(mutex)(&tr_lock);
		swap(blob->data, f->data);
		blob->len = f->len;
	}
	kvfree(f->data);
	kfree(f);
	return 0;
}

static const struct file_operations tr_blob_fops = {
	.owner = THIS_MODULE,
	.open = tr_blob_open,
	.read = tr_blob_read,
	.write = tr_blob_write,
	.release = tr_blob_release,
	.llseek = default_llseek,
};

/* a copy of @blob for the report, which the core frees with kvfree() */
static int tr_copy(const struct tr_blob *blob, u8 **data, size_t *len)
{
	if (!blob->len)
		return 0;
	*data = kvmemdup(blob->data, blob->len, GFP_KERNEL);
	if (!*data)
		return -ENOMEM;
	*len = blob->len;
	return 0;
}

static int tr_report_new(struct tsm_report *report, void *data)
{
	struct tsm_report_desc *desc = &report->desc;
	unsigned int ms = READ_ONCE(delay_ms);
	int err, rc;

	/* recorded first, so that a test sees a report in progress */
	scoped_guard(mutex, &tr_lock) {
		u8 *in = kvmemdup(desc->inblob, desc->inblob_len, GFP_KERNEL);

		tr_reports++;
		tr_last_privlevel = desc->privlevel;
		if (!in)
			return -ENOMEM;
		kvfree(tr_last_inblob.data);
		tr_last_inblob.data = in;
		tr_last_inblob.len = desc->inblob_len;
	}

	if (ms && msleep_interruptible(ms))
		return -EINTR;
	err = READ_ONCE(fail_report);
	if (err)
		return -abs(err);

	guard(mutex)(&tr_lock);
	if (!tr_outblob.len)
		return -ENODATA;
	rc = tr_copy(&tr_outblob, &report->outblob, &report->outblob_len);
	if (!rc)
		rc = tr_copy(&tr_auxblob, &report->auxblob, &report->auxblob_len);
	if (!rc)
		rc = tr_copy(&tr_manifestblob, &report->manifestblob,
			     &report->manifestblob_len);
	if (rc) {
		kvfree(report->outblob);
		kvfree(report->auxblob);
		report->outblob = NULL;
		report->auxblob = NULL;
		report->outblob_len = 0;
		report->auxblob_len = 0;
	}
	return rc;
}

static bool tr_bin_attr_visible(int n)
{
	return n >= 0 && n < 32 && (bins & BIT(n));
}

static struct tsm_report_ops tr_ops = {
	.report_new = tr_report_new,
	.report_bin_attr_visible = tr_bin_attr_visible,
};

static void tr_free_blobs(void)
{
	kvfree(tr_outblob.data);
	kvfree(tr_auxblob.data);
	kvfree(tr_manifestblob.data);
	kvfree(tr_last_inblob.data);
}

static int __init tr_init(void)
{
	int rc;

	if (!provider || !*provider || privlevel_floor > TSM_REPORT_PRIVLEVEL_MAX)
		return -EINVAL;
	tr_ops.name = provider;
	tr_ops.privlevel_floor = privlevel_floor;

	tr_dir = debugfs_create_dir(KBUILD_MODNAME, NULL);
	debugfs_create_file("outblob", 0600, tr_dir, &tr_outblob, &tr_blob_fops);
	debugfs_create_file("auxblob", 0600, tr_dir, &tr_auxblob, &tr_blob_fops);
	debugfs_create_file("manifestblob", 0600, tr_dir, &tr_manifestblob,
			    &tr_blob_fops);
	debugfs_create_file("last_inblob", 0400, tr_dir, &tr_last_inblob,
			    &tr_blob_fops);
	debugfs_create_u32("last_privlevel", 0400, tr_dir, &tr_last_privlevel);
	debugfs_create_u32("reports", 0400, tr_dir, &tr_reports);

	rc = tsm_report_register(&tr_ops, NULL);
	if (rc) {
		debugfs_remove_recursive(tr_dir);
		return rc;
	}
	return 0;
}

static void __exit tr_exit(void)
{
	tsm_report_unregister(&tr_ops);
	debugfs_remove_recursive(tr_dir);
	tr_free_blobs();
}

module_init(tr_init);
module_exit(tr_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("vmmctl rig: configfs-tsm report provider with loaded evidence");
