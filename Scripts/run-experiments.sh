#!/usr/bin/env bash
# The workbook's main job: install the system packages, run every outcome suite in release
# mode with its verdicts and experiment records captured, then regenerate EXPERIMENTS.md,
# the plots in visualizations/ and the results shown in Chapters/ from exactly that run.
#
# Results go to .results.new/ and replace .results/ only when the run has finished, so
# `workbook log` always reads one complete run. Exits with the test run's status.
set -uo pipefail
cd "$(dirname "$0")/.."

bash Scripts/install-system-packages.sh || exit 1
bash Scripts/fetch-data.sh || exit 1
source Scripts/openblas-environment.sh

rm -rf .results.new
mkdir -p .results.new/attachments
swift test -c release --disable-testable-imports \
  --event-stream-output-path .results.new/events.jsonl --event-stream-version 0 \
  --attachments-path .results.new/attachments
status=$?

if [ ! -s .results.new/events.jsonl ]; then
  echo "The test run produced no results (status $status); EXPERIMENTS.md left as it was." >&2
  exit $(( status == 0 ? 1 : status ))
fi
rm -rf .results && mv .results.new .results

swift run -c release workbook log || exit 1
if [ $status -ne 0 ]; then
  echo "Some outcome tests failed: EXPERIMENTS.md shows which experiments and outcomes." >&2
fi
exit $status
