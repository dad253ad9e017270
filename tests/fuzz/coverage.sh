#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# coverage.sh DIR: line coverage of each fuzz target's parser file, from
# the coverage builds in DIR (make fuzz-cov) run once over the target's
# committed corpus and seeds (-runs=0: no fuzzing, only those inputs).
# Prints "TARGET FILE LINES COVERED PERCENT"; llvm-profdata and llvm-cov
# from Debian's llvm (the -14 names are tried too).
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
dir=$1
prof=$(command -v llvm-profdata || command -v llvm-profdata-14) || { echo "no llvm-profdata"; exit 1; }
cov=$(command -v llvm-cov || command -v llvm-cov-14) || { echo "no llvm-cov"; exit 1; }
# the file each target is the fuzzer of
file_of() {
	case $1 in
	fuzz_hw_info) echo lib/iommufd_info.c ;;
	fuzz_hyp) echo lib/hyp.c ;;
	fuzz_kvm_stats) echo "lib/kvm_stats.c lib/procfs.c lib/kvm_debugfs.c" ;;
	fuzz_parse) echo cli/parse.c ;;
	fuzz_pci_decode) echo lib/pci_decode.c ;;
	fuzz_ptdump) echo "lib/ptdump.c lib/ptdump_file.c lib/ptdump_spool.c" ;;
	fuzz_snap) echo "lib/snap_check.c lib/snap_tar.c" ;;
	fuzz_tagfile) echo lib/tagfile.c ;;
	fuzz_tokenize) echo cli/tokenize.c ;;
	fuzz_attest_cca) echo "lib/attest_cca.c lib/attest.c" ;;
	fuzz_attest_snp) echo "lib/attest_snp.c lib/attest.c" ;;
	fuzz_attest_tdx) echo lib/attest_tdx.c ;;
	fuzz_idregs) echo lib/idregs.c ;;
	fuzz_vgic) echo lib/vgic.c ;;
	esac
}
printf '%-16s %-22s %6s %8s %7s\n' TARGET FILE LINES COVERED PERCENT
for bin in "$dir"/fuzz_*; do
	[ -x "$bin" ] || continue
	t=$(basename "$bin")
	rm -f "$dir/$t.profraw"
	LLVM_PROFILE_FILE="$dir/$t.profraw" "$bin" -runs=0 \
		$(ls -d "$top/tests/fuzz/corpus/$t" 2>/dev/null) "$top/tests/fuzz/seeds/$t" \
		>"$dir/$t.run.log" 2>&1 || { echo "$t: the run failed ($dir/$t.run.log)"; exit 1; }
	"$prof" merge -sparse -o "$dir/$t.profdata" "$dir/$t.profraw" || exit 1
	for f in $(file_of "$t"); do
		"$cov" report "$bin" -instr-profile="$dir/$t.profdata" "$top/$f" 2>/dev/null |
			awk -v t="$t" -v f="$f" '$1 ~ /\.c$/ {
				# Filename Regions Miss Cover Functions Miss Exec Lines Miss Cover ...
				printf "%-16s %-22s %6d %8d %7s\n", t, f, $8, $8 - $9, $10 }'
	done
done
