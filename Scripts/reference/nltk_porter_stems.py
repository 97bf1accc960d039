"""Generates Fixtures/metrics/porter_nltk.json: the stems NLTK's Porter stemmer gives, in its
default mode (NLTK_EXTENSIONS), for every word of Fixtures/words/words.txt and for a few extra
tokens (digits, short words, NLTK's irregular forms). This is the stemmer Google's rouge-score
0.1.2 uses for ROUGE with use_stemmer=True, and the workbook's Swift PorterStemmer must match it
word for word. Run from the repository root in a throwaway venv:

    python3 -m venv /tmp/v && /tmp/v/bin/pip install nltk==3.10.4 && /tmp/v/bin/python Scripts/reference/nltk_porter_stems.py

Optionally `/tmp/v/bin/pip install PyStemmer` first, so the script can also count how often
Snowball's "porter" stemmer (libstemmer) disagrees with NLTK; without it that count is skipped.

The fixture lists only the words whose stem differs from the word ("changed"); every other word
stems to itself. The workbook's tests read the JSON and never call Python.
"""
import json
import os
import platform

import nltk
from nltk.stem.porter import PorterStemmer

WORDS_FILE = "Fixtures/words/words.txt"
OUTPUT = "Fixtures/metrics/porter_nltk.json"

# Tokens ROUGE can hand the stemmer that a dictionary lacks: digits (its tokenizer keeps
# [a-z0-9]+), short words (it stems only tokens longer than 3 characters, but the stemmer's own
# rule for words of 1 or 2 letters is worth pinning), runs of "y" (consonant or vowel by
# position), and the examples the algorithm is usually explained with. NLTK's table of
# irregular forms is appended below, so that every entry of it is checked.
EXTRA_WORDS = [
    "1990s", "2000s", "abc1", "mp3s", "covid19", "1234", "a1b2", "ing", "sing", "sings",
    "yyyy", "yyyyy", "y", "yy", "a", "by", "is", "ies", "ied", "ties", "dies", "died", "spied",
    "flies", "sky", "skies", "dying", "lying", "news", "feed", "agreed", "generalizations",
    "oscillators",
]

default = PorterStemmer()  # mode=PorterStemmer.NLTK_EXTENSIONS
original = PorterStemmer(mode=PorterStemmer.ORIGINAL_ALGORITHM)
extras = list(dict.fromkeys(EXTRA_WORDS + sorted(default.pool)))

with open(WORDS_FILE, encoding="utf-8") as f:
    words = [line.strip() for line in f if line.strip()]

stems = {word: default.stem(word) for word in words + extras}
changed = {word: stem for word, stem in stems.items() if stem != word}


def differences(other_stem):
    """Words of WORDS_FILE that `other_stem` stems differently from NLTK's default mode."""
    return [[w, stems[w], other_stem(w)] for w in words if other_stem(w) != stems[w]]


def examples(diffs):
    """Up to 10 of `diffs`, spread evenly through the alphabet rather than the first ten."""
    return diffs[:: max(1, len(diffs) // 10)][:10]


doc = {
    "generator": "Scripts/reference/nltk_porter_stems.py",
    "nltk": nltk.__version__,
    "python": platform.python_version(),
    "mode": "NLTK_EXTENSIONS",
    "words_file": WORDS_FILE,
    "word_count": len(words),
    "extra_words": extras,
    "changed": changed,
}

vs_original = differences(original.stem)
doc["differs_from_original_algorithm"] = len(vs_original)
doc["examples_original"] = examples(vs_original)
print(f"{len(vs_original)} of {len(words)} words stem differently in ORIGINAL_ALGORITHM mode")

try:
    import Stemmer  # PyStemmer: Python bindings to Snowball's libstemmer

    snowball_porter = Stemmer.Stemmer("porter")
    vs_libstemmer = differences(snowball_porter.stemWord)
    doc["differs_from_libstemmer_porter"] = len(vs_libstemmer)
    doc["examples_libstemmer"] = examples(vs_libstemmer)
    print(f"{len(vs_libstemmer)} of {len(words)} words stem differently in Snowball's porter")
except ImportError:
    print("PyStemmer is not installed: skipping the comparison with Snowball's porter")

# One key per line, and one changed word per line, so that diffs of the fixture stay readable.
lines = []
for key in sorted(doc):
    if key == "changed":
        body = ",\n".join(f"  {json.dumps(w)}: {json.dumps(s)}" for w, s in sorted(changed.items()))
        lines.append(f' "changed": {{\n{body}\n }}')
    else:
        lines.append(f" {json.dumps(key)}: {json.dumps(doc[key])}")
text = "{\n" + ",\n".join(lines) + "\n}\n"
assert json.loads(text) == doc
os.makedirs(os.path.dirname(OUTPUT), exist_ok=True)
with open(OUTPUT, "w", encoding="utf-8") as f:
    f.write(text)
print(f"wrote {OUTPUT}: {len(changed)} of {len(stems)} words change")
