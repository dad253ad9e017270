#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Attestation evidence for the attest tests, built from the public formats
alone so that `vmmctl attest show|verify` is checked against an independent
encoder: an Arm CCA token, an AMD SEV-SNP report (and its certificate
table) and an Intel TDX quote, each with the JSON subset that
`vmmctl -j attest show` must reproduce.

  attest-gen.py keys DIR
  attest-gen.py cca --keys DIR --nonce HEX --out FILE --expect FILE.json
                [--envelope tag399|cmw] [--rak-format raw|cose-key]
                [--hash sha-256|sha-512] [--rak-hash sha-256|sha-512]
  attest-gen.py snp --keys DIR --nonce HEX --out FILE --expect FILE.json
                [--version 2|3|4|5] [--signer vcek|vlek] [--aux FILE]
                [--family 0x19|0x1a] [--guid-order rfc4122|efi]
  attest-gen.py tdx --keys DIR --nonce HEX --out FILE --expect FILE.json
                [--version 4|5] [--body td10|td15]

The nonce is always 64 bytes (128 hex digits): it is the realm challenge,
REPORT_DATA or REPORTDATA.  Python 3 with cbor2 and cryptography only."""
import argparse
import datetime
import hashlib
import json
import os
import struct
import sys
import uuid

import cbor2
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature
from cryptography.x509.oid import NameOID


def die(msg):
    sys.stderr.write("attest-gen: %s\n" % msg)
    sys.exit(2)


def pat(start, n):
    # Incrementing bytes from a per-field start: every field differs from
    # its neighbours, and a shifted offset or a reversed byte order shows.
    return bytes((start + i) & 0xFF for i in range(n))


def nonce_arg(text):
    try:
        b = bytes.fromhex(text)
    except ValueError:
        raise argparse.ArgumentTypeError("not hex: %r" % text)
    if len(b) != 64:
        raise argparse.ArgumentTypeError("the nonce must be 64 bytes, got %d" % len(b))
    return b


def write(path, data, private=False):
    with open(path, "wb") as f:
        f.write(data)
    if private:
        os.chmod(path, 0o600)


def write_expect(path, obj):
    with open(path, "w") as f:
        json.dump(obj, f, indent=2, sort_keys=True)
        f.write("\n")


def load_key(path):
    with open(path, "rb") as f:
        return serialization.load_pem_private_key(f.read(), None)


def load_cert(path):
    with open(path, "rb") as f:
        return x509.load_pem_x509_certificate(f.read())


def ecdsa_rs(key, data, algo):
    r, s = decode_dss_signature(key.sign(data, ec.ECDSA(algo)))
    return r, s


# ---------------------------------------------------------------- keys

def priv_pem(key):
    return key.private_bytes(serialization.Encoding.PEM,
                             serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


def pub_pem(key):
    return key.public_key().public_bytes(serialization.Encoding.PEM,
                                         serialization.PublicFormat.SubjectPublicKeyInfo)


def name(cn):
    return x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "XX"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "vmmctl test"),
                      x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def cert(cn, key, issuer_cn, issuer_key, ca):
    # Fixed validity: tests must not depend on the clock of the day.
    b = (x509.CertificateBuilder()
         .subject_name(name(cn)).issuer_name(name(issuer_cn))
         .public_key(key.public_key())
         .serial_number(x509.random_serial_number())
         .not_valid_before(datetime.datetime(2024, 1, 1))
         .not_valid_after(datetime.datetime(2049, 12, 31))
         .add_extension(x509.BasicConstraints(ca=ca, path_length=1 if ca else None), critical=True)
         .add_extension(x509.KeyUsage(digital_signature=not ca, content_commitment=False,
                                      key_encipherment=False, data_encipherment=False,
                                      key_agreement=False, key_cert_sign=ca, crl_sign=ca,
                                      encipher_only=False, decipher_only=False), critical=True)
         .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
         .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()),
                        critical=False))
    return b.sign(issuer_key, hashes.SHA384())


def cmd_keys(a):
    d = a.dir
    os.makedirs(d, exist_ok=True)
    p384 = ec.SECP384R1()
    for stem in ("cca-cpak", "cca-rak"):
        k = ec.generate_private_key(p384)
        write(os.path.join(d, stem + ".pem"), priv_pem(k), private=True)
        write(os.path.join(d, stem + ".pub.pem"), pub_pem(k))
    # AMD signs ARK, ASK and V[CL]EK certificates with RSASSA-PSS (RSA-4096
    # ARK/ASK); cryptography 38 cannot build PSS-signed certificates, so the
    # test chain uses P-384 keys and ECDSA-SHA384 throughout.  The real VLEK
    # is signed by the ASVK, not the ASK; one intermediate serves both here.
    ark = ec.generate_private_key(p384)
    ask = ec.generate_private_key(p384)
    vcek = ec.generate_private_key(p384)
    vlek = ec.generate_private_key(p384)
    other = ec.generate_private_key(p384)
    certs = {
        "snp-ark": (ark, cert("ARK-Test", ark, "ARK-Test", ark, True)),
        "snp-ask": (ask, cert("SEV-Test", ask, "ARK-Test", ark, True)),
        "snp-vcek": (vcek, cert("SEV-VCEK", vcek, "SEV-Test", ask, False)),
        "snp-vlek": (vlek, cert("SEV-VLEK", vlek, "SEV-Test", ask, False)),
    }
    for stem, (k, c) in certs.items():
        write(os.path.join(d, stem + ".pem"), priv_pem(k), private=True)
        write(os.path.join(d, stem + ".crt"), c.public_bytes(serialization.Encoding.PEM))
    write(os.path.join(d, "snp-vcek.der"),
          certs["snp-vcek"][1].public_bytes(serialization.Encoding.DER))
    write(os.path.join(d, "snp-other.crt"),
          cert("Other", other, "Other", other, True).public_bytes(serialization.Encoding.PEM))
    for stem in ("tdx-ak", "tdx-other"):
        write(os.path.join(d, stem + ".pem"), priv_pem(ec.generate_private_key(ec.SECP256R1())),
              private=True)


# ---------------------------------------------------------------- CCA
#
# Claim keys (RMM DEN0137 1.0-rel0 A7.2.3 and 2.0 A7.2.3; draft-ffm-rats-
# cca-token): realm 10 challenge, 265 profile, 44235 personalization,
# 44236 hash algo, 44237 public key, 44238 RIM, 44239 REMs, 44240 public key
# hash algo; 2.0 adds 256 realm instance id and 44243 MEC policy (0 shared).
# Platform 265 profile, 10 challenge, 2396 implementation id, 256 instance
# id, 2401 config, 2395 lifecycle, 2399 sw components {1 type, 2 value,
# 4 version, 5 signer id, 6 hash algo}, 2400 verification service, 2402
# hash algo; 2.0 adds 2394 client id (1 = RMSD).
#
# Envelopes:
#   tag399: RMM 1.0-rel0 and draft-ffm-rats-cca-token-00/-01:
#           399({44234: bstr(platform), 44241: bstr(realm)})
#   cmw:    RMM 2.0 (beta) and draft-ffm-rats-cca-token-02/-03: a CMW
#           collection (draft-ietf-rats-msg-wrap-14..-20, which asked for
#           CBOR tag 907) whose records are [263, bstr(COSE_Sign1_Tagged)],
#           263 being the CoAP content format of application/eat+cwt:
#           907({44234: [263, bstr(platform)], 44241: [263, bstr(realm)]})
#           No "__cmwc_t" entry: the CCA drafts define none.
# Profiles: 1.0 "tag:arm.com,2023:cca_platform#1.0.0" / "...,2023:realm#1.0.0",
# 2.0 "tag:arm.com,2024:cca_platform#2.0.0" / "...,2024:realm#2.0.0".
# The raw 97-byte RAK is the RMM 1.0-eac form; its tokens carry no realm
# profile, so the realm profile is emitted only with the COSE_Key form.

HASHES = {"sha-256": (hashlib.sha256, 32), "sha-512": (hashlib.sha512, 64)}
CCA_CMW_TAG = 907
CCA_EAT_CWT_CF = 263


def cose_sign1(key, claims):
    protected = cbor2.dumps({1: -35})              # alg: ES384 (RFC 9053)
    payload = cbor2.dumps(claims)
    tbs = cbor2.dumps(["Signature1", protected, b"", payload])   # RFC 9052 4.4
    r, s = ecdsa_rs(key, tbs, hashes.SHA384())
    sig = r.to_bytes(48, "big") + s.to_bytes(48, "big")
    return cbor2.dumps(cbor2.CBORTag(18, [protected, {}, payload, sig]))


def cmd_cca(a):
    cpak = load_key(os.path.join(a.keys, "cca-cpak.pem"))
    rak = load_key(os.path.join(a.keys, "cca-rak.pem"))
    v2 = a.envelope == "cmw"
    hfun, hlen = HASHES[a.hash]
    rak_hfun = HASHES[a.rak_hash][0]

    nums = rak.public_key().public_numbers()
    if a.rak_format == "raw":
        rak_claim = rak.public_key().public_bytes(serialization.Encoding.X962,
                                                  serialization.PublicFormat.UncompressedPoint)
    else:
        # COSE_Key: kty EC2 (2), crv P-384 (2), x, y
        rak_claim = cbor2.dumps({1: 2, -1: 2, -2: nums.x.to_bytes(48, "big"),
                                 -3: nums.y.to_bytes(48, "big")})

    realm_profile = "tag:arm.com,2024:realm#2.0.0" if v2 else "tag:arm.com,2023:realm#1.0.0"
    pv = pat(0x40, 64)
    rim = pat(0x80, hlen)
    rem = [pat(0x90 + 0x10 * i, hlen) for i in range(4)]
    realm = {10: a.nonce}
    if a.rak_format == "cose-key":
        realm[265] = realm_profile
    if v2:
        realm[256] = b"\x01" + pat(0x33, 32)
    realm.update({44235: pv, 44238: rim, 44239: rem, 44236: a.hash,
                  44237: rak_claim, 44240: a.rak_hash})
    if v2:
        realm[44243] = 0

    # The platform challenge binds the two tokens: the hash of the realm
    # public key claim's bytes, with the realm's public key hash algorithm.
    challenge = rak_hfun(rak_claim).digest()
    plat_profile = ("tag:arm.com,2024:cca_platform#2.0.0" if v2
                    else "tag:arm.com,2023:cca_platform#1.0.0")
    impl_id = pat(0xA0, 32)
    inst_id = b"\x01" + pat(0xC0, 32)
    config = bytes.fromhex("cfcfcf01")
    lifecycle = 0x3003                             # secured, IMPDEF 03
    vsi = "https://verifier.example/cca/v1"
    comps = [
        {"type": "BL1", "measurement": pat(0x01, 32), "version": "1.2.3",
         "signer_id": pat(0x21, 32)},
        {"type": "BL2", "measurement": pat(0x41, 32), "version": "2.4.6",
         "signer_id": pat(0x61, 32)},
        {"type": "RMM", "measurement": pat(0x81, 64), "version": "0.9.1",
         "signer_id": pat(0xC1, 32), "hash_algo": "sha-512"},
    ]
    sw = []
    for c in comps:
        m = {1: c["type"], 2: c["measurement"], 4: c["version"], 5: c["signer_id"]}
        if "hash_algo" in c:
            m[6] = c["hash_algo"]
        sw.append(m)
    platform = {265: plat_profile, 10: challenge, 2396: impl_id, 256: inst_id,
                2401: config, 2395: lifecycle, 2399: sw, 2400: vsi, 2402: "sha-256"}
    if v2:
        platform[2394] = 1

    ptok = cose_sign1(cpak, platform)
    rtok = cose_sign1(rak, realm)
    if v2:
        top = cbor2.CBORTag(CCA_CMW_TAG, {44234: [CCA_EAT_CWT_CF, ptok],
                                          44241: [CCA_EAT_CWT_CF, rtok]})
    else:
        top = cbor2.CBORTag(399, {44234: ptok, 44241: rtok})
    out = cbor2.dumps(top)
    write(a.out, out)

    exp_sw = []
    for c in comps:
        e = {"type": c["type"], "measurement": c["measurement"].hex(),
             "version": c["version"], "signer_id": c["signer_id"].hex()}
        if "hash_algo" in c:
            e["hash_algo"] = c["hash_algo"]
        exp_sw.append(e)
    exp_realm = {"alg": "ES384", "challenge": a.nonce.hex(), "personalization": pv.hex(),
                 "hash_algo": a.hash, "rim": rim.hex(), "rem": [x.hex() for x in rem],
                 "public_key": rak_claim.hex(), "public_key_format": a.rak_format,
                 "public_key_hash_algo": a.rak_hash}
    if 265 in realm:
        exp_realm["profile"] = realm_profile
    write_expect(a.expect, {
        "format": "cca", "size": len(out),
        "cca": {"envelope": a.envelope,
                "platform": {"alg": "ES384", "profile": plat_profile,
                             "challenge": challenge.hex(), "implementation_id": impl_id.hex(),
                             "instance_id": inst_id.hex(), "config": config.hex(),
                             "lifecycle": lifecycle, "hash_algo": "sha-256",
                             "verification_service": vsi, "sw_components": exp_sw},
                "realm": exp_realm}})


# ---------------------------------------------------------------- SEV-SNP
#
# ATTESTATION_REPORT (AMD pub. 56860, ABI 1.58, "ATTESTATION_REPORT
# Structure"), little-endian, 0x4A0 bytes:
#   0x000 u32 VERSION            0x004 u32 GUEST_SVN        0x008 u64 POLICY
#   0x010 16  FAMILY_ID          0x020 16  IMAGE_ID         0x030 u32 VMPL
#   0x034 u32 SIGNATURE_ALGO (1 = ECDSA P-384 SHA-384)       0x038 u64 CURRENT_TCB
#   0x040 u64 PLATFORM_INFO      0x048 u32 key info: b0 AUTHOR_KEY_EN,
#             b1 MASK_CHIP_KEY, b4:2 SIGNING_KEY (0 VCEK, 1 VLEK, 7 none)
#   0x04C u32 reserved           0x050 64  REPORT_DATA      0x090 48  MEASUREMENT
#   0x0C0 32  HOST_DATA          0x0E0 48  ID_KEY_DIGEST    0x110 48  AUTHOR_KEY_DIGEST
#   0x140 32  REPORT_ID          0x160 32  REPORT_ID_MA     0x180 u64 REPORTED_TCB
#   0x188 u8  CPUID_FAM_ID, 0x189 u8 CPUID_MOD_ID, 0x18A u8 CPUID_STEP (v3+;
#             reserved in v2)    0x18B..0x19F reserved
#   0x1A0 64  CHIP_ID            0x1E0 u64 COMMITTED_TCB
#   0x1E8 u8  CURRENT_BUILD, 0x1E9 CURRENT_MINOR, 0x1EA CURRENT_MAJOR, 0x1EB rsvd
#   0x1EC u8  COMMITTED_BUILD, 0x1ED COMMITTED_MINOR, 0x1EE COMMITTED_MAJOR, 0x1EF rsvd
#   0x1F0 u64 LAUNCH_TCB
#   0x1F8 u64 LAUNCH_MIT_VECTOR, 0x200 u64 CURRENT_MIT_VECTOR (v5; reserved before)
#   0x208..0x29F reserved
#   0x2A0 SIGNATURE over 0x000..0x29F: R at +0x00 and S at +0x48, each 72
#         bytes little-endian zero-extended; +0x90..+0x1FF zero.
# POLICY: b7:0 ABI_MINOR, b15:8 ABI_MAJOR, b16 SMT, b17 reserved (must be 1),
#   b18 MIGRATE_MA, b19 DEBUG, b20 SINGLE_SOCKET, b21 CXL_ALLOW,
#   b22 MEM_AES_256_XTS, b23 RAPL_DIS, b24 CIPHERTEXT_HIDING, b25 PAGE_SWAP_DISABLE.
# PLATFORM_INFO: b0 SMT_EN, b1 TSME_EN, b2 ECC_EN, b3 RAPL_DIS,
#   b4 CIPHERTEXT_HIDING_EN, b5 ALIAS_CHECK_COMPLETE, b6 reserved, b7 TIO_EN.
# TCB_VERSION bytes: family 19h (Milan, Genoa) BOOT_LOADER, TEE, 0, 0, 0, 0,
#   SNP, MICROCODE; family 1Ah (Turin) FMC, BOOT_LOADER, TEE, SNP, 0, 0, 0,
#   MICROCODE.  Version 4 is laid out as version 3 here.
# MASK_CHIP_KEY stays 0: with it set the firmware leaves SIGNATURE zero.
#
# Certificate table (GHCB 56421 4.1.8.1; configfs-tsm auxblob of sev_guest):
# {GUID[16], u32 offset, u32 length} entries, offsets from the table start,
# an all-zero entry last, then the DER certificates.  AMD's and Google's
# tools (virtee/sev, go-sev-guest) store the GUID in RFC 4122 byte order
# (as the string reads); --guid-order efi gives the mixed-endian EFI form.

SNP_GUIDS = {"vcek": "63da758d-e664-4564-adc5-f4b93be8accd",
             "vlek": "a8074bc2-a25a-483e-aae6-39c045a0b8a1",
             "ask": "4ab7b379-bbac-4fe4-a02f-05aef327c782",
             "ark": "c0b406a4-a803-4952-9743-3fb6014cd0ae"}


def snp_tcb(family, fmc, bl, tee, snp, ucode):
    if family == 0x1A:
        b = bytes([fmc, bl, tee, snp, 0, 0, 0, ucode])
    else:
        b = bytes([bl, tee, 0, 0, 0, 0, snp, ucode])
    raw = int.from_bytes(b, "little")
    d = {"raw": raw, "bootloader": bl, "tee": tee, "snp": snp, "microcode": ucode}
    if family == 0x1A:
        d["fmc"] = fmc
    return raw, d


def cert_table(entries, order):
    head = 24 * (len(entries) + 1)
    table, blobs, off = b"", b"", head
    for guid, der in entries:
        u = uuid.UUID(guid)
        table += (u.bytes if order == "rfc4122" else u.bytes_le) + struct.pack("<II", off, len(der))
        blobs += der
        off += len(der)
    return table + bytes(24) + blobs


def cmd_snp(a):
    fam, ver = a.family, a.version
    if fam == 0x1A and ver < 3:
        die("family 0x1a (Turin) reports are version 3 or later; a version 2 "
            "report carries no CPUID to tell its TCB layout")
    key = load_key(os.path.join(a.keys, "snp-%s.pem" % a.signer))

    pol = {"abi_minor": 0x37, "abi_major": 0x01, "smt": True, "migrate_ma": False,
           "debug": False, "single_socket": True, "cxl_allow": False,
           "mem_aes_256_xts": True, "rapl_dis": False, "ciphertext_hiding": True,
           "page_swap_disable": ver >= 5}
    bits = {"smt": 16, "migrate_ma": 18, "debug": 19, "single_socket": 20, "cxl_allow": 21,
            "mem_aes_256_xts": 22, "rapl_dis": 23, "ciphertext_hiding": 24,
            "page_swap_disable": 25}
    policy = pol["abi_minor"] | pol["abi_major"] << 8 | 1 << 17
    for k, b in bits.items():
        if pol[k]:
            policy |= 1 << b

    # Bits that only later firmware reports stay clear on older versions.
    pi = {"smt_enabled": True, "tsme_enabled": False, "ecc_enabled": True,
          "rapl_disabled": True, "ciphertext_hiding_enabled": False,
          "alias_check_complete": ver >= 3, "tio_enabled": ver >= 5}
    pbits = {"smt_enabled": 0, "tsme_enabled": 1, "ecc_enabled": 2, "rapl_disabled": 3,
             "ciphertext_hiding_enabled": 4, "alias_check_complete": 5, "tio_enabled": 7}
    plat = sum(1 << b for k, b in pbits.items() if pi[k])

    signing_key = {"vcek": 0, "vlek": 1}[a.signer]
    key_info = 1 | 0 << 1 | signing_key << 2       # AUTHOR_KEY_EN, MASK_CHIP_KEY 0

    cur_raw, cur = snp_tcb(fam, 0x02, 0x09, 0x01, 0x18, 0xDB)
    rep_raw, rep = snp_tcb(fam, 0x01, 0x07, 0x00, 0x14, 0xD1)
    com_raw, com = snp_tcb(fam, 0x02, 0x08, 0x01, 0x16, 0xD5)
    lau_raw, lau = snp_tcb(fam, 0x01, 0x08, 0x00, 0x15, 0xD3)
    model, stepping = (0x11, 0x01) if fam == 0x19 else (0x02, 0x01)

    guest_svn, vmpl = 0x2A, 1
    family_id, image_id = pat(0x10, 16), pat(0x20, 16)
    measurement, host_data = pat(0x30, 48), pat(0x60, 32)
    id_key_digest, author_key_digest = pat(0x80, 48), pat(0xB0, 48)
    report_id, report_id_ma = pat(0xE0, 32), pat(0x05, 32)
    # Turin CHIP_IDs are 8 bytes, zero-padded: tools tell the family by it.
    chip_id = pat(0x70, 64) if fam == 0x19 else pat(0x70, 8) + bytes(56)
    cur_v, com_v = (0x01, 0x37, 0x20), (0x01, 0x37, 0x1E)   # major, minor, build
    launch_mit, current_mit = 0x13, 0x17

    r = bytearray(0x4A0)
    struct.pack_into("<IIQ", r, 0x000, ver, guest_svn, policy)
    r[0x010:0x020] = family_id
    r[0x020:0x030] = image_id
    struct.pack_into("<IIQQI", r, 0x030, vmpl, 1, cur_raw, plat, key_info)
    r[0x050:0x090] = a.nonce
    r[0x090:0x0C0] = measurement
    r[0x0C0:0x0E0] = host_data
    r[0x0E0:0x110] = id_key_digest
    r[0x110:0x140] = author_key_digest
    r[0x140:0x160] = report_id
    r[0x160:0x180] = report_id_ma
    struct.pack_into("<Q", r, 0x180, rep_raw)
    if ver >= 3:
        r[0x188:0x18B] = bytes([fam, model, stepping])
    r[0x1A0:0x1E0] = chip_id
    struct.pack_into("<Q", r, 0x1E0, com_raw)
    r[0x1E8:0x1EB] = bytes([cur_v[2], cur_v[1], cur_v[0]])
    r[0x1EC:0x1EF] = bytes([com_v[2], com_v[1], com_v[0]])
    struct.pack_into("<Q", r, 0x1F0, lau_raw)
    if ver >= 5:
        struct.pack_into("<QQ", r, 0x1F8, launch_mit, current_mit)
    sr, ss = ecdsa_rs(key, bytes(r[:0x2A0]), hashes.SHA384())
    r[0x2A0:0x2A0 + 72] = sr.to_bytes(72, "little")
    r[0x2E8:0x2E8 + 72] = ss.to_bytes(72, "little")
    write(a.out, bytes(r))

    if a.aux:
        der = lambda stem: load_cert(os.path.join(a.keys, stem + ".crt")).public_bytes(
            serialization.Encoding.DER)
        write(a.aux, cert_table([(SNP_GUIDS[a.signer], der("snp-" + a.signer)),
                                 (SNP_GUIDS["ask"], der("snp-ask")),
                                 (SNP_GUIDS["ark"], der("snp-ark"))], a.guid_order))

    snp = {"version": ver, "guest_svn": guest_svn,
           "policy": dict(pol, raw=policy),
           "family_id": family_id.hex(), "image_id": image_id.hex(), "vmpl": vmpl,
           "signature_algo": 1,
           "current_tcb": cur, "reported_tcb": rep, "committed_tcb": com, "launch_tcb": lau,
           "platform_info": dict(pi, raw=plat),
           "author_key_en": True, "mask_chip_key": False, "signing_key": a.signer,
           "report_data": a.nonce.hex(), "measurement": measurement.hex(),
           "host_data": host_data.hex(), "id_key_digest": id_key_digest.hex(),
           "author_key_digest": author_key_digest.hex(), "report_id": report_id.hex(),
           "report_id_ma": report_id_ma.hex(), "chip_id": chip_id.hex(),
           "current_version": "%d.%d.%d" % cur_v, "committed_version": "%d.%d.%d" % com_v,
           "signature": {"r": "%096x" % sr, "s": "%096x" % ss}}
    if ver >= 3:
        snp["cpuid"] = {"family": fam, "model": model, "stepping": stepping}
    if ver >= 5:
        snp["launch_mit_vector"] = launch_mit
        snp["current_mit_vector"] = current_mit
    write_expect(a.expect, {"format": "snp", "size": len(r), "snp": snp})


# ---------------------------------------------------------------- TDX
#
# Quote v4/v5 (Intel TDX DCAP Quoting Library API, appendix "Quote format";
# sgx_quote_4.h, sgx_quote_5.h), little-endian:
#   header 48: u16 version, u16 att key type (2 = ECDSA-256-with-P-256),
#     u32 TEE type (0x81 TDX), u16 QE SVN, u16 PCE SVN (sgx_quote_4.h names
#     these four bytes "reserved" for TDX), 16 QE vendor id, 20 user data
#   v5 only: u16 body type (2 TD report 1.0, 3 TD report 1.5), u32 body size
#   TD report 1.0 body, 584: TEE_TCB_SVN 16, MRSEAM 48, MRSIGNERSEAM 48,
#     SEAMATTRIBUTES 8, TDATTRIBUTES 8, XFAM 8, MRTD 48, MRCONFIGID 48,
#     MROWNER 48, MROWNERCONFIG 48, RTMR0..3 4x48, REPORTDATA 64
#   TD report 1.5 body, 648: the above, then TEE_TCB_SVN2 16, MRSERVICETD 48
#   u32 signature data length, then: ECDSA-P256 signature r||s (big-endian)
#     over SHA-256 of header [+ body descriptor] + body, attestation public
#     key x||y, u16 certification data type 6, u32 size, and the QE report
#     certification data: QE report 384, its signature 64, u16 QE auth data
#     size + data, u16 type 5 + u32 size + PCK certificate chain (PEM).
# TDATTRIBUTES: b0 DEBUG, b28 SEPT_VE_DISABLE, b29 MIGRATABLE, b30 PKS,
#   b31 KL, b62 TPA, b63 PERFMON.  XFAM follows XCR0: b0 x87, b1 SSE,
#   b2 AVX, b5..b7 AVX-512 (opmask, ZMM_Hi256, Hi16_ZMM).

INTEL_QE_VENDOR = bytes.fromhex("939a7233f79c4ca9940a0db3957f0607")


def cmd_tdx(a):
    if a.version == 4 and a.body == "td15":
        die("a version 4 quote carries only a TD report 1.0 body")
    ak = load_key(os.path.join(a.keys, "tdx-ak.pem"))
    qe_svn, pce_svn = 0x0009, 0x000D
    user_data = pat(0x50, 20)
    header = struct.pack("<HHIHH16s20s", a.version, 2, 0x81, qe_svn, pce_svn,
                         INTEL_QE_VENDOR, user_data)

    td_attr = 1 << 28 | 1 << 30                    # SEPT_VE_DISABLE, PKS; DEBUG off
    xfam = 0x07 | 0xE0                             # x87, SSE, AVX, AVX-512
    f = {"tee_tcb_svn": pat(0x03, 16), "mrseam": pat(0x10, 48),
         "mrsignerseam": pat(0x40, 48), "seam_attributes": bytes(8),   # MBZ in TDX 1.0
         "mrtd": pat(0x70, 48), "mrconfigid": pat(0xA0, 48), "mrowner": pat(0xD0, 48),
         "mrownerconfig": pat(0x08, 48)}
    rtmr = [pat(0x38 + 0x30 * i, 48) for i in range(4)]
    body = (f["tee_tcb_svn"] + f["mrseam"] + f["mrsignerseam"] + f["seam_attributes"]
            + struct.pack("<QQ", td_attr, xfam) + f["mrtd"] + f["mrconfigid"]
            + f["mrowner"] + f["mrownerconfig"] + b"".join(rtmr) + a.nonce)
    if a.body == "td15":
        f["tee_tcb_svn2"], f["mrservicetd"] = pat(0x13, 16), pat(0xC8, 48)
        body += f["tee_tcb_svn2"] + f["mrservicetd"]
    desc = b""
    if a.version == 5:
        desc = struct.pack("<HI", 2 if a.body == "td10" else 3, len(body))
    signed = header + desc + body

    sr, ss = ecdsa_rs(ak, signed, hashes.SHA256())
    nums = ak.public_key().public_numbers()
    ak_pub = nums.x.to_bytes(32, "big") + nums.y.to_bytes(32, "big")

    # QE report: an SGX report body whose REPORTDATA is SHA-256(attestation
    # key || QE auth data) padded with zeros; signed by a throwaway "PCK".
    qe_auth = pat(0x00, 32)
    qe_report = (pat(0x0C, 16) + struct.pack("<I", 0) + bytes(28) + pat(0x07, 16)
                 + pat(0x90, 32) + bytes(32) + pat(0xB8, 32) + bytes(96)
                 + struct.pack("<HH", 1, 8) + bytes(60)
                 + hashlib.sha256(ak_pub + qe_auth).digest() + bytes(32))
    pck = ec.generate_private_key(ec.SECP256R1())
    qr, qs = ecdsa_rs(pck, qe_report, hashes.SHA256())
    pck_pem = cert("PCK-Test", pck, "PCK-Test", pck, False).public_bytes(serialization.Encoding.PEM)
    qe_cd = (qe_report + qr.to_bytes(32, "big") + qs.to_bytes(32, "big")
             + struct.pack("<H", len(qe_auth)) + qe_auth
             + struct.pack("<HI", 5, len(pck_pem)) + pck_pem)
    sig_data = (sr.to_bytes(32, "big") + ss.to_bytes(32, "big") + ak_pub
                + struct.pack("<HI", 6, len(qe_cd)) + qe_cd)
    quote = signed + struct.pack("<I", len(sig_data)) + sig_data
    write(a.out, quote)

    eb = {k: v.hex() for k, v in f.items()}
    eb["td_attributes"] = {"raw": td_attr, "debug": False, "sept_ve_disable": True,
                           "pks": True, "kl": False, "perfmon": False}
    eb["xfam"] = xfam
    eb["rtmr"] = [x.hex() for x in rtmr]
    eb["report_data"] = a.nonce.hex()
    write_expect(a.expect, {
        "format": "tdx", "size": len(quote),
        "tdx": {"version": a.version,
                "header": {"att_key_type": 2, "tee_type": 0x81, "qe_svn": qe_svn,
                           "pce_svn": pce_svn, "qe_vendor_id": INTEL_QE_VENDOR.hex(),
                           "user_data": user_data.hex()},
                "body_type": a.body, "body": eb,
                "signature": {"r": "%064x" % sr, "s": "%064x" % ss},
                "attestation_key": ak_pub.hex(), "certification_data_type": 6}})


# ---------------------------------------------------------------- main

def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = p.add_subparsers(dest="cmd", required=True)

    k = sub.add_parser("keys", help="write fresh test keys and certificates into DIR")
    k.add_argument("dir")

    def common(sp):
        sp.add_argument("--keys", required=True, help="directory written by 'keys'")
        sp.add_argument("--nonce", required=True, type=nonce_arg, help="64 bytes in hex")
        sp.add_argument("--out", required=True)
        sp.add_argument("--expect", required=True)

    c = sub.add_parser("cca", help="Arm CCA attestation token")
    common(c)
    c.add_argument("--envelope", choices=("tag399", "cmw"), default="tag399")
    c.add_argument("--rak-format", choices=("raw", "cose-key"), default="cose-key")
    c.add_argument("--hash", choices=tuple(HASHES), default="sha-256",
                   help="realm hash algorithm (RIM and REM size)")
    c.add_argument("--rak-hash", choices=tuple(HASHES), default="sha-256",
                   help="realm public key hash algorithm (platform challenge)")

    s = sub.add_parser("snp", help="AMD SEV-SNP attestation report")
    common(s)
    s.add_argument("--version", type=int, choices=(2, 3, 4, 5), default=5)
    s.add_argument("--signer", choices=("vcek", "vlek"), default="vcek")
    s.add_argument("--aux", help="also write the certificate table here")
    s.add_argument("--family", type=lambda x: int(x, 0), choices=(0x19, 0x1A), default=0x19)
    s.add_argument("--guid-order", choices=("rfc4122", "efi"), default="rfc4122")

    t = sub.add_parser("tdx", help="Intel TDX quote")
    common(t)
    t.add_argument("--version", type=int, choices=(4, 5), default=4)
    t.add_argument("--body", choices=("td10", "td15"), default="td10")

    a = p.parse_args()
    {"keys": cmd_keys, "cca": cmd_cca, "snp": cmd_snp, "tdx": cmd_tdx}[a.cmd](a)


if __name__ == "__main__":
    main()
