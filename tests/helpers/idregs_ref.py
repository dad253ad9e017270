#!/usr/bin/python3
"""Reference layouts of the arm64 identification registers.

Field names, bit positions and widths follow the register descriptions of
the Arm Architecture Reference Manual for A-profile (AArch64 views of the
AArch64 and AArch32 ID registers).  RES0/RES1 ranges are not listed.

A field is "signed" where the Arm ARM's principles of the ID scheme make it
hold a signed value: 0b0000 means the feature is present and 0b1111 means it
is absent (so 0b1111 reads as -1).  PMUVer and PerfMon use the alternative
scheme (0b1111 = IMPLEMENTATION DEFINED PMU) and are unsigned here, as are
the single-bit and "all ones" fields of ID_AA64SMFR0_EL1.

Usage as a program:
    idregs_ref.py NAME HEX        print "FIELD=value" lines in bit order
    idregs_ref.py --json NAME HEX the same as a JSON list of [field, value]
    idregs_ref.py --list          the register names with their encodings
"""

import json
import sys

# KVM_GET_ONE_REG / KVM_SET_ONE_REG ids of arm64 system registers:
#   0x6030 0000 0013 <op0:2> <op1:3> <crn:4> <crm:4> <op2:3>
KVM_REG_ARM64 = 0x6000000000000000
KVM_REG_SIZE_U64 = 0x0030000000000000
KVM_REG_ARM64_SYSREG = 0x0013 << 16


def kvm_reg_id(op0, op1, crn, crm, op2):
    """KVM ONE_REG id of the system register with this encoding."""
    if not (0 <= op0 <= 3 and 0 <= op1 <= 7 and 0 <= crn <= 15
            and 0 <= crm <= 15 and 0 <= op2 <= 7):
        raise ValueError("encoding out of range: %r"
                         % ((op0, op1, crn, crm, op2),))
    return (KVM_REG_ARM64 | KVM_REG_SIZE_U64 | KVM_REG_ARM64_SYSREG
            | op0 << 14 | op1 << 11 | crn << 7 | crm << 3 | op2)


def _u(name, lsb, width=4):
    return (name, lsb, width, False)


def _s(name, lsb, width=4):
    return (name, lsb, width, True)


def _nibbles(*names):
    """Consecutive 4-bit unsigned fields from bit 0 upwards (None = RES0)."""
    out = []
    for i, n in enumerate(names):
        if n is not None:
            out.append(_u(n, 4 * i))
    return out


IMPDEF = "IMPLEMENTATION DEFINED"

REGS = {
    # ---- AArch64 processor feature registers -------------------------
    "ID_AA64PFR0_EL1": {
        "enc": (3, 0, 0, 4, 0),
        "fields": [
            _u("EL0", 0), _u("EL1", 4), _u("EL2", 8), _u("EL3", 12),
            _s("FP", 16), _s("AdvSIMD", 20), _u("GIC", 24), _u("RAS", 28),
            _u("SVE", 32), _u("SEL2", 36), _u("MPAM", 40), _u("AMU", 44),
            _u("DIT", 48), _u("RME", 52), _u("CSV2", 56), _u("CSV3", 60),
        ],
    },
    "ID_AA64PFR1_EL1": {
        "enc": (3, 0, 0, 4, 1),
        "fields": [
            _u("BT", 0), _u("SSBS", 4), _u("MTE", 8), _u("RAS_frac", 12),
            _u("MPAM_frac", 16),
            # [23:20] RES0
            _u("SME", 24), _u("RNDR_trap", 28), _u("CSV2_frac", 32),
            _u("NMI", 36), _u("MTE_frac", 40), _u("GCS", 44), _u("THE", 48),
            _u("MTEX", 52), _u("DF2", 56), _u("PFAR", 60),
        ],
    },
    "ID_AA64PFR2_EL1": {
        "enc": (3, 0, 0, 4, 2),
        "fields": [
            _u("MTEPERM", 0), _u("MTESTOREONLY", 4), _u("MTEFAR", 8),
            _u("GCIE", 12), _u("UINJ", 16),
            # [31:20] RES0
            _u("FPMR", 32),
            # [63:36] RES0
        ],
    },
    "ID_AA64ZFR0_EL1": {
        "enc": (3, 0, 0, 4, 4),
        "fields": [
            _u("SVEver", 0), _u("AES", 4),
            # [11:8] RES0
            _u("EltPerm", 12), _u("BitPerm", 16), _u("BF16", 20),
            _u("B16B16", 24),
            # [31:28] RES0
            _u("SHA3", 32),
            # [39:36] RES0
            _u("SM4", 40), _u("I8MM", 44),
            # [51:48] RES0
            _u("F32MM", 52), _u("F64MM", 56),
            # [63:60] RES0
        ],
    },
    "ID_AA64SMFR0_EL1": {
        "enc": (3, 0, 0, 4, 5),
        "fields": [
            _u("SMOP4", 0, 1),
            # [15:1] RES0
            _u("STMOP", 16, 1),
            # [22:17] RES0
            _u("SFEXPA", 23, 1), _u("AES", 24, 1), _u("SBitPerm", 25, 1),
            # [27:26] RES0
            _u("SF8DP2", 28, 1), _u("SF8DP4", 29, 1), _u("SF8FMA", 30, 1),
            # [31] RES0
            _u("F32F32", 32, 1), _u("BI32I32", 33, 1), _u("B16F32", 34, 1),
            _u("F16F32", 35, 1), _u("I8I32", 36, 4), _u("F8F32", 40, 1),
            _u("F8F16", 41, 1), _u("F16F16", 42, 1), _u("B16B16", 43, 1),
            _u("I16I32", 44, 4), _u("F64F64", 48, 1),
            # [51:49] RES0
            _u("I16I64", 52, 4), _u("SMEver", 56, 4), _u("LUTv2", 60, 1),
            # [62:61] RES0
            _u("FA64", 63, 1),
        ],
    },
    # ---- AArch64 debug feature registers -----------------------------
    "ID_AA64DFR0_EL1": {
        "enc": (3, 0, 0, 5, 0),
        "fields": [
            _u("DebugVer", 0), _u("TraceVer", 4), _u("PMUVer", 8),
            _u("BRPs", 12), _u("PMSS", 16), _u("WRPs", 20), _u("SEBEP", 24),
            _u("CTX_CMPs", 28), _u("PMSVer", 32), _s("DoubleLock", 36),
            _u("TraceFilt", 40), _u("TraceBuffer", 44), _s("MTPMU", 48),
            _u("BRBE", 52), _u("ExtTrcBuff", 56), _u("HPMN0", 60),
        ],
    },
    "ID_AA64DFR1_EL1": {
        "enc": (3, 0, 0, 5, 1),
        "fields": [
            _u("SYSPMUID", 0, 8), _u("BRPs", 8, 8), _u("WRPs", 16, 8),
            _u("CTX_CMPs", 24, 8), _u("SPMU", 32), _u("PMICNTR", 36),
            _u("ABLE", 40), _u("ITE", 44), _u("EBEP", 48), _u("DPFZS", 52),
            _u("ABL_CMPs", 56, 8),
        ],
    },
    # ---- AArch64 auxiliary feature registers -------------------------
    "ID_AA64AFR0_EL1": {
        "enc": (3, 0, 0, 5, 4),
        # eight 4-bit IMPLEMENTATION DEFINED fields, [63:32] RES0
        "fields": [_u(IMPDEF, 4 * i) for i in range(8)],
    },
    "ID_AA64AFR1_EL1": {
        "enc": (3, 0, 0, 5, 5),
        "fields": [],  # [63:0] RES0
    },
    # ---- AArch64 instruction set attribute registers -----------------
    "ID_AA64ISAR0_EL1": {
        "enc": (3, 0, 0, 6, 0),
        "fields": [
            # [3:0] RES0
            _u("AES", 4), _u("SHA1", 8), _u("SHA2", 12), _u("CRC32", 16),
            _u("Atomic", 20), _u("TME", 24), _u("RDM", 28), _u("SHA3", 32),
            _u("SM3", 36), _u("SM4", 40), _u("DP", 44), _u("FHM", 48),
            _u("TS", 52), _u("TLB", 56), _u("RNDR", 60),
        ],
    },
    "ID_AA64ISAR1_EL1": {
        "enc": (3, 0, 0, 6, 1),
        "fields": _nibbles(
            "DPB", "APA", "API", "JSCVT", "FCMA", "LRCPC", "GPA", "GPI",
            "FRINTTS", "SB", "SPECRES", "BF16", "DGH", "I8MM", "XS", "LS64"),
    },
    "ID_AA64ISAR2_EL1": {
        "enc": (3, 0, 0, 6, 2),
        "fields": _nibbles(
            "WFxT", "RPRES", "GPA3", "APA3", "MOPS", "BC", "PAC_frac",
            "CLRBHB", "SYSREG_128", "SYSINSTR_128", "PRFMSLC", "PCDPHINT",
            "RPRFM", "CSSC", "LUT", "ATS1A"),
    },
    "ID_AA64ISAR3_EL1": {
        "enc": (3, 0, 0, 6, 3),
        "fields": _nibbles(
            "CPA", "FAMINMAX", "TLBIW", "PACM", "LSFE", "OCCMO", "LSUI",
            "FPRCVT"),
        # [63:32] RES0
    },
    # ---- AArch64 memory model feature registers ----------------------
    "ID_AA64MMFR0_EL1": {
        "enc": (3, 0, 0, 7, 0),
        "fields": [
            _u("PARange", 0), _u("ASIDBits", 4), _u("BigEnd", 8),
            _u("SNSMem", 12), _u("BigEndEL0", 16), _u("TGran16", 20),
            _s("TGran64", 24), _s("TGran4", 28), _u("TGran16_2", 32),
            _u("TGran64_2", 36), _u("TGran4_2", 40), _u("ExS", 44),
            # [55:48] RES0
            _u("FGT", 56), _u("ECV", 60),
        ],
    },
    "ID_AA64MMFR1_EL1": {
        "enc": (3, 0, 0, 7, 1),
        "fields": _nibbles(
            "HAFDBS", "VMIDBits", "VH", "HPDS", "LO", "PAN", "SpecSEI",
            "XNX", "TWED", "ETS", "HCX", "AFP", "nTLBPA", "TIDCP1", "CMOW",
            "ECBHB"),
    },
    "ID_AA64MMFR2_EL1": {
        "enc": (3, 0, 0, 7, 2),
        "fields": _nibbles(
            "CnP", "UAO", "LSM", "IESB", "VARange", "CCIDX", "NV", "ST",
            "AT", "IDS", "FWB", None, "TTL", "BBM", "EVT", "E0PD"),
    },
    "ID_AA64MMFR3_EL1": {
        "enc": (3, 0, 0, 7, 3),
        "fields": _nibbles(
            "TCRX", "SCTLRX", "S1PIE", "S2PIE", "S1POE", "S2POE", "AIE",
            "MEC", "D128", "D128_2", "SNERR", "ANERR", None, "SDERR",
            "ADERR", "Spec_FPACC"),
    },
    "ID_AA64MMFR4_EL1": {
        "enc": (3, 0, 0, 7, 4),
        "fields": [
            _u("PoPS", 0), _u("EIESB", 4), _u("ASID2", 8), _u("HACDBS", 12),
            _u("FGWTE3", 16), _u("NV_frac", 20), _s("E2H0", 24),
            _u("RMEGDI", 28),
            # [35:32] RES0
            _u("E3DSE", 36),
            # [47:40] RES0
            _u("SRMASK", 48),
            # [63:52] RES0
        ],
    },
    # ---- AArch32 ID registers, as read from AArch64 ([63:32] RES0) ----
    "ID_PFR0_EL1": {
        "enc": (3, 0, 0, 1, 0),
        "fields": _nibbles("State0", "State1", "State2", "State3", "CSV2",
                           "AMU", "DIT", "RAS"),
    },
    "ID_PFR1_EL1": {
        "enc": (3, 0, 0, 1, 1),
        "fields": _nibbles("ProgMod", "Security", "MProgMod",
                           "Virtualization", "GenTimer", "Sec_frac",
                           "Virt_frac", "GIC"),
    },
    "ID_DFR0_EL1": {
        "enc": (3, 0, 0, 1, 2),
        "fields": _nibbles("CopDbg", "CopSDbg", "MMapDbg", "CopTrc",
                           "MMapTrc", "MProfDbg", "PerfMon", "TraceFilt"),
    },
    "ID_AFR0_EL1": {
        "enc": (3, 0, 0, 1, 3),
        # four 4-bit IMPLEMENTATION DEFINED fields, [31:16] RES0
        "fields": [_u(IMPDEF, 4 * i) for i in range(4)],
    },
    "ID_MMFR0_EL1": {
        "enc": (3, 0, 0, 1, 4),
        "fields": _nibbles("VMSA", "PMSA", "OuterShr", "ShareLvl", "TCM",
                           "AuxReg", "FCSE", "InnerShr"),
    },
    "ID_MMFR1_EL1": {
        "enc": (3, 0, 0, 1, 5),
        "fields": _nibbles("L1HvdVA", "L1UniVA", "L1HvdSW", "L1UniSW",
                           "L1Hvd", "L1Uni", "L1TstCln", "BPred"),
    },
    "ID_MMFR2_EL1": {
        "enc": (3, 0, 0, 1, 6),
        "fields": _nibbles("L1HvdFG", "L1HvdBG", "L1HvdRng", "HvdTLB",
                           "UniTLB", "MemBarr", "WFIStall", "HWAccFlg"),
    },
    "ID_MMFR3_EL1": {
        "enc": (3, 0, 0, 1, 7),
        "fields": _nibbles("CMaintVA", "CMaintSW", "BPMaint", "MaintBcst",
                           "PAN", "CohWalk", "CMemSz", "Supersec"),
    },
    "ID_ISAR0_EL1": {
        "enc": (3, 0, 0, 2, 0),
        "fields": _nibbles("Swap", "BitCount", "BitField", "CmpBranch",
                           "Coproc", "Debug", "Divide"),
        # [31:28] RES0
    },
    "ID_ISAR1_EL1": {
        "enc": (3, 0, 0, 2, 1),
        "fields": _nibbles("Endian", "Except", "Except_AR", "Extend",
                           "IfThen", "Immediate", "Interwork", "Jazelle"),
    },
    "ID_ISAR2_EL1": {
        "enc": (3, 0, 0, 2, 2),
        "fields": _nibbles("LoadStore", "MemHint", "MultiAccessInt", "Mult",
                           "MultS", "MultU", "PSR_AR", "Reversal"),
    },
    "ID_ISAR3_EL1": {
        "enc": (3, 0, 0, 2, 3),
        "fields": _nibbles("Saturate", "SIMD", "SVC", "SynchPrim",
                           "TabBranch", "T32Copy", "TrueNOP", "T32EE"),
    },
    "ID_ISAR4_EL1": {
        "enc": (3, 0, 0, 2, 4),
        "fields": _nibbles("Unpriv", "WithShifts", "Writeback", "SMC",
                           "Barrier", "SynchPrim_frac", "PSR_M",
                           "SWP_frac"),
    },
    "ID_ISAR5_EL1": {
        "enc": (3, 0, 0, 2, 5),
        "fields": _nibbles("SEVL", "AES", "SHA1", "SHA2", "CRC32", None,
                           "RDM", "VCMA"),
    },
    "ID_MMFR4_EL1": {
        "enc": (3, 0, 0, 2, 6),
        "fields": _nibbles("SpecSEI", "AC2", "XNX", "CnP", "HPDS", "LSM",
                           "CCIDX", "EVT"),
    },
    "ID_ISAR6_EL1": {
        "enc": (3, 0, 0, 2, 7),
        "fields": _nibbles("JSCVT", "DP", "FHM", "SB", "SPECRES", "BF16",
                           "I8MM", "CLRBHB"),
    },
    "MVFR0_EL1": {
        "enc": (3, 0, 0, 3, 0),
        "fields": _nibbles("SIMDReg", "FPSP", "FPDP", "FPTrap", "FPDivide",
                           "FPSqrt", "FPShVec", "FPRound"),
    },
    "MVFR1_EL1": {
        "enc": (3, 0, 0, 3, 1),
        "fields": _nibbles("FPFtZ", "FPDNaN", "SIMDLS", "SIMDInt", "SIMDSP",
                           "SIMDHP", "FPHP", "SIMDFMAC"),
    },
    "MVFR2_EL1": {
        "enc": (3, 0, 0, 3, 2),
        "fields": _nibbles("SIMDMisc", "FPMisc"),
        # [31:8] RES0
    },
    "ID_PFR2_EL1": {
        "enc": (3, 0, 0, 3, 4),
        "fields": _nibbles("CSV3", "SSBS", "RAS_frac"),
        # [31:12] RES0
    },
    "ID_DFR1_EL1": {
        "enc": (3, 0, 0, 3, 5),
        "fields": [_s("MTPMU", 0), _u("HPMN0", 4)],
        # [31:8] RES0
    },
    "ID_MMFR5_EL1": {
        "enc": (3, 0, 0, 3, 6),
        "fields": _nibbles("ETS", "nTLBPA"),
        # [31:8] RES0
    },
    # ---- identification, cache type and affinity ---------------------
    "MIDR_EL1": {
        "enc": (3, 0, 0, 0, 0),
        "fields": [
            _u("Revision", 0, 4), _u("PartNum", 4, 12),
            _u("Architecture", 16, 4), _u("Variant", 20, 4),
            _u("Implementer", 24, 8),
            # [63:32] RES0
        ],
    },
    "MPIDR_EL1": {
        "enc": (3, 0, 0, 0, 5),
        "fields": [
            _u("Aff0", 0, 8), _u("Aff1", 8, 8), _u("Aff2", 16, 8),
            _u("MT", 24, 1),
            # [29:25] RES0
            _u("U", 30, 1),
            # [31] RES1
            _u("Aff3", 32, 8),
            # [63:40] RES0
        ],
    },
    "REVIDR_EL1": {
        "enc": (3, 0, 0, 0, 6),
        "fields": [],  # one IMPLEMENTATION DEFINED value
    },
    "AIDR_EL1": {
        "enc": (3, 1, 0, 0, 7),
        "fields": [],  # one IMPLEMENTATION DEFINED value
    },
    "CTR_EL0": {
        "enc": (3, 3, 0, 0, 1),
        "fields": [
            _u("IminLine", 0, 4),
            # [13:4] RES0
            _u("L1Ip", 14, 2), _u("DminLine", 16, 4), _u("ERG", 20, 4),
            _u("CWG", 24, 4), _u("IDC", 28, 1), _u("DIC", 29, 1),
            # [30] RES0, [31] RES1
            _u("TminLine", 32, 6),
            # [63:38] RES0
        ],
    },
    "CLIDR_EL1": {
        "enc": (3, 1, 0, 0, 1),
        "fields": (
            [_u("Ctype%d" % n, 3 * (n - 1), 3) for n in range(1, 8)]
            + [_u("LoUIS", 21, 3), _u("LoC", 24, 3), _u("LoUU", 27, 3),
               _u("ICB", 30, 3)]
            + [_u("Ttype%d" % n, 33 + 2 * (n - 1), 2) for n in range(1, 8)]
            # [63:47] RES0
        ),
    },
}

# Keep every field list in bit order.
for _r in REGS.values():
    _r["fields"].sort(key=lambda f: f[1])
del _r

ENC = {r["enc"]: name for name, r in REGS.items()}


def by_encoding(op0, op1, crn, crm, op2):
    """Name of the register with this encoding, or None."""
    return ENC.get((op0, op1, crn, crm, op2))


def _lookup(name):
    if name in REGS:
        return name
    up = name.upper()
    for n in REGS:
        if n.upper() == up:
            return n
    raise KeyError("unknown register: %s" % name)


def extract(value, lsb, width, signed=False):
    """The field [lsb+width-1:lsb] of value, sign-extended if signed."""
    v = (value >> lsb) & ((1 << width) - 1)
    if signed and v & (1 << (width - 1)):
        v -= 1 << width
    return v


def decode(name, value):
    """[(field_name, value), ...] in bit order for the register name."""
    reg = REGS[_lookup(name)]
    value &= (1 << 64) - 1
    return [(f, extract(value, lsb, width, signed))
            for (f, lsb, width, signed) in reg["fields"]]


def reg_kvm_id(name):
    """KVM ONE_REG id of a register named in REGS."""
    return kvm_reg_id(*REGS[_lookup(name)]["enc"])


def _main(argv):
    args = list(argv[1:])
    if args == ["--list"]:
        for name in sorted(REGS, key=lambda n: REGS[n]["enc"]):
            enc = REGS[name]["enc"]
            print("%-18s S%d_%d_C%d_C%d_%d 0x%016x"
                  % ((name,) + enc + (kvm_reg_id(*enc),)))
        return 0
    as_json = False
    if args and args[0] == "--json":
        as_json = True
        args = args[1:]
    if len(args) != 2:
        sys.stderr.write("usage: %s [--json] NAME HEX | --list\n" % argv[0])
        return 2
    try:
        name = _lookup(args[0])
        value = int(args[1], 16)
    except (KeyError, ValueError) as e:
        sys.stderr.write("%s: %s\n" % (argv[0], e.args[0]))
        return 2
    out = decode(name, value)
    if as_json:
        print(json.dumps([[f, v] for f, v in out]))
    else:
        for f, v in out:
            print("%s=%d" % (f, v))
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv))
