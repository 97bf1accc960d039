"""Generates Fixtures/tokenizer/minbpe_merges.json: the merges minbpe's two training
procedures learn on a few texts, for the workbook's trainer to match merge for merge
(including which of two equally frequent pairs is merged first). Run in a throwaway venv with
minbpe's source on the path (minbpe is not on PyPI; its repository is github.com/karpathy/minbpe):

    python3 -m venv /tmp/mb && /tmp/mb/bin/pip install regex==2026.11.19
    PYTHONPATH=/path/to/minbpe /tmp/mb/bin/python Scripts/reference/minbpe_merges.py COMMIT > Fixtures/tokenizer/minbpe_merges.json

COMMIT is the minbpe commit used, recorded in the fixture.
"""
import json
import sys

import regex
from minbpe import BasicTokenizer, RegexTokenizer
from minbpe.regex import GPT2_SPLIT_PATTERN, GPT4_SPLIT_PATTERN

shakespeare = open("Fixtures/shakespeare/plays.txt", encoding="utf-8").read()[:20000]
texts = {
    "hand-worked": ("aaabdaaabac", 3),
    "ties": ("abab cdcd abab cdcd xyxy", 6),
    "unicode": ("naïve café, naïve CAFÉ 😀😀 😀 日本語 日本 42 4242 424242\n\n  x", 20),
    "shakespeare-20k": (shakespeare, 256),
}


def merges_of(tokenizer):
    return [list(pair) for pair, _ in sorted(tokenizer.merges.items(), key=lambda item: item[1])]


cases = []
for name, (text, count) in texts.items():
    for mode, make in [("none", BasicTokenizer), ("gpt2", lambda: RegexTokenizer(GPT2_SPLIT_PATTERN)),
                       ("gpt4", lambda: RegexTokenizer(GPT4_SPLIT_PATTERN))]:
        tokenizer = make()
        tokenizer.train(text, 256 + count)
        sample = text[:200]
        cases.append({"text": name, "split": mode, "merges": merges_of(tokenizer),
                      "sample": sample, "sampleIds": tokenizer.encode(sample) if mode == "none" else tokenizer.encode_ordinary(sample)})

json.dump({
    "generator": "Scripts/reference/minbpe_merges.py",
    "versions": {"minbpe": sys.argv[1] if len(sys.argv) > 1 else "unknown", "regex": regex.__version__,
                 "python": sys.version.split()[0]},
    "texts": {name: (text if name != "shakespeare-20k" else "first 20000 characters of Fixtures/shakespeare/plays.txt")
              for name, (text, _) in texts.items()},
    "cases": cases,
}, sys.stdout, ensure_ascii=False)
print()
