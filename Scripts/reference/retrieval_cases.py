#!/usr/bin/env python3
"""Write Fixtures/retrieval/reference_cases.json: BM25 scores as rank_bm25 0.2.2 computes them
and ranking measures as trec_eval computes them (through pytrec_eval), for Chapter 11's Swift
tests to equal (the tests never call Python).

    python3 -m venv /tmp/retrieval-reference
    /tmp/retrieval-reference/bin/pip install rank_bm25==0.2.2 pytrec-eval-terrier==0.5.11
    /tmp/retrieval-reference/bin/python Scripts/reference/retrieval_cases.py

Run from the repository root. The cases:
  - BM25Okapi on a small hand-written corpus (an empty document, a term in every document, a
    term in more than half of them, repeated terms, unknown query terms, an empty query) under
    four settings of k1, b and epsilon, and on a seeded random corpus of 150 documents with
    Zipf-distributed words and 30 queries (two settings). (b = 1 is left out: with an empty document rank_bm25
    divides 0 by 0.)
  - trec_eval's recall@1/5/10, P@5, recip_rank, ndcg_cut_10 and map on seeded random runs with
    many tied scores, graded judgments 0-3, document ids whose byte order differs from their
    numeric order ("d10" < "d9"), queries without a relevant document, queries the qrels lack,
    and judged documents the run does not retrieve. MRR@10 is recip_rank on each run cut to its
    first 10 documents in trec_eval's order (score descending, ties by document id descending).
"""

import json
import platform
import random
from pathlib import Path

import numpy
import pytrec_eval
import rank_bm25

OUTPUT = Path("Fixtures/retrieval/reference_cases.json")

HAND_CORPUS = [
    "the cat sat on the mat",
    "the dog sat on the log",
    "",
    "the cat and the dog",
    "a bird in the hand is worth two in the bush",
    "the the the the",
    "cats and dogs and birds",
    "the mat",
    "on",
    "the quick brown fox jumps over the lazy dog the end",
]
HAND_QUERIES = ["cat", "the cat", "the the", "dog log", "unicorn", "", "the", "on the mat", "bird bush hand", "cat cat cat dog"]
SETTINGS = [dict(), dict(k1=1.2, b=0.5, epsilon=0.1), dict(k1=0.9, b=0.4, epsilon=0.5), dict(k1=2.0, b=0.0, epsilon=0.25)]
MEASURES = {"recall.1,5,10", "P.5", "recip_rank", "ndcg_cut.10", "map"}


def bm25_case(name, documents, queries, settings=SETTINGS):
    tokenized = [d.split() for d in documents]
    results = []
    for setting in settings:
        index = rank_bm25.BM25Okapi(tokenized, **setting)
        results.append({"setting": {"k1": index.k1, "b": index.b, "epsilon": index.epsilon},
                        "average_idf": index.average_idf, "idf": index.idf,
                        "scores": [index.get_scores(q.split()).tolist() for q in queries]})
    return {"name": name, "documents": tokenized, "queries": [q.split() for q in queries], "results": results}


def random_corpus(rng, documents, queries):
    vocabulary = [f"w{i}" for i in range(400)]
    weights = [1 / (i + 1) for i in range(len(vocabulary))]
    docs = [" ".join(rng.choices(vocabulary, weights, k=rng.randint(0, 30))) for _ in range(documents)]
    qs = [" ".join(rng.choices(vocabulary, weights, k=rng.randint(1, 6))) for _ in range(queries)]
    return docs, qs


def trec_order(scores):
    # Python's sort is stable: sort by id descending first, then by score descending.
    by_id = sorted(scores.items(), key=lambda item: item[0].encode("utf-8"), reverse=True)
    return sorted(by_id, key=lambda item: item[1], reverse=True)


def ranking_cases(rng, count):
    qrels, run = {}, {}
    for q in range(count):
        query = f"q{q}"
        documents = [f"d{i}" for i in range(rng.randint(1, 25))]
        scores = {d: rng.choice([0.1, 0.2, 0.3, 0.5, 0.5, 0.9, rng.random()]) for d in documents}
        if q % 7 != 3:
            judged = rng.sample(documents + [f"x{i}" for i in range(3)], k=rng.randint(1, min(8, len(documents) + 3)))
            grades = {d: rng.choice([0, 0, 1, 1, 2, 3]) for d in judged}
            if q % 11 == 5:
                grades = {d: 0 for d in grades}
            qrels[query] = grades
        run[query] = scores
    return qrels, run


def main():
    rng = random.Random(2028)
    docs, queries = random_corpus(rng, 150, 30)
    bm25 = [bm25_case("hand-written", HAND_CORPUS, HAND_QUERIES), bm25_case("random Zipf corpus", docs, queries, SETTINGS[:2])]

    qrels, run = ranking_cases(rng, 120)
    evaluator = pytrec_eval.RelevanceEvaluator(qrels, MEASURES)
    per_query = evaluator.evaluate(run)
    cut = {q: dict(trec_order(scores)[:10]) for q, scores in run.items()}
    mrr10 = {q: v["recip_rank"] for q, v in pytrec_eval.RelevanceEvaluator(qrels, {"recip_rank"}).evaluate(cut).items()}
    fixture = {
        "generator": "Scripts/reference/retrieval_cases.py",
        "versions": {"python": platform.python_version(), "rank_bm25": "0.2.2", "pytrec_eval": pytrec_eval.__version__,
                     "numpy": numpy.__version__},
        "bm25": bm25,
        "ranking": {"qrels": qrels, "run": run, "per_query": per_query, "mrr_at_10": mrr10},
    }
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(json.dumps(fixture, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {OUTPUT}: {sum(len(c['queries']) * len(c['results']) for c in bm25)} BM25 score lists, {len(per_query)} evaluated queries")


if __name__ == "__main__":
    main()
