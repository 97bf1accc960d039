import Foundation
import EvaluationMetricsExperiments
import CGSLOpenBLAS
import GSL
import Numerics
import ExperimentRecords
import Retrieval

/// Search across translations: each World English Bible verse is a query, the King James
/// verses are the documents, and the one relevant document is the verse with the same
/// reference. BM25 matches words, the sentence encoder matches meaning, and reciprocal rank
/// fusion combines their rankings; all three are judged with trec_eval's measures.
public struct NewTestamentRetrieval: Sendable {
    public enum Method: String, Sendable, CaseIterable { case bm25 = "BM25", dense = "MiniLM (dense)", hybrid = "hybrid (RRF)" }

    /// The suite's slice: queries from Mark, documents from Mark and Luke. Luke retells much of
    /// Mark, so most queries have a near-duplicate among the documents, as in the whole New
    /// Testament (the Gospels' parallels) but in a corpus small enough for `swift test`.
    public static let suiteDocumentBooks = ["Mark", "Luke"], suiteQueryBooks = ["Mark"]
    /// Each method's ranking is cut at this depth before evaluation and fusion.
    public static let depth = 100
    /// The share of queries, those with the least word overlap with their verse, reported apart.
    public static let lowOverlapShare = 0.1
    public static let measures: [RankingMeasure] = [.recall(1), .recall(5), .recall(10), .reciprocalRank(10), .ndcg(10), .averagePrecision]
    public static let curveCutoffs = [1, 2, 3, 5, 10, 20, 50, 100]

    /// The documents' references and books, and the queries' references (each a document too).
    public let references: [String], books: [String], queryReferences: [String]
    public let queries: [String], documents: [String]
    /// Each query's share of its distinct BM25 tokens that occur in its own verse.
    public let overlap: [Double]
    /// The queries with the lowest overlap (ties to the earlier verse).
    public let lowOverlapQueries: Set<String>
    /// Per method: query reference → document reference → score (the top `depth`).
    public let runs: [Method: [String: [String: Double]]]
    public let perQuery: [Method: [String: [RankingMeasure: Double]]]
    /// The documents' embeddings, in document order (for the map and the HNSW check).
    public let documentEmbeddings: [[Float]]
    public let encodingSeconds: Double, textsEncoded: Int, tokensEncoded: Int

    /// Documents from `documentBooks`, queries from `queryBooks` (nil: all 27 books). Throws
    /// `FileFormatError` for missing data or model files, `ArgumentError` for a book that has no
    /// verses or a query book that is not a document book.
    public init(pairs: TranslationPairs, documentBooks: [String]?, queryBooks: [String]?, encoder: SentenceEncoder, tokenizer: WordPieceTokenizer,
                threads: Int = 2, progress: ((String) -> Void)? = nil) throws {
        let chosen = pairs.pairs.filter { documentBooks?.contains(Self.book(of: $0.reference)) ?? true }
        for (name, list) in [("documentBooks", documentBooks), ("queryBooks", queryBooks)] {
            for book in list ?? [] where !chosen.contains(where: { Self.book(of: $0.reference) == book }) {
                throw ArgumentError(parameter: name, value: book, allowed: "books of the New Testament spelled as in the verse references, query books among the document books")
            }
        }
        let asked = chosen.filter { queryBooks?.contains(Self.book(of: $0.reference)) ?? true }
        references = chosen.map(\.reference)
        books = chosen.map { Self.book(of: $0.reference) }
        documents = chosen.map(\.kjv)
        let ids = asked.map(\.reference)
        queryReferences = ids
        queries = asked.map(\.web)
        let documentIDs = references

        let queryTokens = queries.map(BM25.tokens), documentTokens = documents.map(BM25.tokens)
        let position = Dictionary(uniqueKeysWithValues: references.enumerated().map { ($1, $0) })
        let overlap = zip(queryTokens, ids.map { documentTokens[position[$0]!] }).map { q, d in
            let words = Set(q), target = Set(d)
            return words.isEmpty ? 0 : Double(words.filter(target.contains).count) / Double(words.count)
        }
        self.overlap = overlap
        let lowCount = max(1, Int((Double(ids.count) * Self.lowOverlapShare).rounded()))
        lowOverlapQueries = Set(ids.indices.sorted { (overlap[$0], $0) < (overlap[$1], $1) }.prefix(lowCount).map { ids[$0] })

        // BM25 over the King James verses.
        let bm25 = try BM25(documents: documentTokens)
        var bm25Run: [String: [String: Double]] = [:]
        for (i, q) in queryTokens.enumerated() {
            bm25Run[ids[i]] = Dictionary(uniqueKeysWithValues: try bm25.top(Self.depth, for: q).map { (documentIDs[$0.document], $0.score) })
        }
        progress?("BM25: \(ids.count) queries over \(documents.count) verses")

        // Dense: every verse embedded, queries searched exactly.
        let start = Date()
        let documentVectors = try encoder.embeddings(of: documents, tokenizer: tokenizer, threads: threads)
        progress?("embedded \(documents.count) King James verses")
        let queryVectors = try encoder.embeddings(of: queries, tokenizer: tokenizer, threads: threads)
        encodingSeconds = Date().timeIntervalSince(start)
        textsEncoded = documents.count + queries.count
        tokensEncoded = try (documents + queries).reduce(0) { $0 + (try tokenizer.encode($1).count) }
        progress?("embedded \(queries.count) World English verses in \(formatted(encodingSeconds, digits: 1)) s")
        var index = try ExactVectorIndex(dimension: encoder.configuration.width)
        for v in documentVectors { try index.add(v) }
        var denseRun: [String: [String: Double]] = [:]
        for (i, q) in queryVectors.enumerated() {
            denseRun[ids[i]] = Dictionary(uniqueKeysWithValues: try index.nearest(Self.depth, to: q).map { (documentIDs[$0.index], Double($0.similarity)) })
        }

        // Hybrid: the two rankings fused.
        var hybridRun: [String: [String: Double]] = [:]
        for reference in ids {
            let rankings = [bm25Run[reference]!, denseRun[reference]!].map(RankingEvaluation.ranking)
            hybridRun[reference] = try ReciprocalRankFusion.scores(rankings)
        }
        runs = [.bm25: bm25Run, .dense: denseRun, .hybrid: hybridRun]
        let qrels = Dictionary(uniqueKeysWithValues: ids.map { ($0, [$0: 1]) })
        let measures = Self.measures + Self.curveCutoffs.map(RankingMeasure.recall)
        perQuery = try runs.mapValues { try RankingEvaluation.evaluate(run: $0, qrels: qrels, measures: measures) }
        documentEmbeddings = documentVectors
    }

    /// "1 John" from "1 John 3:16".
    public static func book(of reference: String) -> String {
        String(reference[..<(reference.lastIndex(of: " ") ?? reference.endIndex)])
    }

    /// The mean of `measure` for `method` over all queries, or over the low-overlap ones.
    public func mean(_ measure: RankingMeasure, _ method: Method, lowOverlapOnly: Bool = false) -> Double {
        let values = perQuery[method]!.filter { !lowOverlapOnly || lowOverlapQueries.contains($0.key) }
        return RankingEvaluation.mean(measure, of: values)
    }

    /// Each document embedding projected on the first two principal components: the top two
    /// singular vectors of the d × d covariance of the centred embeddings (GSL's SVD, on d × d
    /// rather than n × d, which is several times cheaper for n ≫ d). One 2-D point per verse.
    public func embeddingMap() throws -> [(x: Double, y: Double)] {
        let n = documentEmbeddings.count, d = documentEmbeddings.first?.count ?? 0
        var mean = [Double](repeating: 0, count: d)
        for v in documentEmbeddings { for j in 0..<d { mean[j] += Double(v[j]) / Double(n) } }
        let centred = documentEmbeddings.flatMap { v in (0..<d).map { Double(v[$0]) - mean[$0] } }
        var covariance = [Double](repeating: 0, count: d * d)
        cblas_dsyrk(CblasRowMajor, CblasUpper, CblasTrans, Int32(d), Int32(n), 1 / Double(n), centred, Int32(d), 0, &covariance, Int32(d))
        for i in 0..<d { for j in 0..<i { covariance[i * d + j] = covariance[j * d + i] } }
        let svd = try SingularValueDecomposition(covariance, rows: d, columns: d)
        let k = svd.singularValues.count
        return (0..<n).map { i in
            (0..<d).reduce((x: 0.0, y: 0.0)) { p, j in (p.x + centred[i * d + j] * svd.v[j * k], p.y + centred[i * d + j] * svd.v[j * k + 1]) }
        }
    }
}
