import Foundation
import EvaluationMetricsExperiments

/// `Fixtures/retrieval/reference_cases.json`: rank_bm25 0.2.2's BM25Okapi scores and
/// trec_eval's measures (through pytrec_eval), written by `Scripts/reference/retrieval_cases.py`.
public struct RetrievalFixture: Decodable, Sendable {
    public static let file = "Fixtures/retrieval/reference_cases.json"

    public struct Setting: Decodable, Sendable { public let k1: Double, b: Double, epsilon: Double }
    public struct BM25Result: Decodable, Sendable {
        public let setting: Setting
        public let average_idf: Double
        public let idf: [String: Double]
        /// One list of document scores per query.
        public let scores: [[Double]]
    }
    public struct BM25Case: Decodable, Sendable {
        public let name: String
        public let documents: [[String]], queries: [[String]]
        public let results: [BM25Result]
    }
    public struct Ranking: Decodable, Sendable {
        public let qrels: [String: [String: Int]]
        public let run: [String: [String: Double]]
        /// pytrec_eval's values by query and measure name (`recall_10`, `ndcg_cut_10`, …).
        public let per_query: [String: [String: Double]]
        /// recip_rank of each run cut to its first 10 documents.
        public let mrr_at_10: [String: Double]
    }

    public let versions: [String: String]
    public let bm25: [BM25Case]
    public let ranking: Ranking

    public static func load(root: URL) throws -> RetrievalFixture {
        try decodeFixture(RetrievalFixture.self, file: file, generator: "Scripts/reference/retrieval_cases.py", root: root)
    }
}
