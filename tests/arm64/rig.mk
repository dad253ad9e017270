# SPDX-License-Identifier: GPL-3.0-or-later
#
# The arm64 real-kernel rig, for the top-level GNUmakefile (-include'd).
#   make check-arm64 [RIG_KERNEL=auto|custom|debian] [RIG_QEMU=trixie|bookworm]
#                    [RIG_MODES="vhe nvhe protected nested"] [RIG_ONLY="rig/4* live/*"]
#                    [RIG_INJECT_FAIL=1] [RIG_REFRESH_SNAPSHOT=1] [VMMCTL_CACHE=dir]
#   make bench-arm64 [RIG_KERNEL=...]   the benchmarks alone, at full size
# See tests/arm64/README.md.

RIG_TOP := $(if $(TOP),$(TOP),$(CURDIR))

.PHONY: check-arm64 bench-arm64
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
	$(if $(RIG_BENCH),RIG_BENCH=$(RIG_BENCH)) \
	$(if $(VMMCTL_CACHE),VMMCTL_CACHE=$(VMMCTL_CACHE)) \
	sh '$(RIG_TOP)'/tests/arm64/run.sh

# The rig's benchmarks (MTE tag copies, the live stage-2 summary) at full
# size with their figures: one boot in VHE mode running those two alone.
# Their time depends on the machine, so they are not in check-arm64, which
# runs the same scripts as a functional smoke at a small size.
bench-arm64:
	@$(MAKE) --no-print-directory -f $(RIG_TOP)/GNUmakefile check-arm64 RIG_BENCH=1 \
		RIG_MODES=vhe RIG_ONLY='rig/41* rig/52*' RIG_TEST_TIMEOUT=$(or $(RIG_TEST_TIMEOUT),3600) \
		RIG_TIMEOUT=$(or $(RIG_TIMEOUT),7200)
