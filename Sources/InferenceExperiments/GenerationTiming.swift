import Foundation
import Inference
import Numerics

/// Wall-clock figures of one batched generation: time to the first token (the prefill and the
/// first choice), then the latency of each further step (one token for every sequence), and
/// the throughput over the whole call. Timing is reported, never asserted.
public struct GenerationTiming: Sendable {
    public let batch: Int, newTokens: Int
    /// Seconds from the call to the first sequence's first token.
    public let timeToFirstToken: Double
    /// Seconds of each step after the first token, for the whole batch.
    public let stepLatencies: [Double]
    /// Seconds of the whole call.
    public let total: Double

    public var medianLatency: Double { quantile(stepLatencies, 0.5) }
    public var p90Latency: Double { quantile(stepLatencies, 0.9) }
    /// Generated tokens per second: batch × new tokens over the whole call, prefill included.
    public var tokensPerSecond: Double { Double(batch * newTokens) / total }

    /// Times `decoder.generate(prompts:count:cache:)` (greedy); throws as it does.
    public static func measure(_ decoder: KVCacheDecoder, prompts: [[Int]], count: Int, cache: Bool = true) throws -> GenerationTiming {
        try measure(batch: prompts.count, newTokens: count) { mark in
            _ = try decoder.generate(prompts: prompts, count: count, cache: cache) { sequence, _, _ in if sequence == 0 { mark() } }
        }
    }

    /// Times `generate`, which calls `mark` when the first sequence's each token is decided.
    public static func measure(batch: Int, newTokens: Int, _ generate: (_ mark: () -> Void) throws -> Void) rethrows -> GenerationTiming {
        var marks: [UInt64] = []
        let start = DispatchTime.now().uptimeNanoseconds
        try generate { marks.append(DispatchTime.now().uptimeNanoseconds) }
        let end = DispatchTime.now().uptimeNanoseconds
        let seconds = { (a: UInt64, b: UInt64) in Double(b - a) / 1e9 }
        return GenerationTiming(batch: batch, newTokens: newTokens, timeToFirstToken: seconds(start, marks.first ?? end),
                                stepLatencies: zip(marks, marks.dropFirst()).map(seconds), total: seconds(start, end))
    }
}
