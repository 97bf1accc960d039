import Foundation
import Testing
import GPTExperiments
import GPTFastPath
import Inference
import InferenceExperiments
import Numerics
import WorkbookTesting

@Suite("M12 · Inference: the KV cache")
struct KVCacheTests {
    @Test("Greedy generation with the KV cache gives the ids of recomputing the context, logits within 1e-5 at every step, past the block size")
    func cacheEqualsRecomputation() throws {
        attach(try InferenceRuns.kvCacheRecord.get())
        let e = try InferenceRuns.kvCache.get()
        #expect(e.cached == e.recomputed)
        #expect(e.prompt.count + e.cached.count > 2 * e.blockSize, "the generation crosses the block size")
        for (step, difference) in e.logitDifferences.enumerated() { #expect(difference <= 1e-5, "step \(step): \(difference)") }
    }

    @Test("The cache holds layers × 2 × positions × width × 4 bytes")
    func cacheBytes() throws {
        attach(try InferenceRuns.kvCacheRecord.get())
        let c = try InferenceRuns.mainRun.get().gpt.configuration
        let e = try InferenceRuns.kvCache.get()
        #expect(e.cacheBytesAtBlock == c.layers * 2 * c.blockSize * c.width * 4)
        #expect(KVCacheDecoder.cacheBytes(configuration: c, positions: c.blockSize) == e.cacheBytesAtBlock)
    }

    @Test("The decoder refuses a token outside the vocabulary and a full cache, naming them")
    func refusals() throws {
        let model = try FusedGPT<Float>(configuration: .test, vocabularySize: 11, seed: 1)
        let decoder = try KVCacheDecoder(model: model)
        let token = #expect(throws: ArgumentError.self) { try decoder.append(11) }
        #expect(token?.parameter == "rows[0].token")
        for _ in 0..<model.configuration.blockSize { _ = try decoder.append(1) }
        let full = #expect(throws: ArgumentError.self) { try decoder.append(1) }
        #expect(full?.parameter == "cache length")
        #expect(throws: ArgumentError.self) { try decoder.generate(after: [], count: 3) }
        #expect(throws: ArgumentError.self) { try decoder.generate(after: [1], count: -1) }
    }
}
