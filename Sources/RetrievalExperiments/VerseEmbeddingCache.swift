import Foundation
import EvaluationMetricsExperiments
import Numerics
import Retrieval

/// The MiniLM embeddings of every King James New Testament verse, kept in
/// `.cache/embeddings/` (git-ignored) for `workbook search`, so a search does not encode 7,950
/// verses first. The cache names the verse file's size and the model file's size it was made
/// from, and is remade when either differs. Not used by any test.
public enum VerseEmbeddingCache {
    public static let folder = ".cache/embeddings"

    /// The embeddings of `texts` (`source` names them, e.g. "kjv"), read from the cache if it
    /// matches, else encoded on 2 threads and written (atomically).
    public static func embeddings(of texts: [String], source: String, encoder: SentenceEncoder, tokenizer: WordPieceTokenizer,
                                  root: URL, progress: ((String) -> Void)? = nil) throws -> [[Float]] {
        let model = try MiniLMFiles.file("model.safetensors", root: root)
        let modelBytes = (try FileManager.default.attributesOfItem(atPath: model.path)[.size] as? Int) ?? 0
        let textBytes = texts.reduce(0) { $0 + $1.utf8.count + 1 }
        let width = encoder.configuration.width
        let url = root.appendingPathComponent(folder).appendingPathComponent("\(source)-\(texts.count)-\(textBytes)-\(modelBytes).f32")
        if let data = try? Data(contentsOf: url), data.count == texts.count * width * 4 {
            let values = data.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
            return (0..<texts.count).map { Array(values[($0 * width)..<(($0 + 1) * width)]) }
        }
        progress?("encoding \(texts.count) verses once (cached in \(folder)/)")
        let vectors = try encoder.embeddings(of: texts, tokenizer: tokenizer, threads: 2)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try vectors.flatMap { $0 }.withUnsafeBytes { Data($0) }.write(to: url, options: .atomic)
        return vectors
    }
}
