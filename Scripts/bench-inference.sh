#!/usr/bin/env bash
# Chapter 12's benchmark: the workbook's KV-cache decoder beside PyTorch eager
# (../shared/bench/gpt_infer_torch.py) on the same checkpoint, in one run: equality first
# (last-position logits, greedy ids), then tokens/s at batch 1 and 8, on 1 and 2 threads, with
# and without the cache, Float32 and quantized; then speculative decoding with the tiny draft.
# The peer runs in a virtual environment under .cache/ (git-ignored) on Debian's CPU-only torch
# (python3-torch, installed here if missing). The checkpoints come from `workbook train m8`
# (baby and tiny); without them the benchmark times an untrained baby model. Extra arguments go
# to `workbook bench`.
#
#   bash Scripts/bench-inference.sh
set -euo pipefail
cd "$(dirname "$0")/.."

if ! /usr/bin/python3 -c "import torch" 2>/dev/null; then
    echo "Installing Debian's CPU-only PyTorch (python3-torch) for the inference peer"
    apt-get install -y python3-torch
fi
venv=.cache/venvs/inference-peers
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import torch, safetensors" 2>/dev/null; then
    /usr/bin/python3 -m venv --system-site-packages "$venv"
    "$venv/bin/pip" install --quiet "safetensors==0.8.0" "numpy<2"
fi
source Scripts/openblas-environment.sh
swift run -c release workbook bench --part inference --inference-python "$venv/bin/python" "$@"
