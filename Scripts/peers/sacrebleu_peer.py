#!/usr/bin/env python3
"""sacrebleu's side of `workbook bench --part metrics`: corpus BLEU, chrF and chrF++ of the
World English Bible against the King James New Testament (the same 7,950 verse pairs, read the
same way), timed in this process; prints one JSON object.

    python3 Scripts/peers/sacrebleu_peer.py --rounds 5

Run by Scripts/bench-metrics.sh in a virtual environment with sacrebleu==2.6.0.
"""

import argparse
import json
import statistics
import time

import sacrebleu
from sacrebleu.metrics import BLEU, CHRF


def verses(path):
    return [line.rstrip("\n").split("\t", 1) for line in open(path, encoding="utf-8")]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    kjv = dict(verses("Fixtures/kjv-new-testament/verses.tsv"))
    web = verses("Fixtures/web-new-testament/verses.tsv")
    hypotheses, references = [text for _, text in web], [kjv[reference] for reference, _ in web]
    result = {"sacrebleu": sacrebleu.__version__, "pairs": len(hypotheses)}
    for name, make in [("bleu", BLEU), ("chrf", CHRF), ("chrf++", lambda: CHRF(word_order=2))]:
        make().corpus_score(hypotheses[:200], [references[:200]])  # warm-up
        times, score = [], None
        for _ in range(args.rounds):
            metric = make()  # a fresh metric each round: no reference cache carried over
            start = time.perf_counter()
            score = metric.corpus_score(hypotheses, [references]).score
            times.append(time.perf_counter() - start)
        result[name] = {"score": score, "median_s": statistics.median(times)}
    print(json.dumps(result))


if __name__ == "__main__":
    main()
