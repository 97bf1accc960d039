#!/usr/bin/env python3
"""Write Fixtures/metrics/reference_cases.json: Chapter 10's metrics as the reference
implementations compute them, for the Swift tests to equal (the tests never call Python).

    python3 -m venv /tmp/metrics-reference
    /tmp/metrics-reference/bin/pip install sacrebleu==2.6.0 rouge-score==0.1.2 nltk==3.10.4
    /tmp/metrics-reference/bin/pip download --no-deps --no-binary :all: datasets==1.18.4 -d /tmp/metrics-reference/sdist
    /tmp/metrics-reference/bin/python Scripts/reference/metrics_cases.py /tmp/metrics-reference/sdist/datasets-1.18.4.tar.gz

Run from the repository root. The references:
  - sacrebleu 2.6.0: BLEU (sentence and corpus, every smoothing, effective order, lower-case,
    the 13a and none tokenizers) with its statistics and signatures; chrF and chrF++.
  - rouge-score 0.1.2 (NLTK's Porter stemmer for use_stemmer=True): ROUGE-1/2/L/Lsum.
  - The official SQuAD v1.1 and v2.0 evaluation scripts. They are not on PyPI as packages of
    their own; the source distribution of Hugging Face `datasets` 1.18.4 on PyPI carries them
    as metrics/squad/evaluate.py and metrics/squad_v2/evaluate.py (v2.0 adapted only to read
    answers as {"text": [...]}). This script checks the archive's sha256, imports those two
    files and calls their functions.
Also Python's own str.lower() and str.split(), which the metrics rely on, on the same texts.

The cases: hand-written ones for each way implementations go wrong (empty sides, short
hypotheses, 13a's punctuation and number rules, HTML entities, case, apostrophes, hyphens,
Greek final sigma, Cyrillic, Devanagari, CJK without spaces, emoji with modifiers and joiners,
a byte-order mark, Unicode whitespace, several references of different lengths), seeded random
ones built from the same pieces, and the two New Testaments of Fixtures/ scored against each
other (7,950 verse pairs).
"""

import hashlib
import importlib.util
import json
import platform
import random
import sys
import tarfile
import tempfile
from pathlib import Path

import nltk
import rouge_score
import sacrebleu
from rouge_score import rouge_scorer
from sacrebleu.metrics import BLEU, CHRF
from sacrebleu.tokenizers.tokenizer_13a import Tokenizer13a

DATASETS_SDIST_SHA256 = "8f28a7afc2f894c68cb017335a32812f443fe41bc59c089cbd15d7412d3f7f96"
OUTPUT = Path("Fixtures/metrics/reference_cases.json")


def load_squad_scripts(archive):
    digest = hashlib.sha256(Path(archive).read_bytes()).hexdigest()
    if digest != DATASETS_SDIST_SHA256:
        sys.exit(f"{archive}: sha256 {digest}, expected {DATASETS_SDIST_SHA256}")
    folder = Path(tempfile.mkdtemp())
    modules = {}
    with tarfile.open(archive) as tar:
        for version, member in [("v1.1", "datasets-1.18.4/metrics/squad/evaluate.py"),
                                ("v2.0", "datasets-1.18.4/metrics/squad_v2/evaluate.py")]:
            path = folder / f"squad_{version.replace('.', '_')}.py"
            path.write_bytes(tar.extractfile(member).read())
            spec = importlib.util.spec_from_file_location(path.stem, path)
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            modules[version] = module
    return modules


# Hand-written cases: (name, hypothesis, [references]).
HAND_CASES = [
    ("identical", "The cat sat on the mat .", ["The cat sat on the mat ."]),
    ("identical without spaces before punctuation", "The cat sat on the mat.", ["The cat sat on the mat."]),
    ("Papineni's clipping example", "the the the the the the the", ["The cat is on the mat.", "There is a cat on the mat."]),
    ("empty hypothesis", "", ["a b c d"]),
    ("empty reference", "a b c d", [""]),
    ("both empty", "", [""]),
    ("one word", "cat", ["the cat"]),
    ("two words", "the cat", ["the cat sat on the mat"]),
    ("three words", "the cat sat", ["the cat sat"]),
    ("no match", "dogs bark loudly tonight", ["the cat sat on the mat"]),
    ("unigram matches only", "mat the on sat cat", ["the cat sat on the mat"]),
    ("money and decimals", "It costs $3.50, or 1,000 yen (approx.)!", ["It costs 3.50 dollars, about 1,000 yen."]),
    ("abbreviations and ranges", "U.S.A. and e.g. 3.14-2.71 in 1990-2000, -5 and 5-", ["USA and for example 3.14 - 2.71"]),
    ("hyphens", "well-known x-ray state-of-the-art 2-3 a--b", ["well known x ray state of the art 2 - 3"]),
    ("missing spaces", "Hello,world.Goodbye;now:then?yes!no", ["Hello, world. Goodbye; now: then? yes! no"]),
    ("dots", "a...b .5 5. ,5 5, .a a. ...", ["a . . . b"]),
    ("html entities", "5 &lt; 6 &amp;&amp; 7 &gt; 3 &quot;q&quot; &amp;lt; &apos; &nbsp;", ["5 < 6 && 7 > 3 \"q\" <"]),
    ("skipped and line breaks", "<skipped> text hyphen-\nated line\nbreak", ["text hyphenated line break"]),
    ("case", "THE Cat SAT", ["the cat sat"]),
    ("apostrophes", "don't won't it's rock ’n’ roll O'Neil's", ["do n't wo n't it 's rock 'n' roll"]),
    ("symbols", "a+b=c; 50% of #tags @user ~home ^up `tick` {x} [y] |z| \\w /path/", ["a + b = c"]),
    ("greek final sigma", "ΟΔΟΣ ΣΟΦΟΣ Σ ΑΣ' ΣΑΣ.", ["οδος σοφος"]),
    ("cyrillic", "Привет, мир! Как дела?", ["Привет мир"]),
    ("arabic", "مرحبا بالعالم، كيف حالك؟", ["مرحبا بالعالم"]),
    ("devanagari with combining marks", "नमस्ते दुनिया। यह परीक्षण है", ["नमस्ते दुनिया"]),
    ("turkish dotted capital", "İstanbul IŞIK ıi", ["istanbul ışık"]),
    ("cjk without spaces", "我爱北京天安门。天安门上太阳升。", ["我爱北京。"]),
    ("japanese", "東京は日本の首都です", ["東京は首都です"]),
    ("emoji", "I love 🍕 and 👍🏽 👨‍👩‍👧 🇫🇷!", ["I love 🍕!"]),
    ("byte-order mark", "\ufeffThe cat sat", ["The cat sat"]),
    ("whitespace runs", "a  b\t\tc\u00a0d\u3000e\u2028f\u200bg\u001fh\u0085i", ["a b c d e f g h i"]),
    ("trailing whitespace", "the cat sat  \n", ["the cat sat"]),
    ("canonically equivalent spellings", "café naïve Å", ["cafe\u0301 nai\u0308ve A\u030a"]),
    ("ligatures and compatibility", "ﬁne ǅemal Kelvin K Å", ["fine"]),
    ("references of different lengths, tie to the shorter", "one two three four five", ["one two three four", "one two three four five six"]),
    ("references of different lengths", "one two three", ["one two three four five six seven", "one two", "alpha beta gamma delta"]),
    ("three references", "the quick brown fox jumps", ["a quick brown fox", "the fast brown fox jumped over", "quick fox"]),
    ("ROUGE-Lsum: which of two equal LCSs", "b a\na", ["a b"]),
    ("ROUGE-Lsum: several sentences", "the cat sat\non the mat\nthe dog", ["the cat\nsat on the mat the dog\nbarked"]),
    ("ROUGE-Lsum: repeated tokens", "a a b\nb a", ["a b a\nb b"]),
    ("carriage returns before newlines", "the cat\r\nsat on\r\nthe mat", ["the cat sat\r\non the mat"]),
    ("carriage returns: ROUGE-Lsum's sentences", "a\r\nb", ["b a"]),
]

HAND_NAMES = {name for name, _, _ in HAND_CASES}

# Corpora: (name, hypotheses, reference streams). The first shows corpus BLEU ≠ mean sentence BLEU.
HAND_CORPORA = [
    ("corpus against mean sentence", ["the cat sat on the mat", "a dog", "it is raining today in the city"],
     [["the cat sat on a mat", "the dog barked", "it rains today in the old city"]]),
    ("two reference streams", ["the cat sat on the mat", "there is a cat", "hello world"],
     [["the cat is on the mat", "a cat is there", "hello there world"],
      ["there is a cat on the mat", "there is one cat here", "hi world"]]),
    ("empty segments", ["", "a b c d e", ""], [["x y z", "", ""]]),
]

PIECES = ["the", "The", "THE", "cat", "sat", "on", "a", "an", "mat", "dog", "Dog's", "don't", "it’s", "well-known",
          "x-ray", "U.S.", "e.g.", "3.14", "1,000", "2-3", "1990s", "$5", "(note)", "[ref]", "\"quoted\"", "etc.",
          "...", "--", "—", "café", "naïve", "Straße", "ΟΔΟΣ", "σοφός", "Привет", "мир", "東京", "北京大学",
          "😀", "👍🏽", "&amp;", "&lt;", "<skipped>", "İ", "ﬁne", "_id", "#1", "50%", "a/b", "?", "!", ",", ".",
          "running", "runs", "generalization", "connected", "connection", "happily", "studies", "unto", "saith"]
SEPARATORS = [" "] * 8 + ["", "  ", "\t", "\u00a0", "\u3000", "\n", " \n "]


def random_text(rng, length):
    out = []
    for _ in range(length):
        out.append(rng.choice(PIECES))
        out.append(rng.choice(SEPARATORS))
    return "".join(out).rstrip(" ") if rng.random() < 0.7 else "".join(out)


def mutated(rng, text):
    words = text.split(" ")
    result = []
    for w in words:
        r = rng.random()
        if r < 0.15:
            continue
        if r < 0.3:
            result.append(rng.choice(PIECES))
        else:
            result.append(w)
        if rng.random() < 0.1:
            result.append(rng.choice(PIECES))
    return " ".join(result)


def random_summaries(rng, count):
    """Multi-line texts over four words: many LCS ties, which ROUGE-Lsum's walk back must break
    exactly as rouge-score does."""
    def text():
        return "\n".join(" ".join(rng.choice("abcd") for _ in range(rng.randint(1, 6))) for _ in range(rng.randint(1, 4)))
    return [(f"random summary {i}", text(), [text()]) for i in range(count)]


def random_cases(rng, count):
    cases = []
    for i in range(count):
        reference = random_text(rng, rng.randint(0, 14))
        references = [reference] + [mutated(rng, reference) for _ in range(rng.randint(0, 2))]
        cases.append((f"random {i}", mutated(rng, reference), references))
    return cases


BLEU_SMOOTHING = [("none", None), ("floor", None), ("add-k", None), ("exp", None), ("floor", 0.5), ("add-k", 0.25)]


def bleu_configurations(full):
    if not full:
        return [dict(smooth_method="exp", effective_order=True), dict(smooth_method="exp", effective_order=False),
                dict(smooth_method="floor", effective_order=True, lowercase=True)]
    configurations = []
    for method, value in BLEU_SMOOTHING:
        for effective in (False, True):
            for lowercase in (False, True):
                configurations.append(dict(smooth_method=method, smooth_value=value, effective_order=effective, lowercase=lowercase))
    configurations.append(dict(smooth_method="exp", effective_order=True, tokenize="none"))
    return configurations


def bleu_result(configuration, hypotheses, streams):
    metric = BLEU(**configuration)
    score = metric.corpus_score(hypotheses, streams)
    stats = metric._extract_corpus_statistics(hypotheses, streams)
    summed = [sum(column) for column in zip(*stats)]
    return {"configuration": configuration, "score": score.score, "precisions": score.precisions, "bp": score.bp,
            "statistics": summed, "signature": str(metric.get_signature()), "text": str(score)}


CHRF_CONFIGURATIONS = [dict(), dict(word_order=2), dict(lowercase=True), dict(whitespace=True), dict(eps_smoothing=True),
                       dict(word_order=2, eps_smoothing=True), dict(char_order=4, word_order=1, beta=1)]


def chrf_result(configuration, hypotheses, streams):
    metric = CHRF(**configuration)
    score = metric.corpus_score(hypotheses, streams)
    stats = metric._extract_corpus_statistics(hypotheses, streams)
    summed = [sum(column) for column in zip(*stats)]
    return {"configuration": configuration, "score": score.score, "statistics": summed, "signature": str(metric.get_signature())}


ROUGE_TYPES = ["rouge1", "rouge2", "rougeL", "rougeLsum"]
SCORERS = {stem: rouge_scorer.RougeScorer(ROUGE_TYPES, use_stemmer=stem) for stem in (False, True)}


def rouge_result(target, prediction):
    result = {}
    for stem, scorer in SCORERS.items():
        scores = scorer.score(target, prediction)
        result["stemmed" if stem else "plain"] = {k: [v.precision, v.recall, v.fmeasure] for k, v in scores.items()}
    return result


def rouge_multi_result(targets, prediction):
    scores = SCORERS[False].score_multi(targets, prediction)
    return {k: [v.precision, v.recall, v.fmeasure] for k, v in scores.items()}


SQUAD_CASES = [
    ("the Eiffel Tower", ["Eiffel Tower"]), ("", [""]), ("", ["the"]), ("the", [""]), ("an", ["a"]), ("a", ["Paris"]),
    ("", ["Paris"]), ("Paris", [""]), ("Paris, France.", ["paris france", "France"]), ("The  quick_brown fox", ["quick brown fox"]),
    ("1,000", ["1000"]), ("Café", ["cafe", "Café"]), ("café", ["cafe\u0301"]), ("the\u0301 cat", ["cat"]), ("théâtre", ["the theatre"]),
    ("北京", ["北京大学"]), ("the the", ["the"]), ("a b b", ["b b c"]), ("b b c", ["a b b"]), ("The Cat", ["cat", "a cat", "the cat sat"]),
    ("Ananas and a banana", ["ananas banana"]), ("ΟΔΟΣ", ["οδος"]), ("  spaced\tout\n", ["spaced out"]), ("don't", ["dont"]),
    ("1990s–2000s", ["1990s 2000s"]), ("42", ["forty-two", "42"]), ("the an a", ["a"]), ("A", ["a"]), ("an", ["the"]),
]

SQUAD_PIECES = ["the", "a", "an", "The", "Eiffel", "Tower", "Paris", "France", ",", ".", "1,000", "1000", "café", "-", "(", ")",
                "north", "north-east", "_", "é", "’s", "'s", "Ā", "二", "😀", "  "]


def random_squad(rng, count):
    cases = []
    for _ in range(count):
        def answer():
            return "".join(rng.choice(SQUAD_PIECES) + rng.choice(["", " ", " ", "\t"]) for _ in range(rng.randint(0, 5)))
        cases.append((answer(), [answer() for _ in range(rng.randint(1, 3))]))
    return cases


def squad_results(modules, cases):
    v1, v2 = modules["v1.1"], modules["v2.0"]
    rows = []
    for prediction, golds in cases:
        em1 = v1.metric_max_over_ground_truths(v1.exact_match_score, prediction, golds)
        f11 = v1.metric_max_over_ground_truths(v1.f1_score, prediction, golds)
        dataset = [{"paragraphs": [{"qas": [{"id": "q", "answers": {"text": golds}}]}]}]
        exact, f1 = v2.get_raw_scores(dataset, {"q": prediction})
        rows.append({"prediction": prediction, "golds": golds, "normalized": [v1.normalize_answer(prediction)] + [v1.normalize_answer(g) for g in golds],
                     "v1.1": [float(em1), float(f11)], "v2.0": [float(exact["q"]), float(f1["q"])]})
    return rows


def squad_corpus(modules, cases):
    v1, v2 = modules["v1.1"], modules["v2.0"]
    ids = [f"q{i}" for i in range(len(cases))]
    predictions = {i: p for i, (p, _) in zip(ids, cases)}
    v1_dataset = [{"paragraphs": [{"qas": [{"id": i, "answers": [{"text": g} for g in golds]} for i, (_, golds) in zip(ids, cases)]}]}]
    v2_dataset = [{"paragraphs": [{"qas": [{"id": i, "answers": {"text": golds}} for i, (_, golds) in zip(ids, cases)]}]}]
    first = v1.evaluate(v1_dataset, predictions)
    exact, f1 = v2.get_raw_scores(v2_dataset, predictions)
    second = v2.make_eval_dict(exact, f1)
    return {"v1.1": [first["exact_match"], first["f1"]], "v2.0": [second["exact"], second["f1"]]}


def verses(path):
    return dict(line.rstrip("\n").split("\t", 1) for line in open(path, encoding="utf-8"))


def new_testament(modules):
    kjv, web = verses("Fixtures/kjv-new-testament/verses.tsv"), verses("Fixtures/web-new-testament/verses.tsv")
    references = list(web)
    web_text, kjv_text = [web[r] for r in references], [kjv[r] for r in references]
    result = {"pairs": len(references)}
    for name, hypotheses, refs in [("web_against_kjv", web_text, kjv_text), ("kjv_against_web", kjv_text, web_text)]:
        result[name] = {"bleu": bleu_result({}, hypotheses, [refs]),
                        "bleu_lowercase": bleu_result({"lowercase": True}, hypotheses, [refs]),
                        "chrf": chrf_result({}, hypotheses, [refs]),
                        "chrf++": chrf_result({"word_order": 2}, hypotheses, [refs])}
    # ROUGE and SQuAD F1: the mean over verse pairs (sums taken in verse order), KJV the target.
    for stem, scorer in SCORERS.items():
        sums = {k: 0.0 for k in ROUGE_TYPES}
        for target, prediction in zip(kjv_text, web_text):
            scores = scorer.score(target, prediction)
            for k in ROUGE_TYPES:
                sums[k] += scores[k].fmeasure
        result["rouge_mean_f_" + ("stemmed" if stem else "plain")] = {k: v / len(references) for k, v in sums.items()}
    result["squad"] = squad_corpus(modules, list(zip(web_text, [[k] for k in kjv_text])))
    return result


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    modules = load_squad_scripts(sys.argv[1])
    rng = random.Random(2026)
    random_bleu = random_cases(rng, 160)
    all_cases = HAND_CASES + random_bleu + random_summaries(random.Random(2027), 80)
    texts = sorted({t for _, h, refs in all_cases for t in [h] + refs})
    tokenizer = Tokenizer13a()
    fixture = {
        "generator": "Scripts/reference/metrics_cases.py",
        "versions": {"python": platform.python_version(), "sacrebleu": sacrebleu.__version__, "rouge-score": "0.1.2",
                     "nltk": nltk.__version__, "squad_scripts": "datasets 1.18.4 sdist, sha256 " + DATASETS_SDIST_SHA256},
        "python_text": [{"text": t, "lower": t.lower(), "split": t.split(), "rstrip": t.rstrip()} for t in texts],
        "tokenize_13a": [{"text": t, "tokens": tokenizer(t).split()} for t in texts],
        "rouge_tokens": [{"text": t, "plain": SCORERS[False]._tokenizer.tokenize(t), "stemmed": SCORERS[True]._tokenizer.tokenize(t)} for t in texts],
        "sentences": [{"name": name, "hypothesis": h, "references": refs,
                       "bleu": [bleu_result(c, [h], [[r] for r in refs]) for c in bleu_configurations(name in HAND_NAMES)],
                       "sentence_bleu": sacrebleu.sentence_bleu(h, refs).score,
                       "chrf": [chrf_result(c, [h], [[r] for r in refs]) for c in CHRF_CONFIGURATIONS],
                       "rouge": rouge_result(refs[0], h),
                       "rouge_multi": rouge_multi_result(refs, h)}
                      for name, h, refs in all_cases],
        "corpora": [],
        "squad": squad_results(modules, SQUAD_CASES + random_squad(rng, 100)),
        "squad_corpus": squad_corpus(modules, SQUAD_CASES),
        "new_testament": new_testament(modules),
    }
    two_stream = [("random corpus, two streams", [h for _, h, refs in random_bleu if len(refs) >= 2],
                   [[refs[0] for _, h, refs in random_bleu if len(refs) >= 2], [refs[1] for _, h, refs in random_bleu if len(refs) >= 2]])]
    for name, hypotheses, streams in HAND_CORPORA + two_stream:
        fixture["corpora"].append({"name": name, "hypotheses": hypotheses, "references": streams,
                                   "bleu": [bleu_result(c, hypotheses, streams) for c in bleu_configurations(True)],
                                   "mean_sentence_bleu": sum(sacrebleu.sentence_bleu(h, list(r)).score for h, r in zip(hypotheses, zip(*streams))) / len(hypotheses),
                                   "chrf": [chrf_result(c, hypotheses, streams) for c in CHRF_CONFIGURATIONS]})
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(json.dumps(fixture, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {OUTPUT}: {len(all_cases)} sentence cases, {len(fixture['corpora'])} corpora, {len(fixture['squad'])} SQuAD cases")


if __name__ == "__main__":
    main()
