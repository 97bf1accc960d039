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
        attach(try SharedRuns.equalityRecord.get())
        let e = try SharedRuns.equality.get()
        #expect(e.embeddingTexts > 200)
        #expect(e.embeddingLargestAbsolute <= 1e-5, "\(e.embeddingWorst.debugDescription.prefix(80)): largest |difference| \(e.embeddingLargestAbsolute)")
    }

    @Test("Encoding texts together, on one thread or two, gives each text's embedding alone")
    func batchedEqualsAlone() throws {
        let (tokenizer, encoder) = try SharedRuns.model.get()
        let texts = ["In the beginning was the Word.", "", "Jesus wept.", String(repeating: "long text ", count: 40)]
        let alone = try texts.map { try encoder.embedding(ids: tokenizer.encode($0)) }
        // Reversed, the long text's batch comes first, so on one thread the second batch reuses
        // activation arrays larger than it needs, still holding the first batch's values.
        for order in [Array(texts.indices), texts.indices.reversed()] {
            for threads in [1, 2] {
                let together = try encoder.embeddings(of: order.map { texts[$0] }, tokenizer: tokenizer, batchSize: 3, threads: threads)
                for (i, b) in zip(order, together) { #expect(zip(alone[i], b).map { abs($0 - $1) }.max()! <= 1e-6, "text \(i), \(threads) thread(s)") }
            }
        }
        #expect(throws: ArgumentError.self) { try encoder.embeddings(of: texts, tokenizer: tokenizer, threads: 3) }
        #expect(throws: ArgumentError.self) { try encoder.embeddings(of: texts, tokenizer: tokenizer, batchSize: 0) }
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
