#!/usr/bin/env bash
# The benchmark, in release mode: GEMM on both kernels (fp32 and fp64, as fractions of OpenBLAS
# and of one core's measured peak), M1's and M4's runs, the GPT training step of the baby
# setting on 1 and 2 cores (beside PyTorch when --torch-python is given), memory over 1,000
# training steps, and the outcome suite's wall time. Extra arguments go to `workbook bench`.
#
#   bash Scripts/bench.sh                                   # the workbook alone
#   bash Scripts/bench.sh --torch-python "$VENV/bin/python" # beside the PyTorch peer
set -euo pipefail
cd "$(dirname "$0")/.."

bash Scripts/install-system-packages.sh
source Scripts/openblas-environment.sh
swift test list -c release --disable-testable-imports > /dev/null   # builds the outcome suites, so --suite times only their run
swift run -c release workbook bench --suite "$@"
