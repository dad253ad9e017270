// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * The arm64 ID registers' fields (Arm ARM, "Feature identification
 * registers"): name, bit position, width, whether the field is signed
 * (the ID scheme's signed fields, where all ones means "not implemented"),
 * and the names of the values the architecture defines. KVM presents these
 * registers to a guest; vmmctl decodes them from KVM_GET_ONE_REG and from
 * debugfs idregs.
 */
#include "idregs.h"

static const struct vmm_idreg_val id_aa64pfr0_el1_csv3[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64pfr0_el1_csv2[] = {
	{ 0, "NI" }, { 1, "IMP" }, { 2, "CSV2_2" }, { 3, "CSV2_3" },
};
static const struct vmm_idreg_val id_aa64pfr0_el1_rme[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64pfr0_el1_dit[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64pfr0_el1_amu[] = {
	{ 0, "NI" }, { 1, "IMP" }, { 2, "V1P1" },
};
static const struct vmm_idreg_val id_aa64pfr0_el1_mpam[] = {
	{ 0, "0" }, { 1, "1" },
};
static const struct vmm_idreg_val id_aa64pfr0_el1_sel2[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64pfr0_el1_sve[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64pfr0_el1_ras[] = {
	{ 0, "NI" }, { 1, "IMP" }, { 2, "V1P1" }, { 3, "V2" },
};
static const struct vmm_idreg_val id_aa64pfr0_el1_gic[] = {
	{ 0, "NI" }, { 1, "IMP" }, { 3, "V4P1" },
};
static const struct vmm_idreg_val id_aa64pfr0_el1_advsimd[] = {
	{ 0, "IMP" }, { 1, "FP16" }, { 15, "NI" },
};
static const struct vmm_idreg_val id_aa64pfr0_el1_fp[] = {
	{ 0, "IMP" }, { 1, "FP16" }, { 15, "NI" },
};
static const struct vmm_idreg_val id_aa64pfr0_el1_el3[] = {
	{ 0, "NI" }, { 1, "IMP" }, { 2, "AARCH32" },
};
static const struct vmm_idreg_val id_aa64pfr0_el1_el2[] = {
	{ 0, "NI" }, { 1, "IMP" }, { 2, "AARCH32" },
};
static const struct vmm_idreg_val id_aa64pfr0_el1_el1[] = {
	{ 1, "IMP" }, { 2, "AARCH32" },
};
static const struct vmm_idreg_val id_aa64pfr0_el1_el0[] = {
	{ 1, "IMP" }, { 2, "AARCH32" },
};
static const struct vmm_idreg_field id_aa64pfr0_el1_fields[] = {
	{ "EL0", 0, 4, false, id_aa64pfr0_el1_el0, 2 },
	{ "EL1", 4, 4, false, id_aa64pfr0_el1_el1, 2 },
	{ "EL2", 8, 4, false, id_aa64pfr0_el1_el2, 3 },
	{ "EL3", 12, 4, false, id_aa64pfr0_el1_el3, 3 },
	{ "FP", 16, 4, true, id_aa64pfr0_el1_fp, 3 },
	{ "AdvSIMD", 20, 4, true, id_aa64pfr0_el1_advsimd, 3 },
	{ "GIC", 24, 4, false, id_aa64pfr0_el1_gic, 3 },
	{ "RAS", 28, 4, false, id_aa64pfr0_el1_ras, 4 },
	{ "SVE", 32, 4, false, id_aa64pfr0_el1_sve, 2 },
	{ "SEL2", 36, 4, false, id_aa64pfr0_el1_sel2, 2 },
	{ "MPAM", 40, 4, false, id_aa64pfr0_el1_mpam, 2 },
	{ "AMU", 44, 4, false, id_aa64pfr0_el1_amu, 3 },
	{ "DIT", 48, 4, false, id_aa64pfr0_el1_dit, 2 },
	{ "RME", 52, 4, false, id_aa64pfr0_el1_rme, 2 },
	{ "CSV2", 56, 4, false, id_aa64pfr0_el1_csv2, 4 },
	{ "CSV3", 60, 4, false, id_aa64pfr0_el1_csv3, 2 },
};
static const struct vmm_idreg_val id_aa64pfr1_el1_pfar[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64pfr1_el1_df2[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64pfr1_el1_mtex[] = {
	{ 0, "MTE" }, { 1, "MTE4" },
};
static const struct vmm_idreg_val id_aa64pfr1_el1_the[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64pfr1_el1_gcs[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64pfr1_el1_mte_frac[] = {
	{ 0, "ASYNC" }, { 15, "NI" },
};
static const struct vmm_idreg_val id_aa64pfr1_el1_nmi[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64pfr1_el1_csv2_frac[] = {
	{ 0, "NI" }, { 1, "CSV2_1p1" }, { 2, "CSV2_1p2" },
};
static const struct vmm_idreg_val id_aa64pfr1_el1_rndr_trap[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64pfr1_el1_sme[] = {
	{ 0, "NI" }, { 1, "IMP" }, { 2, "SME2" },
};
static const struct vmm_idreg_val id_aa64pfr1_el1_mpam_frac[] = {
	{ 0, "MINOR_0" }, { 1, "MINOR_1" },
};
static const struct vmm_idreg_val id_aa64pfr1_el1_ras_frac[] = {
	{ 0, "NI" }, { 1, "RASv1p1" },
};
static const struct vmm_idreg_val id_aa64pfr1_el1_mte[] = {
	{ 0, "NI" }, { 1, "IMP" }, { 2, "MTE2" }, { 3, "MTE3" },
};
static const struct vmm_idreg_val id_aa64pfr1_el1_ssbs[] = {
	{ 0, "NI" }, { 1, "IMP" }, { 2, "SSBS2" },
};
static const struct vmm_idreg_val id_aa64pfr1_el1_bt[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_field id_aa64pfr1_el1_fields[] = {
	{ "BT", 0, 4, false, id_aa64pfr1_el1_bt, 2 },
	{ "SSBS", 4, 4, false, id_aa64pfr1_el1_ssbs, 3 },
	{ "MTE", 8, 4, false, id_aa64pfr1_el1_mte, 4 },
	{ "RAS_frac", 12, 4, false, id_aa64pfr1_el1_ras_frac, 2 },
	{ "MPAM_frac", 16, 4, false, id_aa64pfr1_el1_mpam_frac, 2 },
	{ "SME", 24, 4, false, id_aa64pfr1_el1_sme, 3 },
	{ "RNDR_trap", 28, 4, false, id_aa64pfr1_el1_rndr_trap, 2 },
	{ "CSV2_frac", 32, 4, false, id_aa64pfr1_el1_csv2_frac, 3 },
	{ "NMI", 36, 4, false, id_aa64pfr1_el1_nmi, 2 },
	{ "MTE_frac", 40, 4, false, id_aa64pfr1_el1_mte_frac, 2 },
	{ "GCS", 44, 4, false, id_aa64pfr1_el1_gcs, 2 },
	{ "THE", 48, 4, false, id_aa64pfr1_el1_the, 2 },
	{ "MTEX", 52, 4, false, id_aa64pfr1_el1_mtex, 2 },
	{ "DF2", 56, 4, false, id_aa64pfr1_el1_df2, 2 },
	{ "PFAR", 60, 4, false, id_aa64pfr1_el1_pfar, 2 },
};
static const struct vmm_idreg_val id_aa64pfr2_el1_fpmr[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64pfr2_el1_uinj[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64pfr2_el1_gcie[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64pfr2_el1_mtefar[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64pfr2_el1_mtestoreonly[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64pfr2_el1_mteperm[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_field id_aa64pfr2_el1_fields[] = {
	{ "MTEPERM", 0, 4, false, id_aa64pfr2_el1_mteperm, 2 },
	{ "MTESTOREONLY", 4, 4, false, id_aa64pfr2_el1_mtestoreonly, 2 },
	{ "MTEFAR", 8, 4, false, id_aa64pfr2_el1_mtefar, 2 },
	{ "GCIE", 12, 4, false, id_aa64pfr2_el1_gcie, 2 },
	{ "UINJ", 16, 4, false, id_aa64pfr2_el1_uinj, 2 },
	{ "FPMR", 32, 4, false, id_aa64pfr2_el1_fpmr, 2 },
};
static const struct vmm_idreg_val id_aa64zfr0_el1_f64mm[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64zfr0_el1_f32mm[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64zfr0_el1_f16mm[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64zfr0_el1_i8mm[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64zfr0_el1_sm4[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64zfr0_el1_sha3[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64zfr0_el1_b16b16[] = {
	{ 0, "NI" }, { 1, "IMP" }, { 2, "BFSCALE" }, { 3, "B16MM" },
};
static const struct vmm_idreg_val id_aa64zfr0_el1_bf16[] = {
	{ 0, "NI" }, { 1, "IMP" }, { 2, "EBF16" },
};
static const struct vmm_idreg_val id_aa64zfr0_el1_bitperm[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64zfr0_el1_eltperm[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64zfr0_el1_aes[] = {
	{ 0, "NI" }, { 1, "IMP" }, { 2, "PMULL128" }, { 3, "AES2" },
};
static const struct vmm_idreg_val id_aa64zfr0_el1_svever[] = {
	{ 0, "IMP" }, { 1, "SVE2" }, { 2, "SVE2p1" }, { 3, "SVE2p2" }, { 4, "SVE2p3" },
};
static const struct vmm_idreg_field id_aa64zfr0_el1_fields[] = {
	{ "SVEver", 0, 4, false, id_aa64zfr0_el1_svever, 5 },
	{ "AES", 4, 4, false, id_aa64zfr0_el1_aes, 4 },
	{ "EltPerm", 12, 4, false, id_aa64zfr0_el1_eltperm, 2 },
	{ "BitPerm", 16, 4, false, id_aa64zfr0_el1_bitperm, 2 },
	{ "BF16", 20, 4, false, id_aa64zfr0_el1_bf16, 3 },
	{ "B16B16", 24, 4, false, id_aa64zfr0_el1_b16b16, 4 },
	{ "SHA3", 32, 4, false, id_aa64zfr0_el1_sha3, 2 },
	{ "SM4", 40, 4, false, id_aa64zfr0_el1_sm4, 2 },
	{ "I8MM", 44, 4, false, id_aa64zfr0_el1_i8mm, 2 },
	{ "F16MM", 48, 4, false, id_aa64zfr0_el1_f16mm, 2 },
	{ "F32MM", 52, 4, false, id_aa64zfr0_el1_f32mm, 2 },
	{ "F64MM", 56, 4, false, id_aa64zfr0_el1_f64mm, 2 },
};
static const struct vmm_idreg_val id_aa64smfr0_el1_fa64[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64smfr0_el1_lut6[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64smfr0_el1_lutv2[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64smfr0_el1_smever[] = {
	{ 0, "SME" }, { 1, "SME2" }, { 2, "SME2p1" }, { 3, "SME2p2" }, { 4, "SME2p3" },
};
static const struct vmm_idreg_val id_aa64smfr0_el1_i16i64[] = {
	{ 0, "NI" }, { 15, "IMP" },
};
static const struct vmm_idreg_val id_aa64smfr0_el1_f64f64[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64smfr0_el1_i16i32[] = {
	{ 0, "NI" }, { 5, "IMP" },
};
static const struct vmm_idreg_val id_aa64smfr0_el1_b16b16[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64smfr0_el1_f16f16[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64smfr0_el1_f8f16[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64smfr0_el1_f8f32[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64smfr0_el1_i8i32[] = {
	{ 0, "NI" }, { 15, "IMP" },
};
static const struct vmm_idreg_val id_aa64smfr0_el1_f16f32[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64smfr0_el1_b16f32[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64smfr0_el1_bi32i32[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64smfr0_el1_f32f32[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64smfr0_el1_sf8fma[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64smfr0_el1_sf8dp4[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64smfr0_el1_sf8dp2[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64smfr0_el1_sbitperm[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64smfr0_el1_aes[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64smfr0_el1_sfexpa[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64smfr0_el1_stmop[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64smfr0_el1_smop4[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_field id_aa64smfr0_el1_fields[] = {
	{ "SMOP4", 0, 1, false, id_aa64smfr0_el1_smop4, 2 },
	{ "STMOP", 16, 1, false, id_aa64smfr0_el1_stmop, 2 },
	{ "SFEXPA", 23, 1, false, id_aa64smfr0_el1_sfexpa, 2 },
	{ "AES", 24, 1, false, id_aa64smfr0_el1_aes, 2 },
	{ "SBitPerm", 25, 1, false, id_aa64smfr0_el1_sbitperm, 2 },
	{ "SF8DP2", 28, 1, false, id_aa64smfr0_el1_sf8dp2, 2 },
	{ "SF8DP4", 29, 1, false, id_aa64smfr0_el1_sf8dp4, 2 },
	{ "SF8FMA", 30, 1, false, id_aa64smfr0_el1_sf8fma, 2 },
	{ "F32F32", 32, 1, false, id_aa64smfr0_el1_f32f32, 2 },
	{ "BI32I32", 33, 1, false, id_aa64smfr0_el1_bi32i32, 2 },
	{ "B16F32", 34, 1, false, id_aa64smfr0_el1_b16f32, 2 },
	{ "F16F32", 35, 1, false, id_aa64smfr0_el1_f16f32, 2 },
	{ "I8I32", 36, 4, false, id_aa64smfr0_el1_i8i32, 2 },
	{ "F8F32", 40, 1, false, id_aa64smfr0_el1_f8f32, 2 },
	{ "F8F16", 41, 1, false, id_aa64smfr0_el1_f8f16, 2 },
	{ "F16F16", 42, 1, false, id_aa64smfr0_el1_f16f16, 2 },
	{ "B16B16", 43, 1, false, id_aa64smfr0_el1_b16b16, 2 },
	{ "I16I32", 44, 4, false, id_aa64smfr0_el1_i16i32, 2 },
	{ "F64F64", 48, 1, false, id_aa64smfr0_el1_f64f64, 2 },
	{ "I16I64", 52, 4, false, id_aa64smfr0_el1_i16i64, 2 },
	{ "SMEver", 56, 4, false, id_aa64smfr0_el1_smever, 5 },
	{ "LUTv2", 60, 1, false, id_aa64smfr0_el1_lutv2, 2 },
	{ "LUT6", 61, 1, false, id_aa64smfr0_el1_lut6, 2 },
	{ "FA64", 63, 1, false, id_aa64smfr0_el1_fa64, 2 },
};
static const struct vmm_idreg_val id_aa64fpfr0_el1_f8cvt[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64fpfr0_el1_f8fma[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64fpfr0_el1_f8dp4[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64fpfr0_el1_f8dp2[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64fpfr0_el1_f8mm8[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64fpfr0_el1_f8mm4[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64fpfr0_el1_f16mm2[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64fpfr0_el1_f8e4m3[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64fpfr0_el1_f8e5m2[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_field id_aa64fpfr0_el1_fields[] = {
	{ "F8E5M2", 0, 1, false, id_aa64fpfr0_el1_f8e5m2, 2 },
	{ "F8E4M3", 1, 1, false, id_aa64fpfr0_el1_f8e4m3, 2 },
	{ "F16MM2", 15, 1, false, id_aa64fpfr0_el1_f16mm2, 2 },
	{ "F8MM4", 26, 1, false, id_aa64fpfr0_el1_f8mm4, 2 },
	{ "F8MM8", 27, 1, false, id_aa64fpfr0_el1_f8mm8, 2 },
	{ "F8DP2", 28, 1, false, id_aa64fpfr0_el1_f8dp2, 2 },
	{ "F8DP4", 29, 1, false, id_aa64fpfr0_el1_f8dp4, 2 },
	{ "F8FMA", 30, 1, false, id_aa64fpfr0_el1_f8fma, 2 },
	{ "F8CVT", 31, 1, false, id_aa64fpfr0_el1_f8cvt, 2 },
};
static const struct vmm_idreg_val id_aa64dfr0_el1_hpmn0[] = {
	{ 0, "UNPREDICTABLE" }, { 1, "DEF" },
};
static const struct vmm_idreg_val id_aa64dfr0_el1_exttrcbuff[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64dfr0_el1_brbe[] = {
	{ 0, "NI" }, { 1, "IMP" }, { 2, "BRBE_V1P1" },
};
static const struct vmm_idreg_val id_aa64dfr0_el1_mtpmu[] = {
	{ 0, "NI_IMPDEF" }, { 1, "IMP" }, { 15, "NI" },
};
static const struct vmm_idreg_val id_aa64dfr0_el1_tracebuffer[] = {
	{ 0, "NI" }, { 1, "IMP" }, { 2, "TRBE_V1P1" },
};
static const struct vmm_idreg_val id_aa64dfr0_el1_tracefilt[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64dfr0_el1_doublelock[] = {
	{ 0, "IMP" }, { 15, "NI" },
};
static const struct vmm_idreg_val id_aa64dfr0_el1_pmsver[] = {
	{ 0, "NI" }, { 1, "IMP" }, { 2, "V1P1" }, { 3, "V1P2" }, { 4, "V1P3" }, { 5, "V1P4" },
	{ 6, "V1P5" },
};
static const struct vmm_idreg_val id_aa64dfr0_el1_sebep[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64dfr0_el1_pmss[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64dfr0_el1_pmuver[] = {
	{ 0, "NI" }, { 1, "IMP" }, { 4, "V3P1" }, { 5, "V3P4" }, { 6, "V3P5" }, { 7, "V3P7" },
	{ 8, "V3P8" }, { 9, "V3P9" }, { 15, "IMP_DEF" },
};
static const struct vmm_idreg_val id_aa64dfr0_el1_tracever[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64dfr0_el1_debugver[] = {
	{ 6, "IMP" }, { 7, "VHE" }, { 8, "V8P2" }, { 9, "V8P4" }, { 10, "V8P8" }, { 11, "V8P9" },
};
static const struct vmm_idreg_field id_aa64dfr0_el1_fields[] = {
	{ "DebugVer", 0, 4, false, id_aa64dfr0_el1_debugver, 6 },
	{ "TraceVer", 4, 4, false, id_aa64dfr0_el1_tracever, 2 },
	{ "PMUVer", 8, 4, false, id_aa64dfr0_el1_pmuver, 9 },
	{ "BRPs", 12, 4, false, NULL, 0 },
	{ "PMSS", 16, 4, false, id_aa64dfr0_el1_pmss, 2 },
	{ "WRPs", 20, 4, false, NULL, 0 },
	{ "SEBEP", 24, 4, false, id_aa64dfr0_el1_sebep, 2 },
	{ "CTX_CMPs", 28, 4, false, NULL, 0 },
	{ "PMSVer", 32, 4, false, id_aa64dfr0_el1_pmsver, 7 },
	{ "DoubleLock", 36, 4, true, id_aa64dfr0_el1_doublelock, 2 },
	{ "TraceFilt", 40, 4, false, id_aa64dfr0_el1_tracefilt, 2 },
	{ "TraceBuffer", 44, 4, false, id_aa64dfr0_el1_tracebuffer, 3 },
	{ "MTPMU", 48, 4, true, id_aa64dfr0_el1_mtpmu, 3 },
	{ "BRBE", 52, 4, false, id_aa64dfr0_el1_brbe, 3 },
	{ "ExtTrcBuff", 56, 4, false, id_aa64dfr0_el1_exttrcbuff, 2 },
	{ "HPMN0", 60, 4, false, id_aa64dfr0_el1_hpmn0, 2 },
};
static const struct vmm_idreg_val id_aa64dfr1_el1_dpfzs[] = {
	{ 0, "IGNR" }, { 1, "FRZN" },
};
static const struct vmm_idreg_val id_aa64dfr1_el1_ebep[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64dfr1_el1_ite[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64dfr1_el1_able[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64dfr1_el1_pmicntr[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64dfr1_el1_spmu[] = {
	{ 0, "NI" }, { 1, "IMP" }, { 2, "IMP_SPMZR" },
};
static const struct vmm_idreg_field id_aa64dfr1_el1_fields[] = {
	{ "SYSPMUID", 0, 8, false, NULL, 0 },
	{ "BRPs", 8, 8, false, NULL, 0 },
	{ "WRPs", 16, 8, false, NULL, 0 },
	{ "CTX_CMPs", 24, 8, false, NULL, 0 },
	{ "SPMU", 32, 4, false, id_aa64dfr1_el1_spmu, 3 },
	{ "PMICNTR", 36, 4, false, id_aa64dfr1_el1_pmicntr, 2 },
	{ "ABLE", 40, 4, false, id_aa64dfr1_el1_able, 2 },
	{ "ITE", 44, 4, false, id_aa64dfr1_el1_ite, 2 },
	{ "EBEP", 48, 4, false, id_aa64dfr1_el1_ebep, 2 },
	{ "DPFZS", 52, 4, false, id_aa64dfr1_el1_dpfzs, 2 },
	{ "ABL_CMPs", 56, 8, false, NULL, 0 },
};
static const struct vmm_idreg_val id_aa64dfr2_el1_trbe_exc[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64dfr2_el1_spe_nvm[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64dfr2_el1_spe_exc[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64dfr2_el1_bwe[] = {
	{ 0, "NI" }, { 1, "FEAT_BWE" }, { 2, "FEAT_BWE2" },
};
static const struct vmm_idreg_val id_aa64dfr2_el1_step[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_field id_aa64dfr2_el1_fields[] = {
	{ "STEP", 0, 4, false, id_aa64dfr2_el1_step, 2 },
	{ "BWE", 4, 4, false, id_aa64dfr2_el1_bwe, 3 },
	{ "SPE_EXC", 16, 4, false, id_aa64dfr2_el1_spe_exc, 2 },
	{ "SPE_nVM", 20, 4, false, id_aa64dfr2_el1_spe_nvm, 2 },
	{ "TRBE_EXC", 24, 4, false, id_aa64dfr2_el1_trbe_exc, 2 },
};
static const struct vmm_idreg_field id_aa64afr0_el1_fields[] = {
	{ "IMPDEF0", 0, 4, false, NULL, 0 },
	{ "IMPDEF1", 4, 4, false, NULL, 0 },
	{ "IMPDEF2", 8, 4, false, NULL, 0 },
	{ "IMPDEF3", 12, 4, false, NULL, 0 },
	{ "IMPDEF4", 16, 4, false, NULL, 0 },
	{ "IMPDEF5", 20, 4, false, NULL, 0 },
	{ "IMPDEF6", 24, 4, false, NULL, 0 },
	{ "IMPDEF7", 28, 4, false, NULL, 0 },
};
static const struct vmm_idreg_val id_aa64isar0_el1_rndr[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64isar0_el1_tlb[] = {
	{ 0, "NI" }, { 1, "OS" }, { 2, "RANGE" },
};
static const struct vmm_idreg_val id_aa64isar0_el1_ts[] = {
	{ 0, "NI" }, { 1, "FLAGM" }, { 2, "FLAGM2" },
};
static const struct vmm_idreg_val id_aa64isar0_el1_fhm[] = {
	{ 0, "NI" }, { 1, "IMP" }, { 2, "F16F32DOT" }, { 3, "F16F32MM" },
};
static const struct vmm_idreg_val id_aa64isar0_el1_dp[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64isar0_el1_sm4[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64isar0_el1_sm3[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64isar0_el1_sha3[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64isar0_el1_rdm[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64isar0_el1_atomic[] = {
	{ 0, "NI" }, { 2, "IMP" }, { 3, "FEAT_LSE128" },
};
static const struct vmm_idreg_val id_aa64isar0_el1_crc32[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64isar0_el1_sha2[] = {
	{ 0, "NI" }, { 1, "SHA256" }, { 2, "SHA512" },
};
static const struct vmm_idreg_val id_aa64isar0_el1_sha1[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64isar0_el1_aes[] = {
	{ 0, "NI" }, { 1, "AES" }, { 2, "PMULL" },
};
static const struct vmm_idreg_field id_aa64isar0_el1_fields[] = {
	{ "AES", 4, 4, false, id_aa64isar0_el1_aes, 3 },
	{ "SHA1", 8, 4, false, id_aa64isar0_el1_sha1, 2 },
	{ "SHA2", 12, 4, false, id_aa64isar0_el1_sha2, 3 },
	{ "CRC32", 16, 4, false, id_aa64isar0_el1_crc32, 2 },
	{ "Atomic", 20, 4, false, id_aa64isar0_el1_atomic, 3 },
	{ "RDM", 28, 4, false, id_aa64isar0_el1_rdm, 2 },
	{ "SHA3", 32, 4, false, id_aa64isar0_el1_sha3, 2 },
	{ "SM3", 36, 4, false, id_aa64isar0_el1_sm3, 2 },
	{ "SM4", 40, 4, false, id_aa64isar0_el1_sm4, 2 },
	{ "DP", 44, 4, false, id_aa64isar0_el1_dp, 2 },
	{ "FHM", 48, 4, false, id_aa64isar0_el1_fhm, 4 },
	{ "TS", 52, 4, false, id_aa64isar0_el1_ts, 3 },
	{ "TLB", 56, 4, false, id_aa64isar0_el1_tlb, 3 },
	{ "RNDR", 60, 4, false, id_aa64isar0_el1_rndr, 2 },
};
static const struct vmm_idreg_val id_aa64isar1_el1_ls64[] = {
	{ 0, "NI" }, { 1, "LS64" }, { 2, "LS64_V" }, { 3, "LS64_ACCDATA" }, { 4, "LS64WB" },
};
static const struct vmm_idreg_val id_aa64isar1_el1_xs[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64isar1_el1_i8mm[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64isar1_el1_dgh[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64isar1_el1_bf16[] = {
	{ 0, "NI" }, { 1, "IMP" }, { 2, "EBF16" },
};
static const struct vmm_idreg_val id_aa64isar1_el1_specres[] = {
	{ 0, "NI" }, { 1, "IMP" }, { 2, "COSP_RCTX" },
};
static const struct vmm_idreg_val id_aa64isar1_el1_sb[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64isar1_el1_frintts[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64isar1_el1_gpi[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64isar1_el1_gpa[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64isar1_el1_lrcpc[] = {
	{ 0, "NI" }, { 1, "IMP" }, { 2, "LRCPC2" }, { 3, "LRCPC3" },
};
static const struct vmm_idreg_val id_aa64isar1_el1_fcma[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64isar1_el1_jscvt[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64isar1_el1_api[] = {
	{ 0, "NI" }, { 1, "PAuth" }, { 2, "EPAC" }, { 3, "PAuth2" }, { 4, "FPAC" },
	{ 5, "FPACCOMBINE" }, { 6, "PAuth_LR" },
};
static const struct vmm_idreg_val id_aa64isar1_el1_apa[] = {
	{ 0, "NI" }, { 1, "PAuth" }, { 2, "EPAC" }, { 3, "PAuth2" }, { 4, "FPAC" },
	{ 5, "FPACCOMBINE" }, { 6, "PAuth_LR" },
};
static const struct vmm_idreg_val id_aa64isar1_el1_dpb[] = {
	{ 0, "NI" }, { 1, "IMP" }, { 2, "DPB2" },
};
static const struct vmm_idreg_field id_aa64isar1_el1_fields[] = {
	{ "DPB", 0, 4, false, id_aa64isar1_el1_dpb, 3 },
	{ "APA", 4, 4, false, id_aa64isar1_el1_apa, 7 },
	{ "API", 8, 4, false, id_aa64isar1_el1_api, 7 },
	{ "JSCVT", 12, 4, false, id_aa64isar1_el1_jscvt, 2 },
	{ "FCMA", 16, 4, false, id_aa64isar1_el1_fcma, 2 },
	{ "LRCPC", 20, 4, false, id_aa64isar1_el1_lrcpc, 4 },
	{ "GPA", 24, 4, false, id_aa64isar1_el1_gpa, 2 },
	{ "GPI", 28, 4, false, id_aa64isar1_el1_gpi, 2 },
	{ "FRINTTS", 32, 4, false, id_aa64isar1_el1_frintts, 2 },
	{ "SB", 36, 4, false, id_aa64isar1_el1_sb, 2 },
	{ "SPECRES", 40, 4, false, id_aa64isar1_el1_specres, 3 },
	{ "BF16", 44, 4, false, id_aa64isar1_el1_bf16, 3 },
	{ "DGH", 48, 4, false, id_aa64isar1_el1_dgh, 2 },
	{ "I8MM", 52, 4, false, id_aa64isar1_el1_i8mm, 2 },
	{ "XS", 56, 4, false, id_aa64isar1_el1_xs, 2 },
	{ "LS64", 60, 4, false, id_aa64isar1_el1_ls64, 5 },
};
static const struct vmm_idreg_val id_aa64isar2_el1_ats1a[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64isar2_el1_lut[] = {
	{ 0, "NI" }, { 1, "IMP" }, { 2, "LUT6" },
};
static const struct vmm_idreg_val id_aa64isar2_el1_cssc[] = {
	{ 0, "NI" }, { 1, "IMP" }, { 2, "CMPBR" },
};
static const struct vmm_idreg_val id_aa64isar2_el1_rprfm[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64isar2_el1_pcdphint[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64isar2_el1_prfmslc[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64isar2_el1_sysinstr_128[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64isar2_el1_sysreg_128[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64isar2_el1_clrbhb[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64isar2_el1_pac_frac[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64isar2_el1_bc[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64isar2_el1_mops[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64isar2_el1_apa3[] = {
	{ 0, "NI" }, { 1, "PAuth" }, { 2, "EPAC" }, { 3, "PAuth2" }, { 4, "FPAC" },
	{ 5, "FPACCOMBINE" }, { 6, "PAuth_LR" },
};
static const struct vmm_idreg_val id_aa64isar2_el1_gpa3[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64isar2_el1_rpres[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64isar2_el1_wfxt[] = {
	{ 0, "NI" }, { 2, "IMP" },
};
static const struct vmm_idreg_field id_aa64isar2_el1_fields[] = {
	{ "WFxT", 0, 4, false, id_aa64isar2_el1_wfxt, 2 },
	{ "RPRES", 4, 4, false, id_aa64isar2_el1_rpres, 2 },
	{ "GPA3", 8, 4, false, id_aa64isar2_el1_gpa3, 2 },
	{ "APA3", 12, 4, false, id_aa64isar2_el1_apa3, 7 },
	{ "MOPS", 16, 4, false, id_aa64isar2_el1_mops, 2 },
	{ "BC", 20, 4, false, id_aa64isar2_el1_bc, 2 },
	{ "PAC_frac", 24, 4, false, id_aa64isar2_el1_pac_frac, 2 },
	{ "CLRBHB", 28, 4, false, id_aa64isar2_el1_clrbhb, 2 },
	{ "SYSREG_128", 32, 4, false, id_aa64isar2_el1_sysreg_128, 2 },
	{ "SYSINSTR_128", 36, 4, false, id_aa64isar2_el1_sysinstr_128, 2 },
	{ "PRFMSLC", 40, 4, false, id_aa64isar2_el1_prfmslc, 2 },
	{ "PCDPHINT", 44, 4, false, id_aa64isar2_el1_pcdphint, 2 },
	{ "RPRFM", 48, 4, false, id_aa64isar2_el1_rprfm, 2 },
	{ "CSSC", 52, 4, false, id_aa64isar2_el1_cssc, 3 },
	{ "LUT", 56, 4, false, id_aa64isar2_el1_lut, 3 },
	{ "ATS1A", 60, 4, false, id_aa64isar2_el1_ats1a, 2 },
};
static const struct vmm_idreg_val id_aa64isar3_el1_fprcvt[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64isar3_el1_lsui[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64isar3_el1_occmo[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64isar3_el1_lsfe[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64isar3_el1_pacm[] = {
	{ 0, "NI" }, { 1, "TRIVIAL_IMP" }, { 2, "FULL_IMP" },
};
static const struct vmm_idreg_val id_aa64isar3_el1_tlbiw[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64isar3_el1_faminmax[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64isar3_el1_cpa[] = {
	{ 0, "NI" }, { 1, "IMP" }, { 2, "CPA2" },
};
static const struct vmm_idreg_field id_aa64isar3_el1_fields[] = {
	{ "CPA", 0, 4, false, id_aa64isar3_el1_cpa, 3 },
	{ "FAMINMAX", 4, 4, false, id_aa64isar3_el1_faminmax, 2 },
	{ "TLBIW", 8, 4, false, id_aa64isar3_el1_tlbiw, 2 },
	{ "PACM", 12, 4, false, id_aa64isar3_el1_pacm, 3 },
	{ "LSFE", 16, 4, false, id_aa64isar3_el1_lsfe, 2 },
	{ "OCCMO", 20, 4, false, id_aa64isar3_el1_occmo, 2 },
	{ "LSUI", 24, 4, false, id_aa64isar3_el1_lsui, 2 },
	{ "FPRCVT", 28, 4, false, id_aa64isar3_el1_fprcvt, 2 },
};
static const struct vmm_idreg_val id_aa64mmfr0_el1_ecv[] = {
	{ 0, "NI" }, { 1, "IMP" }, { 2, "CNTPOFF" },
};
static const struct vmm_idreg_val id_aa64mmfr0_el1_fgt[] = {
	{ 0, "NI" }, { 1, "IMP" }, { 2, "FGT2" },
};
static const struct vmm_idreg_val id_aa64mmfr0_el1_exs[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64mmfr0_el1_tgran4_2[] = {
	{ 0, "TGRAN4" }, { 1, "NI" }, { 2, "IMP" }, { 3, "52_BIT" },
};
static const struct vmm_idreg_val id_aa64mmfr0_el1_tgran64_2[] = {
	{ 0, "TGRAN64" }, { 1, "NI" }, { 2, "IMP" },
};
static const struct vmm_idreg_val id_aa64mmfr0_el1_tgran16_2[] = {
	{ 0, "TGRAN16" }, { 1, "NI" }, { 2, "IMP" }, { 3, "52_BIT" },
};
static const struct vmm_idreg_val id_aa64mmfr0_el1_tgran4[] = {
	{ 0, "IMP" }, { 1, "52_BIT" }, { 15, "NI" },
};
static const struct vmm_idreg_val id_aa64mmfr0_el1_tgran64[] = {
	{ 0, "IMP" }, { 15, "NI" },
};
static const struct vmm_idreg_val id_aa64mmfr0_el1_tgran16[] = {
	{ 0, "NI" }, { 1, "IMP" }, { 2, "52_BIT" },
};
static const struct vmm_idreg_val id_aa64mmfr0_el1_bigendel0[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64mmfr0_el1_snsmem[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64mmfr0_el1_bigend[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64mmfr0_el1_asidbits[] = {
	{ 0, "8" }, { 2, "16" },
};
static const struct vmm_idreg_val id_aa64mmfr0_el1_parange[] = {
	{ 0, "32" }, { 1, "36" }, { 2, "40" }, { 3, "42" }, { 4, "44" }, { 5, "48" }, { 6, "52" },
	{ 7, "56" },
};
static const struct vmm_idreg_field id_aa64mmfr0_el1_fields[] = {
	{ "PARange", 0, 4, false, id_aa64mmfr0_el1_parange, 8 },
	{ "ASIDBits", 4, 4, false, id_aa64mmfr0_el1_asidbits, 2 },
	{ "BigEnd", 8, 4, false, id_aa64mmfr0_el1_bigend, 2 },
	{ "SNSMem", 12, 4, false, id_aa64mmfr0_el1_snsmem, 2 },
	{ "BigEndEL0", 16, 4, false, id_aa64mmfr0_el1_bigendel0, 2 },
	{ "TGran16", 20, 4, false, id_aa64mmfr0_el1_tgran16, 3 },
	{ "TGran64", 24, 4, true, id_aa64mmfr0_el1_tgran64, 2 },
	{ "TGran4", 28, 4, true, id_aa64mmfr0_el1_tgran4, 3 },
	{ "TGran16_2", 32, 4, false, id_aa64mmfr0_el1_tgran16_2, 4 },
	{ "TGran64_2", 36, 4, false, id_aa64mmfr0_el1_tgran64_2, 3 },
	{ "TGran4_2", 40, 4, false, id_aa64mmfr0_el1_tgran4_2, 4 },
	{ "ExS", 44, 4, false, id_aa64mmfr0_el1_exs, 2 },
	{ "FGT", 56, 4, false, id_aa64mmfr0_el1_fgt, 3 },
	{ "ECV", 60, 4, false, id_aa64mmfr0_el1_ecv, 3 },
};
static const struct vmm_idreg_val id_aa64mmfr1_el1_ecbhb[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64mmfr1_el1_cmow[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64mmfr1_el1_tidcp1[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64mmfr1_el1_ntlbpa[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64mmfr1_el1_afp[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64mmfr1_el1_hcx[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64mmfr1_el1_ets[] = {
	{ 0, "NI" }, { 1, "IMP" }, { 2, "ETS2" }, { 3, "ETS3" },
};
static const struct vmm_idreg_val id_aa64mmfr1_el1_twed[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64mmfr1_el1_xnx[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64mmfr1_el1_specsei[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64mmfr1_el1_pan[] = {
	{ 0, "NI" }, { 1, "IMP" }, { 2, "PAN2" }, { 3, "PAN3" },
};
static const struct vmm_idreg_val id_aa64mmfr1_el1_lo[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64mmfr1_el1_hpds[] = {
	{ 0, "NI" }, { 1, "IMP" }, { 2, "HPDS2" },
};
static const struct vmm_idreg_val id_aa64mmfr1_el1_vh[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64mmfr1_el1_vmidbits[] = {
	{ 0, "8" }, { 2, "16" },
};
static const struct vmm_idreg_val id_aa64mmfr1_el1_hafdbs[] = {
	{ 0, "NI" }, { 1, "AF" }, { 2, "DBM" }, { 3, "HAFT" }, { 4, "HDBSS" },
};
static const struct vmm_idreg_field id_aa64mmfr1_el1_fields[] = {
	{ "HAFDBS", 0, 4, false, id_aa64mmfr1_el1_hafdbs, 5 },
	{ "VMIDBits", 4, 4, false, id_aa64mmfr1_el1_vmidbits, 2 },
	{ "VH", 8, 4, false, id_aa64mmfr1_el1_vh, 2 },
	{ "HPDS", 12, 4, false, id_aa64mmfr1_el1_hpds, 3 },
	{ "LO", 16, 4, false, id_aa64mmfr1_el1_lo, 2 },
	{ "PAN", 20, 4, false, id_aa64mmfr1_el1_pan, 4 },
	{ "SpecSEI", 24, 4, false, id_aa64mmfr1_el1_specsei, 2 },
	{ "XNX", 28, 4, false, id_aa64mmfr1_el1_xnx, 2 },
	{ "TWED", 32, 4, false, id_aa64mmfr1_el1_twed, 2 },
	{ "ETS", 36, 4, false, id_aa64mmfr1_el1_ets, 4 },
	{ "HCX", 40, 4, false, id_aa64mmfr1_el1_hcx, 2 },
	{ "AFP", 44, 4, false, id_aa64mmfr1_el1_afp, 2 },
	{ "nTLBPA", 48, 4, false, id_aa64mmfr1_el1_ntlbpa, 2 },
	{ "TIDCP1", 52, 4, false, id_aa64mmfr1_el1_tidcp1, 2 },
	{ "CMOW", 56, 4, false, id_aa64mmfr1_el1_cmow, 2 },
	{ "ECBHB", 60, 4, false, id_aa64mmfr1_el1_ecbhb, 2 },
};
static const struct vmm_idreg_val id_aa64mmfr2_el1_e0pd[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64mmfr2_el1_evt[] = {
	{ 0, "NI" }, { 1, "IMP" }, { 2, "TTLBxS" },
};
static const struct vmm_idreg_val id_aa64mmfr2_el1_bbm[] = {
	{ 0, "0" }, { 1, "1" }, { 2, "2" }, { 3, "3" },
};
static const struct vmm_idreg_val id_aa64mmfr2_el1_ttl[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64mmfr2_el1_fwb[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64mmfr2_el1_ids[] = {
	{ 0, "NI" }, { 1, "IMP" }, { 2, "EL3" },
};
static const struct vmm_idreg_val id_aa64mmfr2_el1_at[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64mmfr2_el1_st[] = {
	{ 0, "39" }, { 1, "48_47" },
};
static const struct vmm_idreg_val id_aa64mmfr2_el1_nv[] = {
	{ 0, "NI" }, { 1, "IMP" }, { 2, "NV2" },
};
static const struct vmm_idreg_val id_aa64mmfr2_el1_ccidx[] = {
	{ 0, "32" }, { 1, "64" },
};
static const struct vmm_idreg_val id_aa64mmfr2_el1_varange[] = {
	{ 0, "48" }, { 1, "52" },
};
static const struct vmm_idreg_val id_aa64mmfr2_el1_iesb[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64mmfr2_el1_lsm[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64mmfr2_el1_uao[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64mmfr2_el1_cnp[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_field id_aa64mmfr2_el1_fields[] = {
	{ "CnP", 0, 4, false, id_aa64mmfr2_el1_cnp, 2 },
	{ "UAO", 4, 4, false, id_aa64mmfr2_el1_uao, 2 },
	{ "LSM", 8, 4, false, id_aa64mmfr2_el1_lsm, 2 },
	{ "IESB", 12, 4, false, id_aa64mmfr2_el1_iesb, 2 },
	{ "VARange", 16, 4, false, id_aa64mmfr2_el1_varange, 2 },
	{ "CCIDX", 20, 4, false, id_aa64mmfr2_el1_ccidx, 2 },
	{ "NV", 24, 4, false, id_aa64mmfr2_el1_nv, 3 },
	{ "ST", 28, 4, false, id_aa64mmfr2_el1_st, 2 },
	{ "AT", 32, 4, false, id_aa64mmfr2_el1_at, 2 },
	{ "IDS", 36, 4, false, id_aa64mmfr2_el1_ids, 3 },
	{ "FWB", 40, 4, false, id_aa64mmfr2_el1_fwb, 2 },
	{ "TTL", 48, 4, false, id_aa64mmfr2_el1_ttl, 2 },
	{ "BBM", 52, 4, false, id_aa64mmfr2_el1_bbm, 4 },
	{ "EVT", 56, 4, false, id_aa64mmfr2_el1_evt, 3 },
	{ "E0PD", 60, 4, false, id_aa64mmfr2_el1_e0pd, 2 },
};
static const struct vmm_idreg_val id_aa64mmfr3_el1_spec_fpacc[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64mmfr3_el1_aderr[] = {
	{ 0, "NI" }, { 1, "DEV_ASYNC" }, { 2, "FEAT_ADERR" }, { 3, "FEAT_ADERR_IND" },
};
static const struct vmm_idreg_val id_aa64mmfr3_el1_sderr[] = {
	{ 0, "NI" }, { 1, "DEV_SYNC" }, { 2, "FEAT_ADERR" }, { 3, "FEAT_ADERR_IND" },
};
static const struct vmm_idreg_val id_aa64mmfr3_el1_anerr[] = {
	{ 0, "NI" }, { 1, "ASYNC" }, { 2, "FEAT_ANERR" }, { 3, "FEAT_ANERR_IND" },
};
static const struct vmm_idreg_val id_aa64mmfr3_el1_snerr[] = {
	{ 0, "NI" }, { 1, "SYNC" }, { 2, "FEAT_ANERR" }, { 3, "FEAT_ANERR_IND" },
};
static const struct vmm_idreg_val id_aa64mmfr3_el1_d128_2[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64mmfr3_el1_d128[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64mmfr3_el1_mec[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64mmfr3_el1_aie[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64mmfr3_el1_s2poe[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64mmfr3_el1_s1poe[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64mmfr3_el1_s2pie[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64mmfr3_el1_s1pie[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64mmfr3_el1_sctlrx[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64mmfr3_el1_tcrx[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_field id_aa64mmfr3_el1_fields[] = {
	{ "TCRX", 0, 4, false, id_aa64mmfr3_el1_tcrx, 2 },
	{ "SCTLRX", 4, 4, false, id_aa64mmfr3_el1_sctlrx, 2 },
	{ "S1PIE", 8, 4, false, id_aa64mmfr3_el1_s1pie, 2 },
	{ "S2PIE", 12, 4, false, id_aa64mmfr3_el1_s2pie, 2 },
	{ "S1POE", 16, 4, false, id_aa64mmfr3_el1_s1poe, 2 },
	{ "S2POE", 20, 4, false, id_aa64mmfr3_el1_s2poe, 2 },
	{ "AIE", 24, 4, false, id_aa64mmfr3_el1_aie, 2 },
	{ "MEC", 28, 4, false, id_aa64mmfr3_el1_mec, 2 },
	{ "D128", 32, 4, false, id_aa64mmfr3_el1_d128, 2 },
	{ "D128_2", 36, 4, false, id_aa64mmfr3_el1_d128_2, 2 },
	{ "SNERR", 40, 4, false, id_aa64mmfr3_el1_snerr, 4 },
	{ "ANERR", 44, 4, false, id_aa64mmfr3_el1_anerr, 4 },
	{ "SDERR", 52, 4, false, id_aa64mmfr3_el1_sderr, 4 },
	{ "ADERR", 56, 4, false, id_aa64mmfr3_el1_aderr, 4 },
	{ "Spec_FPACC", 60, 4, false, id_aa64mmfr3_el1_spec_fpacc, 2 },
};
static const struct vmm_idreg_val id_aa64mmfr4_el1_mtefgt[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64mmfr4_el1_scrx[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64mmfr4_el1_tev[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64mmfr4_el1_tps[] = {
	{ 0, "VAL_0000" }, { 1, "VAL_0001" }, { 2, "VAL_0010" },
};
static const struct vmm_idreg_val id_aa64mmfr4_el1_srmask[] = {
	{ 0, "NI" }, { 1, "IMP" }, { 2, "SRMASK2" },
};
static const struct vmm_idreg_val id_aa64mmfr4_el1_tlbid[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64mmfr4_el1_e3dse[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64mmfr4_el1_eaesr[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64mmfr4_el1_rmegdi[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64mmfr4_el1_e2h0[] = {
	{ 0, "IMP" }, { 14, "NI_NV1" }, { 15, "NI" },
};
static const struct vmm_idreg_val id_aa64mmfr4_el1_nv_frac[] = {
	{ 0, "NV_NV2" }, { 1, "NV2_ONLY" }, { 2, "NV2P1" }, { 3, "NV3" },
};
static const struct vmm_idreg_val id_aa64mmfr4_el1_fgwte3[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64mmfr4_el1_hacdbs[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64mmfr4_el1_asid2[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_aa64mmfr4_el1_eiesb[] = {
	{ 0, "NI" }, { 1, "ToEL3" }, { 2, "ToELx" }, { 15, "ANY" },
};
static const struct vmm_idreg_val id_aa64mmfr4_el1_pops[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_field id_aa64mmfr4_el1_fields[] = {
	{ "PoPS", 0, 4, false, id_aa64mmfr4_el1_pops, 2 },
	{ "EIESB", 4, 4, false, id_aa64mmfr4_el1_eiesb, 4 },
	{ "ASID2", 8, 4, false, id_aa64mmfr4_el1_asid2, 2 },
	{ "HACDBS", 12, 4, false, id_aa64mmfr4_el1_hacdbs, 2 },
	{ "FGWTE3", 16, 4, false, id_aa64mmfr4_el1_fgwte3, 2 },
	{ "NV_frac", 20, 4, false, id_aa64mmfr4_el1_nv_frac, 4 },
	{ "E2H0", 24, 4, true, id_aa64mmfr4_el1_e2h0, 3 },
	{ "RMEGDI", 28, 4, false, id_aa64mmfr4_el1_rmegdi, 2 },
	{ "EAESR", 32, 4, false, id_aa64mmfr4_el1_eaesr, 2 },
	{ "E3DSE", 36, 4, false, id_aa64mmfr4_el1_e3dse, 2 },
	{ "TLBID", 40, 4, false, id_aa64mmfr4_el1_tlbid, 2 },
	{ "SRMASK", 44, 4, false, id_aa64mmfr4_el1_srmask, 3 },
	{ "TPS", 48, 4, false, id_aa64mmfr4_el1_tps, 3 },
	{ "TEV", 52, 4, false, id_aa64mmfr4_el1_tev, 2 },
	{ "SCRX", 56, 4, false, id_aa64mmfr4_el1_scrx, 2 },
	{ "MTEFGT", 60, 4, false, id_aa64mmfr4_el1_mtefgt, 2 },
};
static const struct vmm_idreg_val id_pfr0_el1_ras[] = {
	{ 0, "NI" }, { 1, "RAS" }, { 2, "RASv1p1" },
};
static const struct vmm_idreg_val id_pfr0_el1_dit[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_pfr0_el1_amu[] = {
	{ 0, "NI" }, { 1, "AMUv1" }, { 2, "AMUv1p1" },
};
static const struct vmm_idreg_val id_pfr0_el1_csv2[] = {
	{ 0, "UNDISCLOSED" }, { 1, "IMP" }, { 2, "CSV2p1" },
};
static const struct vmm_idreg_val id_pfr0_el1_state3[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_pfr0_el1_state2[] = {
	{ 0, "NI" }, { 1, "NO_CV" }, { 2, "CV" },
};
static const struct vmm_idreg_val id_pfr0_el1_state1[] = {
	{ 0, "NI" }, { 1, "THUMB" }, { 2, "THUMB2" },
};
static const struct vmm_idreg_val id_pfr0_el1_state0[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_field id_pfr0_el1_fields[] = {
	{ "State0", 0, 4, false, id_pfr0_el1_state0, 2 },
	{ "State1", 4, 4, false, id_pfr0_el1_state1, 3 },
	{ "State2", 8, 4, false, id_pfr0_el1_state2, 3 },
	{ "State3", 12, 4, false, id_pfr0_el1_state3, 2 },
	{ "CSV2", 16, 4, false, id_pfr0_el1_csv2, 3 },
	{ "AMU", 20, 4, false, id_pfr0_el1_amu, 3 },
	{ "DIT", 24, 4, false, id_pfr0_el1_dit, 2 },
	{ "RAS", 28, 4, false, id_pfr0_el1_ras, 3 },
};
static const struct vmm_idreg_val id_pfr1_el1_gic[] = {
	{ 0, "NI" }, { 1, "GICv3" }, { 3, "GICv4p1" },
};
static const struct vmm_idreg_val id_pfr1_el1_virt_frac[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_pfr1_el1_sec_frac[] = {
	{ 0, "NI" }, { 1, "WALK_DISABLE" }, { 2, "SECURE_MEMORY" },
};
static const struct vmm_idreg_val id_pfr1_el1_gentimer[] = {
	{ 0, "NI" }, { 1, "IMP" }, { 2, "ECV" },
};
static const struct vmm_idreg_val id_pfr1_el1_virtualization[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_pfr1_el1_mprogmod[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_pfr1_el1_security[] = {
	{ 0, "NI" }, { 1, "EL3" }, { 2, "NSACR_RFR" },
};
static const struct vmm_idreg_val id_pfr1_el1_progmod[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_field id_pfr1_el1_fields[] = {
	{ "ProgMod", 0, 4, false, id_pfr1_el1_progmod, 2 },
	{ "Security", 4, 4, false, id_pfr1_el1_security, 3 },
	{ "MProgMod", 8, 4, false, id_pfr1_el1_mprogmod, 2 },
	{ "Virtualization", 12, 4, false, id_pfr1_el1_virtualization, 2 },
	{ "GenTimer", 16, 4, false, id_pfr1_el1_gentimer, 3 },
	{ "Sec_frac", 20, 4, false, id_pfr1_el1_sec_frac, 3 },
	{ "Virt_frac", 24, 4, false, id_pfr1_el1_virt_frac, 2 },
	{ "GIC", 28, 4, false, id_pfr1_el1_gic, 3 },
};
static const struct vmm_idreg_val id_pfr2_el1_ras_frac[] = {
	{ 0, "NI" }, { 1, "RASv1p1" },
};
static const struct vmm_idreg_val id_pfr2_el1_ssbs[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_pfr2_el1_csv3[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_field id_pfr2_el1_fields[] = {
	{ "CSV3", 0, 4, false, id_pfr2_el1_csv3, 2 },
	{ "SSBS", 4, 4, false, id_pfr2_el1_ssbs, 2 },
	{ "RAS_frac", 8, 4, false, id_pfr2_el1_ras_frac, 2 },
};
static const struct vmm_idreg_val id_dfr0_el1_tracefilt[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_dfr0_el1_perfmon[] = {
	{ 0, "NI" }, { 1, "PMUv1" }, { 2, "PMUv2" }, { 3, "PMUv3" }, { 4, "PMUv3p1" },
	{ 5, "PMUv3p4" }, { 6, "PMUv3p5" }, { 7, "PMUv3p7" }, { 8, "PMUv3p8" }, { 9, "PMUv3p9" },
	{ 15, "IMPDEF" },
};
static const struct vmm_idreg_val id_dfr0_el1_mprofdbg[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_dfr0_el1_mmaptrc[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_dfr0_el1_coptrc[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_dfr0_el1_mmapdbg[] = {
	{ 0, "NI" }, { 4, "Armv7" }, { 5, "Armv7p1" },
};
static const struct vmm_idreg_val id_dfr0_el1_copdbg[] = {
	{ 0, "NI" }, { 2, "Armv6" }, { 3, "Armv6p1" }, { 4, "Armv7" }, { 5, "Armv7p1" },
	{ 6, "Armv8" }, { 7, "VHE" }, { 8, "Debugv8p2" }, { 9, "Debugv8p4" }, { 10, "Debugv8p8" },
	{ 11, "Debugv8p9" },
};
static const struct vmm_idreg_field id_dfr0_el1_fields[] = {
	{ "CopDbg", 0, 4, false, id_dfr0_el1_copdbg, 11 },
	{ "CopSDbg", 4, 4, false, NULL, 0 },
	{ "MMapDbg", 8, 4, false, id_dfr0_el1_mmapdbg, 3 },
	{ "CopTrc", 12, 4, false, id_dfr0_el1_coptrc, 2 },
	{ "MMapTrc", 16, 4, false, id_dfr0_el1_mmaptrc, 2 },
	{ "MProfDbg", 20, 4, false, id_dfr0_el1_mprofdbg, 2 },
	{ "PerfMon", 24, 4, false, id_dfr0_el1_perfmon, 11 },
	{ "TraceFilt", 28, 4, false, id_dfr0_el1_tracefilt, 2 },
};
static const struct vmm_idreg_val id_dfr1_el1_hpmn0[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_dfr1_el1_mtpmu[] = {
	{ 0, "IMPDEF" }, { 1, "IMP" }, { 15, "NI" },
};
static const struct vmm_idreg_field id_dfr1_el1_fields[] = {
	{ "MTPMU", 0, 4, true, id_dfr1_el1_mtpmu, 3 },
	{ "HPMN0", 4, 4, false, id_dfr1_el1_hpmn0, 2 },
};
static const struct vmm_idreg_field id_afr0_el1_fields[] = {
	{ "IMPDEF0", 0, 4, false, NULL, 0 },
	{ "IMPDEF1", 4, 4, false, NULL, 0 },
	{ "IMPDEF2", 8, 4, false, NULL, 0 },
	{ "IMPDEF3", 12, 4, false, NULL, 0 },
};
static const struct vmm_idreg_val id_mmfr0_el1_innershr[] = {
	{ 0, "NC" }, { 1, "HW" }, { 15, "IGNORED" },
};
static const struct vmm_idreg_val id_mmfr0_el1_fcse[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_mmfr0_el1_auxreg[] = {
	{ 0, "NI" }, { 1, "ACTLR" }, { 2, "AIFSR" },
};
static const struct vmm_idreg_val id_mmfr0_el1_tcm[] = {
	{ 0, "NI" }, { 1, "IMPDEF" }, { 2, "TCM" }, { 3, "TCM_DMA" },
};
static const struct vmm_idreg_val id_mmfr0_el1_sharelvl[] = {
	{ 0, "ONE" }, { 1, "TWO" },
};
static const struct vmm_idreg_val id_mmfr0_el1_outershr[] = {
	{ 0, "NC" }, { 1, "HW" }, { 15, "IGNORED" },
};
static const struct vmm_idreg_val id_mmfr0_el1_pmsa[] = {
	{ 0, "NI" }, { 1, "IMPDEF" }, { 2, "PMSAv6" }, { 3, "PMSAv7" },
};
static const struct vmm_idreg_val id_mmfr0_el1_vmsa[] = {
	{ 0, "NI" }, { 1, "IMPDEF" }, { 2, "VMSAv6" }, { 3, "VMSAv7" }, { 4, "VMSAv7_PXN" },
	{ 5, "VMSAv7_LONG" },
};
static const struct vmm_idreg_field id_mmfr0_el1_fields[] = {
	{ "VMSA", 0, 4, false, id_mmfr0_el1_vmsa, 6 },
	{ "PMSA", 4, 4, false, id_mmfr0_el1_pmsa, 4 },
	{ "OuterShr", 8, 4, false, id_mmfr0_el1_outershr, 3 },
	{ "ShareLvl", 12, 4, false, id_mmfr0_el1_sharelvl, 2 },
	{ "TCM", 16, 4, false, id_mmfr0_el1_tcm, 4 },
	{ "AuxReg", 20, 4, false, id_mmfr0_el1_auxreg, 3 },
	{ "FCSE", 24, 4, false, id_mmfr0_el1_fcse, 2 },
	{ "InnerShr", 28, 4, false, id_mmfr0_el1_innershr, 3 },
};
static const struct vmm_idreg_val id_mmfr1_el1_bpred[] = {
	{ 0, "NI" }, { 1, "BP_SW_MANGED" }, { 2, "BP_ASID_AWARE" }, { 3, "BP_NOSNOOP" },
	{ 4, "BP_INVISIBLE" },
};
static const struct vmm_idreg_val id_mmfr1_el1_l1tstcln[] = {
	{ 0, "NI" }, { 1, "NOINVALIDATE" }, { 2, "INVALIDATE" },
};
static const struct vmm_idreg_val id_mmfr1_el1_l1uni[] = {
	{ 0, "NI" }, { 1, "INVALIDATE" }, { 2, "CLEAN_AND_INVALIDATE" },
};
static const struct vmm_idreg_val id_mmfr1_el1_l1hvd[] = {
	{ 0, "NI" }, { 1, "INVALIDATE_ISIDE_ONLY" }, { 2, "INVALIDATE" },
	{ 3, "CLEAN_AND_INVALIDATE" },
};
static const struct vmm_idreg_val id_mmfr1_el1_l1unisw[] = {
	{ 0, "NI" }, { 1, "CLEAN" }, { 2, "CLEAN_AND_INVALIDATE" }, { 3, "INVALIDATE" },
};
static const struct vmm_idreg_val id_mmfr1_el1_l1hvdsw[] = {
	{ 0, "NI" }, { 1, "CLEAN_AND_INVALIDATE" }, { 2, "INVALIDATE_DSIDE_ONLY" },
	{ 3, "INVALIDATE" },
};
static const struct vmm_idreg_val id_mmfr1_el1_l1univa[] = {
	{ 0, "NI" }, { 1, "CLEAN_AND_INVALIDATE" }, { 2, "INVALIDATE_BP" },
};
static const struct vmm_idreg_val id_mmfr1_el1_l1hvdva[] = {
	{ 0, "NI" }, { 1, "CLEAN_AND_INVALIDATE" }, { 2, "INVALIDATE_BP" },
};
static const struct vmm_idreg_field id_mmfr1_el1_fields[] = {
	{ "L1HvdVA", 0, 4, false, id_mmfr1_el1_l1hvdva, 3 },
	{ "L1UniVA", 4, 4, false, id_mmfr1_el1_l1univa, 3 },
	{ "L1HvdSW", 8, 4, false, id_mmfr1_el1_l1hvdsw, 4 },
	{ "L1UniSW", 12, 4, false, id_mmfr1_el1_l1unisw, 4 },
	{ "L1Hvd", 16, 4, false, id_mmfr1_el1_l1hvd, 4 },
	{ "L1Uni", 20, 4, false, id_mmfr1_el1_l1uni, 3 },
	{ "L1TstCln", 24, 4, false, id_mmfr1_el1_l1tstcln, 3 },
	{ "BPred", 28, 4, false, id_mmfr1_el1_bpred, 5 },
};
static const struct vmm_idreg_val id_mmfr2_el1_hwaccflg[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_mmfr2_el1_wfistall[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_mmfr2_el1_membarr[] = {
	{ 0, "NI" }, { 1, "DSB_ONLY" }, { 2, "IMP" },
};
static const struct vmm_idreg_val id_mmfr2_el1_unitlb[] = {
	{ 0, "NI" }, { 1, "BY_VA" }, { 2, "BY_MATCH_ASID" }, { 3, "BY_ALL_ASID" },
	{ 4, "OTHER_TLBS" }, { 5, "BROADCAST" }, { 6, "BY_IPA" },
};
static const struct vmm_idreg_val id_mmfr2_el1_hvdtlb[] = {
	{ 0, "NI" },
};
static const struct vmm_idreg_val id_mmfr2_el1_l1hvdrng[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_mmfr2_el1_l1hvdbg[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_mmfr2_el1_l1hvdfg[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_field id_mmfr2_el1_fields[] = {
	{ "L1HvdFG", 0, 4, false, id_mmfr2_el1_l1hvdfg, 2 },
	{ "L1HvdBG", 4, 4, false, id_mmfr2_el1_l1hvdbg, 2 },
	{ "L1HvdRng", 8, 4, false, id_mmfr2_el1_l1hvdrng, 2 },
	{ "HvdTLB", 12, 4, false, id_mmfr2_el1_hvdtlb, 1 },
	{ "UniTLB", 16, 4, false, id_mmfr2_el1_unitlb, 7 },
	{ "MemBarr", 20, 4, false, id_mmfr2_el1_membarr, 3 },
	{ "WFIStall", 24, 4, false, id_mmfr2_el1_wfistall, 2 },
	{ "HWAccFlg", 28, 4, false, id_mmfr2_el1_hwaccflg, 2 },
};
static const struct vmm_idreg_val id_mmfr3_el1_supersec[] = {
	{ 0, "IMP" }, { 15, "NI" },
};
static const struct vmm_idreg_val id_mmfr3_el1_cmemsz[] = {
	{ 0, "4GB" }, { 1, "64GB" }, { 2, "1TB" },
};
static const struct vmm_idreg_val id_mmfr3_el1_cohwalk[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_mmfr3_el1_pan[] = {
	{ 0, "NI" }, { 1, "PAN" }, { 2, "PAN2" },
};
static const struct vmm_idreg_val id_mmfr3_el1_maintbcst[] = {
	{ 0, "NI" }, { 1, "NO_TLB" }, { 2, "ALL" },
};
static const struct vmm_idreg_val id_mmfr3_el1_bpmaint[] = {
	{ 0, "NI" }, { 1, "ALL" }, { 2, "BY_VA" },
};
static const struct vmm_idreg_val id_mmfr3_el1_cmaintsw[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_mmfr3_el1_cmaintva[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_field id_mmfr3_el1_fields[] = {
	{ "CMaintVA", 0, 4, false, id_mmfr3_el1_cmaintva, 2 },
	{ "CMaintSW", 4, 4, false, id_mmfr3_el1_cmaintsw, 2 },
	{ "BPMaint", 8, 4, false, id_mmfr3_el1_bpmaint, 3 },
	{ "MaintBcst", 12, 4, false, id_mmfr3_el1_maintbcst, 3 },
	{ "PAN", 16, 4, false, id_mmfr3_el1_pan, 3 },
	{ "CohWalk", 20, 4, false, id_mmfr3_el1_cohwalk, 2 },
	{ "CMemSz", 24, 4, false, id_mmfr3_el1_cmemsz, 3 },
	{ "Supersec", 28, 4, false, id_mmfr3_el1_supersec, 2 },
};
static const struct vmm_idreg_val id_mmfr4_el1_evt[] = {
	{ 0, "NI" }, { 1, "NO_TLBIS" }, { 2, "TLBIS" },
};
static const struct vmm_idreg_val id_mmfr4_el1_ccidx[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_mmfr4_el1_lsm[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_mmfr4_el1_hpds[] = {
	{ 0, "NI" }, { 1, "AA32HPD" }, { 2, "HPDS2" },
};
static const struct vmm_idreg_val id_mmfr4_el1_cnp[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_mmfr4_el1_xnx[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_mmfr4_el1_ac2[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_mmfr4_el1_specsei[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_field id_mmfr4_el1_fields[] = {
	{ "SpecSEI", 0, 4, false, id_mmfr4_el1_specsei, 2 },
	{ "AC2", 4, 4, false, id_mmfr4_el1_ac2, 2 },
	{ "XNX", 8, 4, false, id_mmfr4_el1_xnx, 2 },
	{ "CnP", 12, 4, false, id_mmfr4_el1_cnp, 2 },
	{ "HPDS", 16, 4, false, id_mmfr4_el1_hpds, 3 },
	{ "LSM", 20, 4, false, id_mmfr4_el1_lsm, 2 },
	{ "CCIDX", 24, 4, false, id_mmfr4_el1_ccidx, 2 },
	{ "EVT", 28, 4, false, id_mmfr4_el1_evt, 3 },
};
static const struct vmm_idreg_val id_mmfr5_el1_ntlbpa[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_mmfr5_el1_ets[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_field id_mmfr5_el1_fields[] = {
	{ "ETS", 0, 4, false, id_mmfr5_el1_ets, 2 },
	{ "nTLBPA", 4, 4, false, id_mmfr5_el1_ntlbpa, 2 },
};
static const struct vmm_idreg_val id_isar0_el1_divide[] = {
	{ 0, "NI" }, { 1, "xDIV_T32" }, { 2, "xDIV_A32" },
};
static const struct vmm_idreg_val id_isar0_el1_debug[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_isar0_el1_coproc[] = {
	{ 0, "NI" }, { 1, "MRC" }, { 2, "MRC2" }, { 3, "MRRC" }, { 4, "MRRC2" },
};
static const struct vmm_idreg_val id_isar0_el1_cmpbranch[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_isar0_el1_bitfield[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_isar0_el1_bitcount[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_isar0_el1_swap[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_field id_isar0_el1_fields[] = {
	{ "Swap", 0, 4, false, id_isar0_el1_swap, 2 },
	{ "BitCount", 4, 4, false, id_isar0_el1_bitcount, 2 },
	{ "BitField", 8, 4, false, id_isar0_el1_bitfield, 2 },
	{ "CmpBranch", 12, 4, false, id_isar0_el1_cmpbranch, 2 },
	{ "Coproc", 16, 4, false, id_isar0_el1_coproc, 5 },
	{ "Debug", 20, 4, false, id_isar0_el1_debug, 2 },
	{ "Divide", 24, 4, false, id_isar0_el1_divide, 3 },
};
static const struct vmm_idreg_val id_isar1_el1_jazelle[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_isar1_el1_interwork[] = {
	{ 0, "NI" }, { 1, "BX" }, { 2, "BLX" }, { 3, "A32_BX" },
};
static const struct vmm_idreg_val id_isar1_el1_immediate[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_isar1_el1_ifthen[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_isar1_el1_extend[] = {
	{ 0, "NI" }, { 1, "SXTB" }, { 2, "SXTB16" },
};
static const struct vmm_idreg_val id_isar1_el1_except_ar[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_isar1_el1_except[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_isar1_el1_endian[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_field id_isar1_el1_fields[] = {
	{ "Endian", 0, 4, false, id_isar1_el1_endian, 2 },
	{ "Except", 4, 4, false, id_isar1_el1_except, 2 },
	{ "Except_AR", 8, 4, false, id_isar1_el1_except_ar, 2 },
	{ "Extend", 12, 4, false, id_isar1_el1_extend, 3 },
	{ "IfThen", 16, 4, false, id_isar1_el1_ifthen, 2 },
	{ "Immediate", 20, 4, false, id_isar1_el1_immediate, 2 },
	{ "Interwork", 24, 4, false, id_isar1_el1_interwork, 4 },
	{ "Jazelle", 28, 4, false, id_isar1_el1_jazelle, 2 },
};
static const struct vmm_idreg_val id_isar2_el1_reversal[] = {
	{ 0, "NI" }, { 1, "REV" }, { 2, "RBIT" },
};
static const struct vmm_idreg_val id_isar2_el1_psr_ar[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_isar2_el1_multu[] = {
	{ 0, "NI" }, { 1, "UMULL" }, { 2, "UMAAL" },
};
static const struct vmm_idreg_val id_isar2_el1_mults[] = {
	{ 0, "NI" }, { 1, "SMULL" }, { 2, "SMLABB" }, { 3, "SMLAD" },
};
static const struct vmm_idreg_val id_isar2_el1_mult[] = {
	{ 0, "NI" }, { 1, "MLA" }, { 2, "MLS" },
};
static const struct vmm_idreg_val id_isar2_el1_multiaccessint[] = {
	{ 0, "NI" }, { 1, "RESTARTABLE" }, { 2, "CONTINUABLE" },
};
static const struct vmm_idreg_val id_isar2_el1_memhint[] = {
	{ 0, "NI" }, { 1, "PLD" }, { 2, "PLD2" }, { 3, "PLI" }, { 4, "PLDW" },
};
static const struct vmm_idreg_val id_isar2_el1_loadstore[] = {
	{ 0, "NI" }, { 1, "DOUBLE" }, { 2, "ACQUIRE" },
};
static const struct vmm_idreg_field id_isar2_el1_fields[] = {
	{ "LoadStore", 0, 4, false, id_isar2_el1_loadstore, 3 },
	{ "MemHint", 4, 4, false, id_isar2_el1_memhint, 5 },
	{ "MultiAccessInt", 8, 4, false, id_isar2_el1_multiaccessint, 3 },
	{ "Mult", 12, 4, false, id_isar2_el1_mult, 3 },
	{ "MultS", 16, 4, false, id_isar2_el1_mults, 4 },
	{ "MultU", 20, 4, false, id_isar2_el1_multu, 3 },
	{ "PSR_AR", 24, 4, false, id_isar2_el1_psr_ar, 2 },
	{ "Reversal", 28, 4, false, id_isar2_el1_reversal, 3 },
};
static const struct vmm_idreg_val id_isar3_el1_t32ee[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_isar3_el1_truenop[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_isar3_el1_t32copy[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_isar3_el1_tabbranch[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_isar3_el1_synchprim[] = {
	{ 0, "NI" }, { 1, "EXCLUSIVE" }, { 2, "DOUBLE" },
};
static const struct vmm_idreg_val id_isar3_el1_svc[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_isar3_el1_simd[] = {
	{ 0, "NI" }, { 1, "SSAT" }, { 3, "PKHBT" },
};
static const struct vmm_idreg_val id_isar3_el1_saturate[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_field id_isar3_el1_fields[] = {
	{ "Saturate", 0, 4, false, id_isar3_el1_saturate, 2 },
	{ "SIMD", 4, 4, false, id_isar3_el1_simd, 3 },
	{ "SVC", 8, 4, false, id_isar3_el1_svc, 2 },
	{ "SynchPrim", 12, 4, false, id_isar3_el1_synchprim, 3 },
	{ "TabBranch", 16, 4, false, id_isar3_el1_tabbranch, 2 },
	{ "T32Copy", 20, 4, false, id_isar3_el1_t32copy, 2 },
	{ "TrueNOP", 24, 4, false, id_isar3_el1_truenop, 2 },
	{ "T32EE", 28, 4, false, id_isar3_el1_t32ee, 2 },
};
static const struct vmm_idreg_val id_isar4_el1_swp_frac[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_isar4_el1_psr_m[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_isar4_el1_synchprim_frac[] = {
	{ 0, "NI" }, { 3, "IMP" },
};
static const struct vmm_idreg_val id_isar4_el1_barrier[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_isar4_el1_smc[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_isar4_el1_writeback[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_isar4_el1_withshifts[] = {
	{ 0, "NI" }, { 1, "LSL3" }, { 3, "LS" }, { 4, "REG" },
};
static const struct vmm_idreg_val id_isar4_el1_unpriv[] = {
	{ 0, "NI" }, { 1, "REG_BYTE" }, { 2, "SIGNED_HALFWORD" },
};
static const struct vmm_idreg_field id_isar4_el1_fields[] = {
	{ "Unpriv", 0, 4, false, id_isar4_el1_unpriv, 3 },
	{ "WithShifts", 4, 4, false, id_isar4_el1_withshifts, 4 },
	{ "Writeback", 8, 4, false, id_isar4_el1_writeback, 2 },
	{ "SMC", 12, 4, false, id_isar4_el1_smc, 2 },
	{ "Barrier", 16, 4, false, id_isar4_el1_barrier, 2 },
	{ "SynchPrim_frac", 20, 4, false, id_isar4_el1_synchprim_frac, 2 },
	{ "PSR_M", 24, 4, false, id_isar4_el1_psr_m, 2 },
	{ "SWP_frac", 28, 4, false, id_isar4_el1_swp_frac, 2 },
};
static const struct vmm_idreg_val id_isar5_el1_vcma[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_isar5_el1_rdm[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_isar5_el1_crc32[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_isar5_el1_sha2[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_isar5_el1_sha1[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_isar5_el1_aes[] = {
	{ 0, "NI" }, { 1, "IMP" }, { 2, "VMULL" },
};
static const struct vmm_idreg_val id_isar5_el1_sevl[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_field id_isar5_el1_fields[] = {
	{ "SEVL", 0, 4, false, id_isar5_el1_sevl, 2 },
	{ "AES", 4, 4, false, id_isar5_el1_aes, 3 },
	{ "SHA1", 8, 4, false, id_isar5_el1_sha1, 2 },
	{ "SHA2", 12, 4, false, id_isar5_el1_sha2, 2 },
	{ "CRC32", 16, 4, false, id_isar5_el1_crc32, 2 },
	{ "RDM", 24, 4, false, id_isar5_el1_rdm, 2 },
	{ "VCMA", 28, 4, false, id_isar5_el1_vcma, 2 },
};
static const struct vmm_idreg_val id_isar6_el1_i8mm[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_isar6_el1_bf16[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_isar6_el1_specres[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_isar6_el1_sb[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_isar6_el1_fhm[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_isar6_el1_dp[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_isar6_el1_jscvt[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val id_isar6_el1_clrbhb[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_field id_isar6_el1_fields[] = {
	{ "JSCVT", 0, 4, false, id_isar6_el1_jscvt, 2 },
	{ "DP", 4, 4, false, id_isar6_el1_dp, 2 },
	{ "FHM", 8, 4, false, id_isar6_el1_fhm, 2 },
	{ "SB", 12, 4, false, id_isar6_el1_sb, 2 },
	{ "SPECRES", 16, 4, false, id_isar6_el1_specres, 2 },
	{ "BF16", 20, 4, false, id_isar6_el1_bf16, 2 },
	{ "I8MM", 24, 4, false, id_isar6_el1_i8mm, 2 },
	{ "CLRBHB", 28, 4, false, id_isar6_el1_clrbhb, 2 },
};
static const struct vmm_idreg_val mvfr0_el1_fpround[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val mvfr0_el1_fpshvec[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val mvfr0_el1_fpsqrt[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val mvfr0_el1_fpdivide[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val mvfr0_el1_fptrap[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val mvfr0_el1_fpdp[] = {
	{ 0, "NI" }, { 1, "VFPv2" }, { 2, "VFPv3" },
};
static const struct vmm_idreg_val mvfr0_el1_fpsp[] = {
	{ 0, "NI" }, { 1, "VFPv2" }, { 2, "VFPv3" },
};
static const struct vmm_idreg_val mvfr0_el1_simdreg[] = {
	{ 0, "NI" }, { 1, "IMP_16x64" }, { 2, "IMP_32x64" },
};
static const struct vmm_idreg_field mvfr0_el1_fields[] = {
	{ "SIMDReg", 0, 4, false, mvfr0_el1_simdreg, 3 },
	{ "FPSP", 4, 4, false, mvfr0_el1_fpsp, 3 },
	{ "FPDP", 8, 4, false, mvfr0_el1_fpdp, 3 },
	{ "FPTrap", 12, 4, false, mvfr0_el1_fptrap, 2 },
	{ "FPDivide", 16, 4, false, mvfr0_el1_fpdivide, 2 },
	{ "FPSqrt", 20, 4, false, mvfr0_el1_fpsqrt, 2 },
	{ "FPShVec", 24, 4, false, mvfr0_el1_fpshvec, 2 },
	{ "FPRound", 28, 4, false, mvfr0_el1_fpround, 2 },
};
static const struct vmm_idreg_val mvfr1_el1_simdfmac[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val mvfr1_el1_fphp[] = {
	{ 0, "NI" }, { 1, "FPHP" }, { 2, "FPHP_CONV" }, { 3, "FP16" },
};
static const struct vmm_idreg_val mvfr1_el1_simdhp[] = {
	{ 0, "NI" }, { 1, "SIMDHP" }, { 2, "SIMDHP_FLOAT" },
};
static const struct vmm_idreg_val mvfr1_el1_simdsp[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val mvfr1_el1_simdint[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val mvfr1_el1_simdls[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val mvfr1_el1_fpdnan[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_val mvfr1_el1_fpftz[] = {
	{ 0, "NI" }, { 1, "IMP" },
};
static const struct vmm_idreg_field mvfr1_el1_fields[] = {
	{ "FPFtZ", 0, 4, false, mvfr1_el1_fpftz, 2 },
	{ "FPDNaN", 4, 4, false, mvfr1_el1_fpdnan, 2 },
	{ "SIMDLS", 8, 4, false, mvfr1_el1_simdls, 2 },
	{ "SIMDInt", 12, 4, false, mvfr1_el1_simdint, 2 },
	{ "SIMDSP", 16, 4, false, mvfr1_el1_simdsp, 2 },
	{ "SIMDHP", 20, 4, false, mvfr1_el1_simdhp, 3 },
	{ "FPHP", 24, 4, false, mvfr1_el1_fphp, 4 },
	{ "SIMDFMAC", 28, 4, false, mvfr1_el1_simdfmac, 2 },
};
static const struct vmm_idreg_val mvfr2_el1_fpmisc[] = {
	{ 0, "NI" }, { 1, "FP" }, { 2, "FP_DIRECTED_ROUNDING" }, { 3, "FP_ROUNDING" },
	{ 4, "FP_MAX_MIN" },
};
static const struct vmm_idreg_val mvfr2_el1_simdmisc[] = {
	{ 0, "NI" }, { 1, "SIMD_DIRECTED_ROUNDING" }, { 2, "SIMD_ROUNDING" }, { 3, "SIMD_MAX_MIN" },
};
static const struct vmm_idreg_field mvfr2_el1_fields[] = {
	{ "SIMDMisc", 0, 4, false, mvfr2_el1_simdmisc, 4 },
	{ "FPMisc", 4, 4, false, mvfr2_el1_fpmisc, 5 },
};
static const struct vmm_idreg_val midr_el1_architecture[] = {
	{ 15, "by_id_regs" },
};
static const struct vmm_idreg_val midr_el1_implementer[] = {
	{ 65, "Arm" }, { 66, "Broadcom" }, { 67, "Cavium" }, { 70, "Fujitsu" }, { 72, "HiSilicon" },
	{ 78, "NVIDIA" }, { 80, "APM" }, { 81, "Qualcomm" }, { 97, "Apple" }, { 99, "Arm China" },
	{ 109, "Microsoft" }, { 112, "Phytium" }, { 192, "Ampere" },
};
static const struct vmm_idreg_field midr_el1_fields[] = {
	{ "Revision", 0, 4, false, NULL, 0 },
	{ "PartNum", 4, 12, false, NULL, 0 },
	{ "Architecture", 16, 4, false, midr_el1_architecture, 1 },
	{ "Variant", 20, 4, false, NULL, 0 },
	{ "Implementer", 24, 8, false, midr_el1_implementer, 13 },
};
static const struct vmm_idreg_val ctr_el0_l1ip[] = {
	{ 0, "RESERVED_VPIPT" }, { 1, "RESERVED_AIVIVT" }, { 2, "VIPT" }, { 3, "PIPT" },
};
static const struct vmm_idreg_field ctr_el0_fields[] = {
	{ "IminLine", 0, 4, false, NULL, 0 },
	{ "L1Ip", 14, 2, false, ctr_el0_l1ip, 4 },
	{ "DminLine", 16, 4, false, NULL, 0 },
	{ "ERG", 20, 4, false, NULL, 0 },
	{ "CWG", 24, 4, false, NULL, 0 },
	{ "IDC", 28, 1, false, NULL, 0 },
	{ "DIC", 29, 1, false, NULL, 0 },
	{ "TminLine", 32, 6, false, NULL, 0 },
};
static const struct vmm_idreg_field clidr_el1_fields[] = {
	{ "Ctype1", 0, 3, false, NULL, 0 },
	{ "Ctype2", 3, 3, false, NULL, 0 },
	{ "Ctype3", 6, 3, false, NULL, 0 },
	{ "Ctype4", 9, 3, false, NULL, 0 },
	{ "Ctype5", 12, 3, false, NULL, 0 },
	{ "Ctype6", 15, 3, false, NULL, 0 },
	{ "Ctype7", 18, 3, false, NULL, 0 },
	{ "LoUIS", 21, 3, false, NULL, 0 },
	{ "LoC", 24, 3, false, NULL, 0 },
	{ "LoUU", 27, 3, false, NULL, 0 },
	{ "ICB", 30, 3, false, NULL, 0 },
	{ "Ttype1", 33, 2, false, NULL, 0 },
	{ "Ttype2", 35, 2, false, NULL, 0 },
	{ "Ttype3", 37, 2, false, NULL, 0 },
	{ "Ttype4", 39, 2, false, NULL, 0 },
	{ "Ttype5", 41, 2, false, NULL, 0 },
	{ "Ttype6", 43, 2, false, NULL, 0 },
	{ "Ttype7", 45, 2, false, NULL, 0 },
};
static const struct vmm_idreg_field mpidr_el1_fields[] = {
	{ "Aff0", 0, 8, false, NULL, 0 },
	{ "Aff1", 8, 8, false, NULL, 0 },
	{ "Aff2", 16, 8, false, NULL, 0 },
	{ "MT", 24, 1, false, NULL, 0 },
	{ "U", 30, 1, false, NULL, 0 },
	{ "Aff3", 32, 8, false, NULL, 0 },
};

#define R(n, o0, o1, n_, m, o2, f) { n, o0, o1, n_, m, o2, f, sizeof(f) / sizeof(f[0]) }
const struct vmm_idreg vmm_idregs[] = {
	R("ID_AA64PFR0_EL1", 3, 0, 0, 4, 0, id_aa64pfr0_el1_fields),
	R("ID_AA64PFR1_EL1", 3, 0, 0, 4, 1, id_aa64pfr1_el1_fields),
	R("ID_AA64PFR2_EL1", 3, 0, 0, 4, 2, id_aa64pfr2_el1_fields),
	R("ID_AA64ZFR0_EL1", 3, 0, 0, 4, 4, id_aa64zfr0_el1_fields),
	R("ID_AA64SMFR0_EL1", 3, 0, 0, 4, 5, id_aa64smfr0_el1_fields),
	R("ID_AA64FPFR0_EL1", 3, 0, 0, 4, 7, id_aa64fpfr0_el1_fields),
	R("ID_AA64DFR0_EL1", 3, 0, 0, 5, 0, id_aa64dfr0_el1_fields),
	R("ID_AA64DFR1_EL1", 3, 0, 0, 5, 1, id_aa64dfr1_el1_fields),
	R("ID_AA64DFR2_EL1", 3, 0, 0, 5, 2, id_aa64dfr2_el1_fields),
	R("ID_AA64AFR0_EL1", 3, 0, 0, 5, 4, id_aa64afr0_el1_fields),
	{ "ID_AA64AFR1_EL1", 3, 0, 0, 5, 5, NULL, 0 },
	R("ID_AA64ISAR0_EL1", 3, 0, 0, 6, 0, id_aa64isar0_el1_fields),
	R("ID_AA64ISAR1_EL1", 3, 0, 0, 6, 1, id_aa64isar1_el1_fields),
	R("ID_AA64ISAR2_EL1", 3, 0, 0, 6, 2, id_aa64isar2_el1_fields),
	R("ID_AA64ISAR3_EL1", 3, 0, 0, 6, 3, id_aa64isar3_el1_fields),
	R("ID_AA64MMFR0_EL1", 3, 0, 0, 7, 0, id_aa64mmfr0_el1_fields),
	R("ID_AA64MMFR1_EL1", 3, 0, 0, 7, 1, id_aa64mmfr1_el1_fields),
	R("ID_AA64MMFR2_EL1", 3, 0, 0, 7, 2, id_aa64mmfr2_el1_fields),
	R("ID_AA64MMFR3_EL1", 3, 0, 0, 7, 3, id_aa64mmfr3_el1_fields),
	R("ID_AA64MMFR4_EL1", 3, 0, 0, 7, 4, id_aa64mmfr4_el1_fields),
	R("ID_PFR0_EL1", 3, 0, 0, 1, 0, id_pfr0_el1_fields),
	R("ID_PFR1_EL1", 3, 0, 0, 1, 1, id_pfr1_el1_fields),
	R("ID_PFR2_EL1", 3, 0, 0, 3, 4, id_pfr2_el1_fields),
	R("ID_DFR0_EL1", 3, 0, 0, 1, 2, id_dfr0_el1_fields),
	R("ID_DFR1_EL1", 3, 0, 0, 3, 5, id_dfr1_el1_fields),
	R("ID_AFR0_EL1", 3, 0, 0, 1, 3, id_afr0_el1_fields),
	R("ID_MMFR0_EL1", 3, 0, 0, 1, 4, id_mmfr0_el1_fields),
	R("ID_MMFR1_EL1", 3, 0, 0, 1, 5, id_mmfr1_el1_fields),
	R("ID_MMFR2_EL1", 3, 0, 0, 1, 6, id_mmfr2_el1_fields),
	R("ID_MMFR3_EL1", 3, 0, 0, 1, 7, id_mmfr3_el1_fields),
	R("ID_MMFR4_EL1", 3, 0, 0, 2, 6, id_mmfr4_el1_fields),
	R("ID_MMFR5_EL1", 3, 0, 0, 3, 6, id_mmfr5_el1_fields),
	R("ID_ISAR0_EL1", 3, 0, 0, 2, 0, id_isar0_el1_fields),
	R("ID_ISAR1_EL1", 3, 0, 0, 2, 1, id_isar1_el1_fields),
	R("ID_ISAR2_EL1", 3, 0, 0, 2, 2, id_isar2_el1_fields),
	R("ID_ISAR3_EL1", 3, 0, 0, 2, 3, id_isar3_el1_fields),
	R("ID_ISAR4_EL1", 3, 0, 0, 2, 4, id_isar4_el1_fields),
	R("ID_ISAR5_EL1", 3, 0, 0, 2, 5, id_isar5_el1_fields),
	R("ID_ISAR6_EL1", 3, 0, 0, 2, 7, id_isar6_el1_fields),
	R("MVFR0_EL1", 3, 0, 0, 3, 0, mvfr0_el1_fields),
	R("MVFR1_EL1", 3, 0, 0, 3, 1, mvfr1_el1_fields),
	R("MVFR2_EL1", 3, 0, 0, 3, 2, mvfr2_el1_fields),
	R("MIDR_EL1", 3, 0, 0, 0, 0, midr_el1_fields),
	{ "REVIDR_EL1", 3, 0, 0, 0, 6, NULL, 0 },
	{ "AIDR_EL1", 3, 1, 0, 0, 7, NULL, 0 },
	R("CTR_EL0", 3, 3, 0, 0, 1, ctr_el0_fields),
	R("CLIDR_EL1", 3, 1, 0, 0, 1, clidr_el1_fields),
	R("MPIDR_EL1", 3, 0, 0, 0, 5, mpidr_el1_fields),
};
const size_t vmm_nidregs = sizeof(vmm_idregs) / sizeof(vmm_idregs[0]);
