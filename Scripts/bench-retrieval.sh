#!/usr/bin/env bash
# Chapter 11's benchmark: MiniLM embeddings beside sentence-transformers (1 and 2 threads), BM25
# queries beside rank_bm25, and HNSW on 100,000 vectors beside hnswlib, in one run. The peers go
# into a virtual environment under .cache/ (git-ignored) the first time, on Debian's CPU-only
# torch (python3-torch, installed here if missing: PyPI's torch is a CUDA build of several GB). Extra arguments go to
# `workbook bench`.
#
#   bash Scripts/bench-retrieval.sh
set -euo pipefail
cd "$(dirname "$0")/.."

if ! /usr/bin/python3 -c "import torch" 2>/dev/null; then
    echo "Installing Debian's CPU-only PyTorch (python3-torch) for the sentence-transformers peer"
    apt-get install -y python3-torch
fi
venv=.cache/venvs/retrieval-peers
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import sentence_transformers, rank_bm25, hnswlib" 2>/dev/null; then
    /usr/bin/python3 -m venv --system-site-packages "$venv"
    "$venv/bin/pip" install --quiet "sentence-transformers==2.7.0" "transformers==4.40.2" "numpy<2" "scikit-learn<1.6" "scipy<1.14" \
        "rank_bm25==0.2.2" "hnswlib==0.8.0"
fi
bash Scripts/fetch-data.sh
source Scripts/openblas-environment.sh
HF_HUB_OFFLINE=1 swift run -c release workbook bench --part retrieval --retrieval-python "$venv/bin/python" "$@"
