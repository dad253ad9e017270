// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A link TSM for the emulated endpoint (emul.c), registered with
 * tsm_register() so that the PCI TSM core gives the endpoint's functions
 * their tsm/ attributes and /sys/class/tsm gets a tsmN.  connect() stands in
 * for the SPDM session with one real exchange over the DOE mailbox (SPDM
 * GET_VERSION through pci_tsm_doe_transfer()) and then sets up one Selective
 * IDE stream between the root port and function 0 with the core's stream
 * helpers, which create the host bridge's streamH.R.E link and take one of
 * its available_secure_streams.  disconnect() undoes it.
 *
 * Parameters (also writable under /sys/module/vmm_tsm_test/parameters):
 *   fail_connect=ERRNO  connect() fails with -ERRNO before touching anything
 *   nr_streams=N        the host bridge's pool of IDE streams (default 4)
 */
#include <linux/device/faux.h>
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/pci-doe.h>
#include <linux/pci-ide.h>
#include <linux/pci-tsm.h>
#include <linux/slab.h>
#include <linux/tsm.h>

#include "tsm_test.h"

static int fail_connect;
module_param(fail_connect, int, 0644);
MODULE_PARM_DESC(fail_connect, "errno that connect() fails with (0: succeed)");

static unsigned int nr_streams = 4;
module_param(nr_streams, uint, 0444);
MODULE_PARM_DESC(nr_streams, "IDE streams of the emulated host bridge");

/* function 0's context: the core's DSM context and the stream we set up */
struct tt_pf0 {
	struct pci_tsm_pf0 pf0;
	struct pci_ide *ide;
};

static struct faux_device *tt_fdev;
static struct tsm_dev *tt_tsm;

static struct tt_pf0 *to_tt_pf0(struct pci_tsm *tsm)
{
	return container_of(tsm, struct tt_pf0, pf0.base_tsm);
}

static struct pci_tsm *tt_probe(struct tsm_dev *tsm_dev, struct pci_dev *pdev)
{
	struct pci_tsm *tsm;

	if (is_pci_tsm_pf0(pdev)) {
		struct tt_pf0 *p = kzalloc(sizeof(*p), GFP_KERNEL);

		if (!p)
			return NULL;
		if (pci_tsm_pf0_constructor(pdev, &p->pf0, tsm_dev)) {
			kfree(p);
			return NULL;
		}
		return &p->pf0.base_tsm;
	}
	tsm = kzalloc(sizeof(*tsm), GFP_KERNEL);
	if (!tsm)
		return NULL;
	if (pci_tsm_link_constructor(pdev, tsm, tsm_dev)) {
		kfree(tsm);
		return NULL;
	}
	return tsm;
}

static void tt_remove(struct pci_tsm *tsm)
{
	if (tsm->pdev == tsm->dsm_dev) {
		struct tt_pf0 *p = to_tt_pf0(tsm);

		pci_tsm_pf0_destructor(&p->pf0);
		kfree(p);
		return;
	}
	kfree(tsm);
}

/* SPDM GET_VERSION must come back as VERSION: the DOE path works end to end */
static int tt_spdm_version(struct pci_dev *pdev)
{
	static const u8 req[4] = { 0x10, 0x84, 0x00, 0x00 };
	u8 rsp[8];
	int rc;

	rc = pci_tsm_doe_transfer(pdev, PCI_DOE_FEATURE_CMA, req, sizeof(req), rsp, sizeof(rsp));
	if (rc < 0)
		return rc;
	if (rc < 6 || rsp[1] != 0x04 || rsp[5] < 1)
		return -EPROTO;
	return 0;
}

static int tt_connect(struct pci_dev *pdev)
{
	struct pci_dev *rp = pcie_find_root_port(pdev);
	struct tt_pf0 *p = to_tt_pf0(pdev->tsm);
	int rc;

	if (fail_connect)
		return -abs(fail_connect);
	rc = tt_spdm_version(pdev);
	if (rc)
		return rc;

	struct pci_ide *ide __free(pci_ide_stream_release) = pci_ide_stream_alloc(pdev);
	if (!ide)
		return -ENOSPC;
	/* the TSM owns Stream IDs; one per host bridge stream is unique */
	ide->stream_id = ide->host_bridge_stream;
	rc = pci_ide_stream_register(ide);
	if (rc)
		return rc;
	pci_ide_stream_setup(rp, ide);
	pci_ide_stream_setup(pdev, ide);
	rc = pci_ide_stream_enable(rp, ide);
	if (rc)
		return rc;
	rc = pci_ide_stream_enable(pdev, ide);
	if (rc)
		return rc;
	p->ide = no_free_ptr(ide);
	return 0;
}

static void tt_disconnect(struct pci_dev *pdev)
{
	struct tt_pf0 *p = to_tt_pf0(pdev->tsm);

	if (p->ide)
		pci_ide_stream_release(p->ide);
	p->ide = NULL;
}

static struct pci_tsm_ops tt_tsm_ops = {
	.probe = tt_probe,
	.remove = tt_remove,
	.connect = tt_connect,
	.disconnect = tt_disconnect,
};

static int __init tt_init(void)
{
	int ret;

	tt_fdev = faux_device_create("vmm-tsm-test", NULL, NULL);
	if (!tt_fdev)
		return -ENODEV;
	ret = tt_emul_add(&tt_fdev->dev, nr_streams);
	if (ret)
		goto out_fdev;
	tt_tsm = tsm_register(&tt_fdev->dev, &tt_tsm_ops);
	if (IS_ERR(tt_tsm)) {
		ret = PTR_ERR(tt_tsm);
		goto out_emul;
	}
	return 0;
out_emul:
	tt_emul_remove();
out_fdev:
	faux_device_destroy(tt_fdev);
	return ret;
}

static void __exit tt_exit(void)
{
	tsm_unregister(tt_tsm);		/* disconnects what is connected */
	tt_emul_remove();
	faux_device_destroy(tt_fdev);
}

module_init(tt_init);
module_exit(tt_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("vmmctl rig: emulated TEE-IO endpoint and link TSM");
