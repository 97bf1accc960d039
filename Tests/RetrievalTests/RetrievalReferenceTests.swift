import Foundation
import Testing
import Numerics
import Retrieval
import RetrievalExperiments
import WorkbookTesting

/// The relative difference of two scores (0 when equal; a reference 0 needs an exact 0).
func relativeDifference(_ a: Double, _ b: Double) -> Double { a == b ? 0 : b == 0 ? .infinity : abs(a - b) / abs(b) }

@Suite("M11 · Retrieval: equal to rank_bm25 and trec_eval")
struct RetrievalReferenceTests {
    static let fixture = Result { try RetrievalFixture.load(root: packageRoot) }

    @Test("BM25 scores, idfs and the mean idf equal rank_bm25 0.2.2's BM25Okapi to 1e-12")
    func bm25EqualsRankBM25() throws {
        attach(try SharedRuns.equalityRecord.get())
        var compared = 0
        for c in try Self.fixture.get().bm25 {
            for result in c.results {
                let s = result.setting
                let index = try BM25(documents: c.documents, k1: s.k1, b: s.b, epsilon: s.epsilon)
                #expect(relativeDifference(index.averageIDF, result.average_idf) <= 1e-12, "\(c.name) \(s): mean idf \(index.averageIDF) vs \(result.average_idf)")
                for (term, idf) in result.idf {
                    #expect(relativeDifference(index.idf(of: term) ?? .nan, idf) <= 1e-12, "\(c.name) \(s): idf(\(term))")
                }
                for (query, expected) in zip(c.queries, result.scores) {
                    let scores = index.scores(query)
                    #expect(scores.count == expected.count)
                    for (d, (ours, theirs)) in zip(scores, expected).enumerated() {
                        compared += 1
                        #expect(relativeDifference(ours, theirs) <= 1e-12, "\(c.name) \(s) query \(query) document \(d): \(ours) vs \(theirs)")
                    }
                }
            }
        }
        #expect(compared > 5000)
    }

    @Test("recall@k, P@5, reciprocal rank, MRR@10, nDCG@10 and MAP equal trec_eval's, ties broken as it breaks them")
    func rankingMeasuresEqualTrecEval() throws {
        attach(try SharedRuns.equalityRecord.get())
        let r = try Self.fixture.get().ranking
        let measures: [RankingMeasure] = [.recall(1), .recall(5), .recall(10), .precision(5), .reciprocalRank(nil), .ndcg(10), .averagePrecision]
        let ours = try RankingEvaluation.evaluate(run: r.run, qrels: r.qrels, measures: measures + [.reciprocalRank(10)])
        #expect(Set(ours.keys) == Set(r.per_query.keys), "evaluated queries differ")
        for (query, values) in r.per_query {
            for measure in measures {
                let reference = try #require(values[measure.description], "\(query): no \(measure)")
                #expect(relativeDifference(ours[query]?[measure] ?? .nan, reference) <= 1e-12, "\(query) \(measure): \(ours[query]?[measure] ?? .nan) vs \(reference)")
            }
            #expect(relativeDifference(ours[query]?[.reciprocalRank(10)] ?? .nan, r.mrr_at_10[query] ?? .nan) <= 1e-12, "\(query) MRR@10")
        }
    }

    @Test("Tied scores are ordered by document id in decreasing byte order, as trec_eval orders them")
    func tiesFollowTrecEval() {
        #expect(RankingEvaluation.ranking(["d1": 0.5, "d10": 0.5, "d9": 0.5, "d0": 0.9]) == ["d0", "d9", "d10", "d1"])
    }

    @Test("Lucene's variant follows its formula, worked by hand: idf = ln(1 + (N − n + 0.5)/(n + 0.5)), no (k1 + 1)")
    func luceneByHand() throws {
        let index = try BM25(documents: [["a", "b"], ["a"], ["c", "c", "c"]], variant: .lucene)
        // "a": n = 2 of N = 3 → idf = ln(1 + 1.5/2.5) = ln 1.6; in document 0 (|D| = 2, avgdl = 2): f = 1,
        // norm = 1.5·(0.25 + 0.75·2/2) = 1.5 → 1/(1 + 1.5) = 0.4.
        let scores = index.scores(["a"])
        #expect(abs(scores[0] - log(1.6) * 0.4) <= 1e-15)
        #expect(index.idf(of: "a")! > 0 && index.idf(of: "c")! > index.idf(of: "a")!)
        #expect(scores[2] == 0)
    }

    @Test("BM25 and the evaluation refuse what they cannot score, naming the parameter")
    func refusals() throws {
        #expect(throws: ArgumentError.self) { try BM25(documents: []) }
        #expect(throws: ArgumentError.self) { try BM25(documents: [[], []]) }
        #expect(throws: ArgumentError.self) { try BM25(documents: [["a"]], k1: -1) }
        #expect(throws: ArgumentError.self) { try BM25(documents: [["a"]], b: 1.5) }
        #expect(throws: ArgumentError.self) { try BM25(documents: [["a"]], epsilon: .nan) }
        #expect(throws: ArgumentError.self) { try BM25(documents: [["a"]]).top(0, for: ["a"]) }
        #expect(throws: ArgumentError.self) { try RankingEvaluation.evaluate(run: ["q": ["d": 1]], qrels: ["q": ["d": 1]], measures: [.ndcg(0)]) }
        #expect(try RankingEvaluation.evaluate(run: ["q": ["d": 1]], qrels: ["q": ["d": 1]], measures: [.recall(1), .recall(1)])["q"]?[.recall(1)] == 1)
        let error = #expect(throws: ArgumentError.self) { try RankingEvaluation.evaluate(run: ["q": ["d": .nan]], qrels: ["q": ["d": 1]], measures: [.averagePrecision]) }
        #expect(error?.parameter == "run[q][d]")
    }
}

@Suite("M11 · Retrieval: BM25's tokenization")
struct BM25TokenizationTests {
    @Test("BM25's words are Python-lower-cased runs of letters and digits; everything else separates")
    func tokens() {
        #expect(BM25.tokens("The Cat's 2 DOGS, naïve—ΣΑΣ!") == ["the", "cat", "s", "2", "dogs", "naïve", "σας"])
        #expect(BM25.tokens("  \t ") == [])
    }
}
