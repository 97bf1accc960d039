import Foundation
import Testing
import Numerics
import Retrieval
import RetrievalExperiments
import WorkbookTesting

@Suite("M11 · Retrieval: all-MiniLM-L6-v2 in Swift")
struct SentenceEncoderTests {
    @Test("Embeddings equal sentence-transformers' within 1e-5 (largest absolute difference), long and empty inputs included")
    func embeddingsEqualSentenceTransformers() throws {
        let tokenizer = try WordPieceTokenizer(vocabularyFile: MiniLMFiles.file("vocab.txt", root: packageRoot))
        let encoder = try SentenceEncoder(weights: SafetensorsFile(contentsOf: MiniLMFiles.file("model.safetensors", root: packageRoot)))
        let fixture = try MiniLMEmbeddingFixture.load(root: packageRoot)
        #expect(fixture.cases.count > 50)
        for c in fixture.cases {
            let ours = try encoder.embedding(ids: tokenizer.encode(c.text))
            #expect(ours.count == c.embedding.count)
            let difference = zip(ours, c.embedding).map { abs($0 - $1) }.max() ?? .infinity
            #expect(difference <= 1e-5, "\(c.text.debugDescription.prefix(80)): largest |difference| \(difference)")
        }
    }

    @Test("The encoder refuses ids it cannot embed, naming them")
    func refusals() throws {
        let encoder = try SentenceEncoder(weights: SafetensorsFile(contentsOf: MiniLMFiles.file("model.safetensors", root: packageRoot)))
        #expect(throws: ArgumentError.self) { try encoder.embedding(ids: []) }
        #expect(throws: ArgumentError.self) { try encoder.embedding(ids: Array(repeating: 101, count: 513)) }
        let error = #expect(throws: ArgumentError.self) { try encoder.embedding(ids: [101, 30522, 102]) }
        #expect(error?.parameter == "ids[1]")
    }
}
