#!/usr/bin/env python3
"""The peers' side of `workbook bench --part retrieval`, timed in this process on the same
inputs as the workbook's side; prints one JSON object.

- embeddings: sentence-transformers 2.7.0 (Debian's CPU-only torch) on the first N World English
  verses, batch 32, with 1 and then 2 torch threads;
- BM25: rank_bm25 0.2.2's BM25Okapi over the 7,950 King James verses (tokenized as the workbook's
  BM25.tokens: lower-case, runs of letters and digits), get_scores for the first Q WEB verses;
- HNSW: hnswlib 0.8.0 (M 16, ef_construction 100, inner product, 1 thread) on the vectors the
  workbook wrote, recall@10 against numpy's exact top 10 and time per query for each ef.

    python Scripts/peers/retrieval_peer.py --texts 1000 --queries 500 --vectors .cache/bench/hnsw
"""

import argparse
import json
import re
import time

import numpy as np


def verses(path):
    return [line.rstrip("\n").split("\t", 1) for line in open(path, encoding="utf-8")]


def tokens(text):
    return re.findall(r"[^\W_]+", text.lower())


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--texts", type=int, default=1000)
    parser.add_argument("--queries", type=int, default=500)
    parser.add_argument("--vectors", default=".cache/bench/hnsw")
    parser.add_argument("--breadths", default="16,32,64,128")
    args = parser.parse_args()
    result = {}

    import torch
    from sentence_transformers import SentenceTransformer, __version__ as st_version
    web = [text for _, text in verses("Fixtures/web-new-testament/verses.tsv")]
    model = SentenceTransformer(".cache/models/all-MiniLM-L6-v2", device="cpu")
    texts = web[: args.texts]
    token_count = sum(len(model.tokenizer(t, truncation=True, max_length=256)["input_ids"]) for t in texts)
    result["sentence_transformers"] = st_version
    result["torch"] = torch.__version__
    result["embedding_tokens"] = token_count
    model.encode(texts[:64], batch_size=32)  # warm-up
    for threads in (1, 2):
        torch.set_num_threads(threads)
        start = time.perf_counter()
        model.encode(texts, batch_size=32)
        result[f"embedding_seconds_{threads}"] = time.perf_counter() - start

    import rank_bm25
    from importlib.metadata import version
    kjv = [text for _, text in verses("Fixtures/kjv-new-testament/verses.tsv")]
    index = rank_bm25.BM25Okapi([tokens(t) for t in kjv])
    queries = [tokens(t) for t in web[: args.queries]]
    start = time.perf_counter()
    for q in queries:
        np.argsort(index.get_scores(q))[::-1][:10]
    result["rank_bm25"] = version("rank_bm25")
    result["bm25_seconds_per_query"] = (time.perf_counter() - start) / len(queries)

    import hnswlib
    vectors = np.fromfile(args.vectors + "-vectors.f32", dtype=np.float32)
    queries = np.fromfile(args.vectors + "-queries.f32", dtype=np.float32)
    dim = 384
    vectors, queries = vectors.reshape(-1, dim), queries.reshape(-1, dim)
    truth = np.argsort(-(queries @ vectors.T), axis=1)[:, :10]
    graph = hnswlib.Index(space="ip", dim=dim)
    graph.init_index(max_elements=len(vectors), ef_construction=100, M=16, random_seed=1)
    graph.set_num_threads(1)
    start = time.perf_counter()
    graph.add_items(vectors, np.arange(len(vectors)))
    result["hnswlib"] = version("hnswlib")
    result["hnsw_build_seconds"] = time.perf_counter() - start
    result["hnsw"] = []
    for ef in [int(b) for b in args.breadths.split(",")]:
        graph.set_ef(ef)
        start = time.perf_counter()
        found = [graph.knn_query(q, k=10)[0][0] for q in queries]
        seconds = (time.perf_counter() - start) / len(queries)
        hits = sum(len(set(f) & set(t)) for f, t in zip(found, truth))
        result["hnsw"].append({"ef": ef, "recall_at_10": hits / (10 * len(queries)), "seconds_per_query": seconds})
    print(json.dumps(result))


main()
