#!/usr/bin/env python3
"""Writes Fixtures/checkpoints/torch_logits.json: PyTorch's last-position logits for the
workbook's probe checkpoint (M9), so the Swift suite can check that a checkpoint it writes
means the same model to PyTorch.

Run from the package root, in a throwaway virtual environment with torch and safetensors
(Debian's CPU-only torch: `apt-get install python3-torch`, then
`/usr/bin/python3 -m venv --system-site-packages VENV && VENV/bin/pip install safetensors`):

    swift run -c release workbook fixtures --probe-checkpoint /tmp/probe.safetensors
    VENV/bin/python Scripts/reference/torch_checkpoint_logits.py /tmp/probe.safetensors

The logits come from ../shared/bench/gpt_infer_torch.py (the PyTorch inference peer),
called once per prompt.
"""
import json, subprocess, sys
import safetensors, torch
from safetensors import safe_open

checkpoint = sys.argv[1]
peer = sys.argv[2] if len(sys.argv) > 2 else "../shared/bench/gpt_infer_torch.py"
with safe_open(checkpoint, "pt") as f:
    weight_sum = sum(float(f.get_tensor(k).double().sum()) for k in f.keys())
    # Σ (i+1)·vᵢ over each tensor's values in PyTorch's order: changes if a name, a shape's
    # order or a transpose differs from what the Swift test writes.
    checksums = {k: float((f.get_tensor(k).double().flatten() * torch.arange(1, f.get_tensor(k).numel() + 1, dtype=torch.float64)).sum())
                 for k in f.keys()}
    vocab = f.metadata()["vocabulary"]
prompts = ["ROMEO:", "To be, or not to be: that is", "\n", "And Jesus said unto them,"]  # each within block_size (32)
cases = []
for text in prompts:
    ids = [vocab.index(ch) for ch in text]
    out = subprocess.run([sys.executable, peer, "--checkpoint", checkpoint, "--logits", ",".join(map(str, ids))],
                         check=True, capture_output=True, text=True).stdout
    cases.append({"text": text, "ids": ids, "logits": json.loads(out)["last_position_logits"]})
fixture = {
    "command": "swift run -c release workbook fixtures --probe-checkpoint /tmp/probe.safetensors && "
               "VENV/bin/python Scripts/reference/torch_checkpoint_logits.py /tmp/probe.safetensors",
    "peer": "shared/bench/gpt_infer_torch.py --checkpoint FILE --logits IDS",
    "versions": {"python": sys.version.split()[0], "torch": torch.__version__, "safetensors": safetensors.__version__},
    "weight_sum": weight_sum,
    "tensor_checksums": checksums,
    "cases": cases,
}
with open("Fixtures/checkpoints/torch_logits.json", "w") as out:
    json.dump(fixture, out, indent=1)
    out.write("\n")
print(f"{len(cases)} cases, weight sum {weight_sum}")
