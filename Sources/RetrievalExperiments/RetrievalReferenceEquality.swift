import Foundation
import Numerics
import Retrieval

/// Every Chapter 11 piece that has a reference, compared with it on the committed fixtures:
/// BM25 with rank_bm25, the ranking measures with trec_eval (pytrec_eval), WordPiece with
/// Hugging Face tokenizers, the encoder with sentence-transformers.
public struct RetrievalReferenceEquality: Sendable {
    /// Values further than 1e-12 relative from their reference, or missing; the first few.
    public static let tolerance = 1e-12
    public let versions: [String: String]
    public let bm25Scores: Int, bm25LargestRelative: Double, bm25Mismatches: [String]
    public let rankingValues: Int, rankingLargestRelative: Double, rankingQueries: Int, rankingMismatches: [String]
    public let wordPieceTexts: Int, wordPieceDiffering: [String]
    public let embeddingTexts: Int, embeddingLargestAbsolute: Double, embeddingWorst: String
    public let embeddingSeconds: Double

    static func relative(_ a: Double, _ b: Double) -> Double { a == b ? 0 : b == 0 ? .infinity : abs(a - b) / abs(b) }

    /// Throws `FileFormatError` for a missing fixture or model file.
    public init(root: URL, tokenizer: WordPieceTokenizer, encoder: SentenceEncoder) throws {
        let fixture = try RetrievalFixture.load(root: root)
        var scores = 0, largest = 0.0, mismatches: [String] = []
        func compare(_ ours: Double, _ theirs: Double, _ what: @autoclosure () -> String) {
            let difference = Self.relative(ours, theirs)
            largest = max(largest, difference.isNaN ? .infinity : difference)
            if !(difference <= Self.tolerance) && mismatches.count < 5 { mismatches.append("\(what()): \(ours) vs \(theirs)") }
        }
        for c in fixture.bm25 {
            for result in c.results {
                let s = result.setting
                let index = try BM25(documents: c.documents, k1: s.k1, b: s.b, epsilon: s.epsilon)
                compare(index.averageIDF, result.average_idf, "\(c.name) \(s): mean idf")
                for (term, idf) in result.idf { compare(index.idf(of: term) ?? .nan, idf, "\(c.name) \(s): idf(\(term))") }
                for (query, expected) in zip(c.queries, result.scores) {
                    let ours = index.scores(query)
                    if ours.count != expected.count { compare(.nan, 0, "\(c.name) \(s) query \(query): \(ours.count) scores, \(expected.count) expected") }
                    for (d, (mine, theirs)) in zip(ours, expected).enumerated() {
                        scores += 1
                        compare(mine, theirs, "\(c.name) \(s) query \(query) document \(d)")
                    }
                }
            }
        }
        (bm25Scores, bm25LargestRelative, bm25Mismatches) = (scores, largest, mismatches)

        let r = fixture.ranking
        let measures: [RankingMeasure] = [.recall(1), .recall(5), .recall(10), .precision(5), .reciprocalRank(nil), .ndcg(10), .averagePrecision]
        let ours = try RankingEvaluation.evaluate(run: r.run, qrels: r.qrels, measures: measures + [.reciprocalRank(10)])
        var values = 0
        (largest, mismatches) = (0, [])
        if Set(ours.keys) != Set(r.per_query.keys) { compare(.nan, 0, "evaluated queries \(ours.keys.sorted()) vs \(r.per_query.keys.sorted())") }
        for (query, reference) in r.per_query {
            for measure in measures {
                values += 1
                compare(ours[query]?[measure] ?? .nan, reference[measure.description] ?? .nan, "\(query) \(measure)")
            }
            values += 1
            compare(ours[query]?[.reciprocalRank(10)] ?? .nan, r.mrr_at_10[query] ?? .nan, "\(query) MRR@10")
        }
        (rankingValues, rankingLargestRelative, rankingQueries, rankingMismatches) = (values, largest, r.per_query.count, mismatches)

        let pieces = try WordPieceFixture.load(root: root)
        wordPieceTexts = pieces.cases.count
        wordPieceDiffering = try pieces.cases.filter { try tokenizer.encode($0.text, maximumLength: pieces.maximum_length) != $0.ids }.map(\.text)

        let embeddings = try MiniLMEmbeddingFixture.load(root: root)
        let start = Date()
        let vectors = try encoder.embeddings(of: embeddings.cases.map(\.text), tokenizer: tokenizer, threads: 2)
        embeddingSeconds = Date().timeIntervalSince(start)
        let differences = zip(vectors, embeddings.cases).map { v, c in
            v.count == c.embedding.count ? zip(v, c.embedding).map { Double(abs($0 - $1)) }.max() ?? 0 : .infinity
        }
        embeddingTexts = embeddings.cases.count
        let worst = differences.indices.max { differences[$0] < differences[$1] } ?? 0
        embeddingLargestAbsolute = differences.isEmpty ? .infinity : differences[worst]
        embeddingWorst = embeddings.cases.isEmpty ? "" : embeddings.cases[worst].text
        versions = fixture.versions.merging(embeddings.versions) { a, _ in a }
    }
}
