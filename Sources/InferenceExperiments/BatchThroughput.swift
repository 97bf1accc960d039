import Foundation
import GPTFastPath
import Inference
import Numerics

/// Batched generation with the KV cache: prompts of different lengths generated together
/// equal each generated alone (ids), and tokens per second at each batch size. Each
/// sequence has its own positions in the cache, so no padding is needed. Timing is
/// reported, never asserted.
public struct BatchThroughput: Sendable {
    public struct Point: Sendable {
        public let batch: Int
        public let tokensPerSecond: Double
    }
    /// The prompts compared alone and together, and those whose batched ids differ.
    public let promptLengths: [Int], newTokens: Int
    public let differing: [Int]
    public let points: [Point]
    public let throughputTokens: Int

    /// `prompts` are generated `count` tokens together and alone (greedy); the throughput runs
    /// use `throughputCount` tokens after the first prompt's first `throughputPrompt` tokens,
    /// repeated to each batch size. Throws as `KVCacheDecoder.generate` does.
    public init(model: FusedGPT<Float>, prompts: [[Int]], count: Int, batches: [Int], throughputPrompt: Int = 8,
                throughputCount: Int = 24, rounds: Int = 3) throws {
        let together = try KVCacheDecoder(model: model, sequences: max(prompts.count, batches.max() ?? 1))
        let batched = try together.generate(prompts: prompts, count: count)
        let alone = try KVCacheDecoder(model: model)
        differing = try prompts.indices.filter { try alone.generate(prompts: [prompts[$0]], count: count)[0] != batched[$0] }
        (promptLengths, newTokens, throughputTokens) = (prompts.map(\.count), count, throughputCount)
        let base = Array(prompts[0].prefix(throughputPrompt))
        points = try batches.map { batch in
            let timings = try (0...rounds).map { _ in try GenerationTiming.measure(together, prompts: Array(repeating: base, count: batch), count: throughputCount) }
            return Point(batch: batch, tokensPerSecond: quantile(timings.dropFirst().map(\.tokensPerSecond), 0.5))
        }
    }
}
