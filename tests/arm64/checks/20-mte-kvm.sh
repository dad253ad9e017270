#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# KVM_ARM_MTE_COPY_TAGS round trip over 16 pages of random tags.
exec /rig/bin/mte-roundtrip kvm 16
