#!/usr/bin/env bash
# Installs the Debian packages alwgs runs (bioinformatics tools, report renderers).
# Idempotent: packages already present are skipped without touching apt.
set -euo pipefail
PACKAGES=(
  bwa samtools bcftools tabix fastp mosdepth libhts-dev   # read QC, alignment, alignment QC
  freebayes delly tiddit bedtools gawk                    # small variants, structural variants
  chromium poppler-utils                                  # report screenshots and PDF pages in tests
  libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core      # weasyprint (report PDF) and its font
  time                                                    # /usr/bin/time -v for the benchmarks
  strace                                                  # the real-data test traces every file a batch run touches
  slurm-wlm munge                                         # the local single-node cluster of the SLURM test
)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "[alwgs] Debian packages: all ${#PACKAGES[@]} present"
  exit 0
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "[alwgs] installing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
