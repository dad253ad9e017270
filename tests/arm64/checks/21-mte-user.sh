#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# STG/LDG round trip over 16 pages of PROT_MTE memory in user space.
exec /rig/bin/mte-roundtrip user 16
