import EvaluationMetricsExperiments
import FineTuningExperiments
import Foundation
import Numerics
import Retrieval
import RetrievalExperiments

/// Chapter 11's benchmark, the workbook beside its peers on the same inputs in one run:
/// MiniLM embeddings of the first `texts` WEB verses (batch 32, 1 and 2 threads) beside
/// sentence-transformers; BM25 top 10 over the 7,950 KJV verses for the first `queries` WEB
/// verses beside rank_bm25; HNSW (M 16, ef_construction 100, 1 thread) on `vectors` clustered
/// vectors beside hnswlib. The peer is `Scripts/peers/retrieval_peer.py`.
struct RetrievalBenchmark {
    let texts: Int, queries: Int, vectors: Int
    static let breadths = [16, 32, 64, 128]
    static let vectorFiles = ".cache/bench/hnsw"

    struct Ours {
        var embeddingSeconds: [Int: Double] = [:], embeddingTokens = 0
        var bm25SecondsPerQuery = 0.0
        var hnswBuildSeconds = 0.0, hnsw: [(ef: Int, recall: Double, seconds: Double)] = []
    }

    func measure(root: URL, progress: @escaping (String) -> Void) throws -> Ours {
        var ours = Ours()
        let tokenizer = try WordPieceTokenizer(vocabularyFile: MiniLMFiles.file("vocab.txt", root: root))
        let encoder = try SentenceEncoder(weights: SafetensorsFile(contentsOf: MiniLMFiles.file("model.safetensors", root: root)))
        let web = try NewTestament.verses(root: root, file: TranslationPairs.webFile).map(\.text)
        let sample = Array(web.prefix(texts))
        ours.embeddingTokens = try sample.reduce(0) { $0 + (try tokenizer.encode($1).count) }
        _ = try encoder.embeddings(of: Array(sample.prefix(64)), tokenizer: tokenizer)
        for threads in [1, 2] {
            let start = Date()
            _ = try encoder.embeddings(of: sample, tokenizer: tokenizer, threads: threads)
            ours.embeddingSeconds[threads] = Date().timeIntervalSince(start)
        }
        progress("embeddings measured")

        let kjv = try NewTestament.verses(root: root).map(\.text)
        let bm25 = try BM25(documents: kjv.map(BM25.tokens))
        let queryTokens = web.prefix(queries).map(BM25.tokens)
        let start = Date()
        for q in queryTokens { _ = try bm25.top(10, for: q) }
        ours.bm25SecondsPerQuery = Date().timeIntervalSince(start) / Double(queryTokens.count)

        let data = try ClusteredVectors(count: vectors + 1000, seed: 1)
        let folder = root.appendingPathComponent(Self.vectorFiles).deletingLastPathComponent()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let split = vectors * data.dimension
        try Array(data.values[..<split]).withUnsafeBytes { Data($0) }.write(to: root.appendingPathComponent(Self.vectorFiles + "-vectors.f32"))
        try Array(data.values[split...]).withUnsafeBytes { Data($0) }.write(to: root.appendingPathComponent(Self.vectorFiles + "-queries.f32"))
        let study = try VectorSearchStudy(data: data, queries: 1000, breadths: Self.breadths,
                                          progress: { if $0 % 20_000 == 0 { progress("HNSW: \($0) of \(vectors) vectors inserted") } })
        ours.hnswBuildSeconds = study.buildSeconds
        ours.hnsw = study.points.map { ($0.breadth, $0.recallAt10, $0.secondsPerQuery) }
        return ours
    }

    func peer(python: String, script: String) throws -> [String: Any] {
        try PeerProcess.json(python: python, script: script, arguments: ["--texts", "\(texts)", "--queries", "\(queries)", "--vectors", Self.vectorFiles,
                                                                     "--breadths", Self.breadths.map(String.init).joined(separator: ",")])
    }
}
