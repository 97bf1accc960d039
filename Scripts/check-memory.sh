#!/usr/bin/env bash
# Runs the suites that exercise unsafe pointer code under AddressSanitizer: the fast GPT path
# (its kernels, backward passes and sampling), the matrix kernels (OpenBLAS and the reference
# loops) and the tokenizer. A release build with ASan, in its own scratch folder so the normal
# build is untouched. Fails on any failing test and on any AddressSanitizer or LeakSanitizer
# report (Scripts/lsan-suppressions.txt lists the two toolchain objects kept until exit).
set -uo pipefail
cd "$(dirname "$0")/.."
source Scripts/openblas-environment.sh >/dev/null

suites='NumericsTests|BPETokenizerTests|GPTTests'
log=$(mktemp)
trap 'rm -f "$log"' EXIT

export LSAN_OPTIONS="suppressions=$PWD/Scripts/lsan-suppressions.txt${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
echo "AddressSanitizer: building and running $suites (release, .build/asan)…"
swift test -c release --sanitize=address --scratch-path .build/asan --filter "$suites" >"$log" 2>&1
status=$?
if grep -qE "ERROR: (Address|Leak)Sanitizer" "$log"; then
  grep -A30 -E "ERROR: (Address|Leak)Sanitizer" "$log" >&2
  echo "check-memory: the sanitizer reported an error (above)." >&2
  exit 1
fi
if [ $status -ne 0 ]; then
  grep -E "✘|error:|Sanitizer" "$log" | head -40 >&2
  echo "check-memory: the sanitized run failed (status $status)." >&2
  exit $status
fi
grep -E "^✔ Test run with" "$log"
echo "check-memory: no AddressSanitizer or LeakSanitizer reports."
