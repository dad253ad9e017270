# SPDX-License-Identifier: GPL-3.0-or-later
#
# The arm64 real-kernel rig, for the top-level GNUmakefile (-include'd).
#   make check-arm64 [RIG_KERNEL=auto|custom|debian] [RIG_QEMU=trixie|bookworm]
#                    [RIG_MODES="vhe nvhe protected nested"] [RIG_ONLY="rig/4* live/*"]
#                    [RIG_INJECT_FAIL=1] [RIG_REFRESH_SNAPSHOT=1] [VMMCTL_CACHE=dir]
# See tests/arm64/README.md.

RIG_TOP := $(if $(TOP),$(TOP),$(CURDIR))

.PHONY: check-arm64
check-arm64:
	TOP='$(RIG_TOP)' \
	$(if $(RIG_KERNEL),RIG_KERNEL=$(RIG_KERNEL)) \
	$(if $(RIG_QEMU),RIG_QEMU=$(RIG_QEMU)) \
	$(if $(RIG_MODES),RIG_MODES='$(RIG_MODES)') \
	$(if $(RIG_ONLY),RIG_ONLY='$(RIG_ONLY)') \
	$(if $(RIG_INJECT_FAIL),RIG_INJECT_FAIL=$(RIG_INJECT_FAIL)) \
	$(if $(RIG_TIMEOUT),RIG_TIMEOUT=$(RIG_TIMEOUT)) \
	$(if $(RIG_TEST_TIMEOUT),RIG_TEST_TIMEOUT=$(RIG_TEST_TIMEOUT)) \
	$(if $(RIG_REFRESH_SNAPSHOT),RIG_REFRESH_SNAPSHOT=$(RIG_REFRESH_SNAPSHOT)) \
	$(if $(VMMCTL_CACHE),VMMCTL_CACHE=$(VMMCTL_CACHE)) \
	sh '$(RIG_TOP)'/tests/arm64/run.sh
