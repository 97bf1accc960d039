#!/usr/bin/env bash
# Chapter 10's benchmark: corpus BLEU, chrF and chrF++ over the 7,950 New Testament verse pairs,
# the workbook's Swift beside sacrebleu 2.6.0, in one run. sacrebleu goes into a virtual
# environment under .cache/ (git-ignored) the first time. Extra arguments go to `workbook bench`.
#
#   bash Scripts/bench-metrics.sh                # 5 rounds each, medians
#   bash Scripts/bench-metrics.sh --rounds 9
set -euo pipefail
cd "$(dirname "$0")/.."

venv=.cache/venvs/sacrebleu-2.6.0
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet sacrebleu==2.6.0
fi
source Scripts/openblas-environment.sh
swift run -c release workbook bench --part metrics --metrics-python "$venv/bin/python" "$@"
