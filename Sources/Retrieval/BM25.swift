import Foundation
import EvaluationMetrics
import Numerics

/// Okapi BM25 (Robertson and Zaragoza 2009, "The Probabilistic Relevance Framework: BM25 and
/// Beyond"), the lexical ranking function of every search engine: a document scores, for each
/// query term, the term's rarity (idf) times a saturating function of how often the term occurs
/// in it, normalised by the document's length:
///
///     score(D, Q) = Σ_{q ∈ Q} idf(q) · f(q, D)·(k1 + 1) / (f(q, D) + k1·(1 − b + b·|D| / avgdl))
///
/// Two variants differ in idf and in the numerator:
/// - `rankBM25`: `rank_bm25` 0.2.2's `BM25Okapi`, idf = ln(N − n + 0.5) − ln(n + 0.5), negative
///   for a term in more than half the documents, so such a term's idf is floored at ε × the mean
///   idf of the vocabulary (ε = 0.25);
/// - `lucene`: Lucene's `BM25Similarity` (since 8.0), idf = ln(1 + (N − n + 0.5) / (n + 0.5)),
///   never negative, and no (k1 + 1) in the numerator (a constant factor that does not change
///   the ranking). Lucene also stores each document's length in one byte, lossily; this does not.
///
/// N is the number of documents, n the number containing the term, f its count in the
/// document, |D| the document's length in tokens, avgdl the mean length. A query term repeated
/// counts as often as it is repeated; a term in no document scores 0. Where `rank_bm25` divides
/// 0 by 0 (k1 = 0, or b = 1 and an empty document, for documents without the term) and gives
/// NaN, this adds nothing: a document without the term gains 0 from it.
public struct BM25: Sendable {
    public enum Variant: String, Sendable, CaseIterable {
        case rankBM25 = "rank_bm25", lucene
    }

    public let variant: Variant
    public let k1: Double, b: Double, epsilon: Double
    /// Tokens per document.
    public let documentLengths: [Int]
    public let averageLength: Double
    /// The mean idf over the vocabulary before the floor (`rankBM25`'s ε is relative to it).
    public let averageIDF: Double
    /// For each term: its idf (after `rankBM25`'s floor), and the documents containing it with
    /// its count in each, in document order. Terms are compared code point by code point, as
    /// Python compares strings (not up to canonical equivalence, as Swift's `String` does).
    let postings: [Term: (idf: Double, documents: [(document: Int, count: Int)])]

    /// A term as its code points.
    struct Term: Hashable {
        let scalars: [Unicode.Scalar]
        init(_ text: String) { scalars = Array(text.unicodeScalars) }
        func hash(into hasher: inout Hasher) { scalars.withUnsafeBytes { hasher.combine(bytes: $0) } }
    }

    /// A term's idf, or nil for a term in no document.
    public func idf(of term: String) -> Double? { postings[Term(term)]?.idf }

    /// Indexes `documents` (each a list of tokens). Throws `ArgumentError` for no documents,
    /// a corpus with no tokens at all, or k1, b or ε outside k1 ≥ 0, 0 ≤ b ≤ 1, ε ≥ 0 (finite).
    public init(documents: [[String]], variant: Variant = .rankBM25, k1: Double = 1.5, b: Double = 0.75, epsilon: Double = 0.25) throws {
        try ArgumentError.require(!documents.isEmpty, "documents", "[]", allowed: "at least one document")
        try ArgumentError.require(k1.isFinite && k1 >= 0, "k1", k1, allowed: "must be a finite number ≥ 0")
        try ArgumentError.require(b.isFinite && (0...1).contains(b), "b", b, allowed: "must be in 0...1")
        try ArgumentError.require(epsilon.isFinite && epsilon >= 0, "epsilon", epsilon, allowed: "must be a finite number ≥ 0")
        let total = documents.reduce(0) { $0 + $1.count }
        try ArgumentError.require(total > 0, "documents", "\(documents.count) documents, no tokens", allowed: "at least one token in the corpus (the mean length divides)")
        self.variant = variant
        self.k1 = k1
        self.b = b
        self.epsilon = epsilon
        documentLengths = documents.map(\.count)
        averageLength = Double(total) / Double(documents.count)
        // Terms in order of first occurrence: rank_bm25 sums the idfs for their mean in this order.
        var documentsOf: [Term: [(document: Int, count: Int)]] = [:], vocabulary: [Term] = []
        for (d, document) in documents.enumerated() {
            var counts: [Term: Int] = [:], order: [Term] = []
            for token in document.map(Term.init) {
                if counts[token] == nil { order.append(token) }
                counts[token, default: 0] += 1
            }
            for token in order {
                if documentsOf[token] == nil { vocabulary.append(token) }
                documentsOf[token, default: []].append((d, counts[token]!))
            }
        }
        let (idfs, mean) = try Self.inverseDocumentFrequencies(vocabulary.map { documentsOf[$0]!.count }, documents: documents.count, variant: variant, epsilon: epsilon)
        averageIDF = mean
        postings = Dictionary(uniqueKeysWithValues: zip(vocabulary, idfs).map { ($0, ($1, documentsOf[$0]!)) })
    }

    // listing: bm25-idf
    /// Each term's idf from its document frequency n among N documents, and the mean idf
    /// before any floor (summed in the order of `frequencies`).
    static func inverseDocumentFrequencies(_ frequencies: [Int], documents: Int, variant: Variant, epsilon: Double) throws -> ([Double], Double) {
        // exercise: M11.1 write BM25's idf: log((N − n + 0.5)/(n + 0.5)) (Lucene: log(1 + …)), and rank_bm25's floor ε·mean idf for negative ones (Chapter 11, BM25)
        let n = Double(documents)
        var idf = frequencies.map { df in
            variant == .lucene ? log(1 + (n - Double(df) + 0.5) / (Double(df) + 0.5)) : log(n - Double(df) + 0.5) - log(Double(df) + 0.5)
        }
        let mean = idf.reduce(0, +) / Double(max(idf.count, 1))
        if variant == .rankBM25 {
            for i in idf.indices where idf[i] < 0 { idf[i] = epsilon * mean }
        }
        return (idf, mean)
        // end exercise
    }
    // end listing

    // listing: bm25-scores
    /// Every document's score for `query` (a list of tokens), in document order.
    public func scores(_ query: [String]) -> [Double] {
        var scores = [Double](repeating: 0, count: documentLengths.count)
        let numerator = variant == .rankBM25 ? k1 + 1 : 1
        for term in query {
            guard let (idf, documents) = postings[Term(term)] else { continue }
            for (d, count) in documents {
                let f = Double(count)
                let norm = k1 * (1 - b + b * Double(documentLengths[d]) / averageLength)
                scores[d] += idf * (f * numerator / (f + norm))
            }
        }
        return scores
    }
    // end listing

    /// The `k` best documents for `query`, highest score first; ties go to the lower index.
    /// Throws `ArgumentError` for k < 1.
    public func top(_ k: Int, for query: [String]) throws -> [(document: Int, score: Double)] {
        try ArgumentError.require(k >= 1, "k", k, allowed: "must be at least 1")
        let s = scores(query)
        return s.indices.sorted { (s[$0], -$0) > (s[$1], -$1) }.prefix(k).map { ($0, s[$0]) }
    }

    /// The workbook's tokenization for BM25 (stated, as the issue asks): Python's `str.lower()`,
    /// then the maximal runs of letters and digits; everything else separates.
    public static func tokens(_ text: String) -> [String] {
        var tokens: [String] = [], token = String.UnicodeScalarView()
        for scalar in PythonText.lowercased(text).unicodeScalars {
            if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                token.append(scalar)
            } else if !token.isEmpty {
                tokens.append(String(token))
                token = String.UnicodeScalarView()
            }
        }
        if !token.isEmpty { tokens.append(String(token)) }
        return tokens
    }
}
