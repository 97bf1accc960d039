import Foundation
import GPTFastPath
import Inference
import Numerics

/// What one generated token costs at each context length, with the KV cache and without:
/// greedy generation from a one-token prompt to three blocks, the latency of each step timed
/// (the median over `rounds` runs). With the cache a step is one row per layer until the
/// block is full; past it the window slides, every cached key is stale, and a step costs what
/// recomputing the window costs. Timing is reported, never asserted.
public struct ContextCost: Sendable {
    public struct Point: Sendable {
        /// Tokens in the context the step reads (the window past the block).
        public let context: Int
        public let secondsWithCache: Double, secondsWithoutCache: Double
    }
    public let blockSize: Int
    public let points: [Point]

    /// Throws as `KVCacheDecoder.generate` does. Works on a copy of `model`'s weights.
    public init(model: FusedGPT<Float>, rounds: Int = 5) throws {
        let decoder = try KVCacheDecoder(model: model)
        let block = model.configuration.blockSize, count = 3 * block
        func latencies(cache: Bool) throws -> [Double] {
            let runs = try (0..<rounds).map { _ in try GenerationTiming.measure(decoder, prompts: [[0]], count: count, cache: cache).stepLatencies }
            return (0..<runs[0].count).map { step in quantile(runs.map { $0[step] }, 0.5) }
        }
        let with = try latencies(cache: true), without = try latencies(cache: false)
        blockSize = block
        // Step i appends the (i + 2)-th token: its context holds i + 2 tokens, at most a block.
        points = with.indices.map { Point(context: $0 + 2, secondsWithCache: with[$0], secondsWithoutCache: without[$0]) }
    }

    /// Median seconds per step over the points inside the block and past it.
    public func median(cache: Bool, pastBlock: Bool) -> Double {
        let chosen = points.filter { ($0.context > blockSize) == pastBlock }
        return quantile(chosen.map { cache ? $0.secondsWithCache : $0.secondsWithoutCache }, 0.5)
    }
}
