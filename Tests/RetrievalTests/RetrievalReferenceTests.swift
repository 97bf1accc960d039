import Foundation
import Testing
import Numerics
import Retrieval
import RetrievalExperiments
import WorkbookTesting

@Suite("M11 · Retrieval: equal to rank_bm25 and trec_eval")
struct RetrievalReferenceTests {
    @Test("BM25 scores, idfs and the mean idf equal rank_bm25 0.2.2's BM25Okapi to 1e-12")
    func bm25EqualsRankBM25() throws {
        attach(try SharedRuns.equalityRecord.get())
        let e = try SharedRuns.equality.get()
        #expect(e.bm25Scores > 5000)
        #expect(e.bm25LargestRelative <= RetrievalReferenceEquality.tolerance, "\(e.bm25Mismatches.joined(separator: "; "))")
    }

    @Test("recall@k, P@5, reciprocal rank, MRR@10, nDCG@10 and MAP equal trec_eval's, ties broken as it breaks them")
    func rankingMeasuresEqualTrecEval() throws {
        attach(try SharedRuns.equalityRecord.get())
        let e = try SharedRuns.equality.get()
        #expect(e.rankingQueries > 100)
        #expect(e.rankingLargestRelative <= RetrievalReferenceEquality.tolerance, "\(e.rankingMismatches.joined(separator: "; "))")
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
