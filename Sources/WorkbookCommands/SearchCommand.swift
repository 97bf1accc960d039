import ArgumentParser
import Foundation
import EvaluationMetricsExperiments
import FineTuningExperiments
import Numerics
import Retrieval
import RetrievalExperiments

/// `workbook search`: Chapter 11's three retrievers over the King James New Testament.
struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search", abstract: "Search the King James New Testament with BM25, MiniLM embeddings, or both fused.",
        discussion: """
            Prints the k best verses with their scores. The first dense or hybrid search encodes all 7,950 verses (about a \
            minute on 2 threads) and keeps the embeddings in .cache/embeddings/.
            """)

    enum Method: String, ExpressibleByArgument, CaseIterable { case bm25, dense, hybrid }

    @OptionGroup var options: PackageOptions

    @Option(help: "bm25 (words), dense (MiniLM, cosine similarity) or hybrid (reciprocal rank fusion of both, k = 60).")
    var method: Method = .hybrid

    @Option(parsing: .unconditional, help: "How many verses to print, 1 to 100.")
    var k = 5

    @Argument(help: "The query.")
    var query: String

    func validate() throws {
        try CommandLineCheck.require((1...100).contains(k), "--k", k, "must be 1 to 100")
        try CommandLineCheck.require(!query.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "query", query.debugDescription, "must not be empty")
    }

    func run() throws {
        let root = options.root
        let verses = try NewTestament.verses(root: root)
        let depth = NewTestamentRetrieval.depth
        var rankings: [[Int]] = [], scores: [Method: [Int: Double]] = [:]
        if method != .dense {
            let bm25 = try BM25(documents: verses.map { BM25.tokens($0.text) })
            let top = try bm25.top(depth, for: BM25.tokens(query))
            rankings.append(top.map(\.document))
            scores[.bm25] = Dictionary(uniqueKeysWithValues: top.map { ($0.document, $0.score) })
        }
        if method != .bm25 {
            let tokenizer = try WordPieceTokenizer(vocabularyFile: MiniLMFiles.file("vocab.txt", root: root))
            let encoder = try SentenceEncoder(weights: SafetensorsFile(contentsOf: MiniLMFiles.file("model.safetensors", root: root)))
            var index = try ExactVectorIndex(dimension: encoder.configuration.width)
            for v in try VerseEmbeddingCache.embeddings(of: verses.map(\.text), source: "kjv", encoder: encoder, tokenizer: tokenizer, root: root,
                                                        progress: { FileHandle.standardError.write(Data(($0 + "\n").utf8)) }) {
                try index.add(v)
            }
            let top = try index.nearest(depth, to: encoder.embedding(ids: tokenizer.encode(query)))
            rankings.append(top.map(\.index))
            scores[.dense] = Dictionary(uniqueKeysWithValues: top.map { ($0.index, Double($0.similarity)) })
        }
        let ranked: [(Int, Double)]
        if method == .hybrid {
            let fused = try ReciprocalRankFusion.scores(rankings)
            ranked = fused.sorted { ($0.value, -$0.key) > ($1.value, -$1.key) }.map { ($0.key, $0.value) }
        } else {
            ranked = rankings[0].map { ($0, scores[method == .bm25 ? .bm25 : .dense]![$0]!) }
        }
        for (rank, (verse, score)) in ranked.prefix(k).enumerated() {
            print("\(rank + 1). \(verses[verse].reference)  (\(String(format: method == .bm25 ? "%.3f" : "%.4f", score)))  \(verses[verse].text)")
        }
    }
}
