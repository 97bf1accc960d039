import Foundation
import GPTFastPath
import Inference
import Numerics

/// What serving costs with each technique at batch 1, 8 and 32: time to the first token,
/// latency per step (median and p90), tokens per second, the bytes of the weights and of the
/// cache, and model FLOPs per generated token (counted by the decoders, so a rejected draft or
/// a recomputed window is paid for). Timing is wall-clock and reported, never asserted;
/// bytes and FLOPs are exact.
public struct ServingCosts: Sendable {
    public enum Technique: String, CaseIterable, Sendable {
        case noCache = "no cache, fp32"
        case cache = "KV cache, fp32"
        case int8 = "KV cache, int8 per row"
        case q8_0 = "KV cache, Q8_0"
        case int4 = "KV cache, int4 g32"
        case speculative = "KV cache + speculative, k 4"

        var weights: KVCacheDecoder.Weights {
            switch self {
            case .int8: .quantized(.int8PerRow)
            case .q8_0: .quantized(.q8_0)
            case .int4: .quantized(.int4)
            default: .float32
            }
        }
    }

    public struct Row: Sendable {
        public let technique: Technique, batch: Int
        public let timeToFirstToken: Double, medianLatency: Double, p90Latency: Double, tokensPerSecond: Double
        public let modelBytes: Int, cacheBytes: Int, flopsPerToken: Double
    }

    public let promptLength: Int, newTokens: Int
    public let rows: [Row]

    /// Speculative decoding runs at batch 1 only (one sequence per decoder here). Throws as the
    /// decoders do. Works on copies of the weights.
    public init(model: FusedGPT<Float>, draft: FusedGPT<Float>, prompts: [[Int]], count: Int, batches: [Int] = [1, 8, 32], rounds: Int = 3) throws {
        let largest = batches.max() ?? 1
        var rows: [Row] = []
        for technique in Technique.allCases {
            if technique == .speculative {
                let target = try KVCacheDecoder(model: model), drafter = try KVCacheDecoder(model: draft)
                let decoding = try SpeculativeDecoding(lookahead: 4)
                var best: (timing: GenerationTiming, flops: Int)?
                for round in 0...rounds {
                    let (f0, d0) = (target.flops, drafter.flops)
                    let timing = try GenerationTiming.measure(batch: 1, newTokens: count) { mark in
                        _ = try decoding.generate(target: target, draft: drafter, prompt: prompts[0], count: count) { _ in mark() }
                    }
                    let spent = target.flops - f0 + drafter.flops - d0
                    if round > 0, best == nil || timing.total < best!.timing.total { best = (timing, spent) }
                }
                rows.append(Self.row(technique, best!.timing, modelBytes: target.modelBytes + drafter.modelBytes,
                                     cacheBytes: target.cacheBytes + drafter.cacheBytes, flops: best!.flops))
                continue
            }
            let decoder = try KVCacheDecoder(model: model, sequences: largest, weights: technique.weights)
            for batch in batches {
                let batchPrompts = (0..<batch).map { prompts[$0 % prompts.count] }
                var best: (timing: GenerationTiming, flops: Int)?
                for round in 0...rounds {
                    let before = decoder.flops
                    let timing = try GenerationTiming.measure(decoder, prompts: batchPrompts, count: count, cache: technique != .noCache)
                    if round > 0, best == nil || timing.total < best!.timing.total { best = (timing, decoder.flops - before) }
                }
                rows.append(Self.row(technique, best!.timing, modelBytes: decoder.modelBytes,
                                     cacheBytes: technique == .noCache ? 0 : decoder.cacheBytes, flops: best!.flops))
            }
        }
        (promptLength, newTokens, self.rows) = (prompts[0].count, count, rows)
    }

    static func row(_ technique: Technique, _ t: GenerationTiming, modelBytes: Int, cacheBytes: Int, flops: Int) -> Row {
        Row(technique: technique, batch: t.batch, timeToFirstToken: t.timeToFirstToken, medianLatency: t.medianLatency, p90Latency: t.p90Latency,
            tokensPerSecond: t.tokensPerSecond, modelBytes: modelBytes, cacheBytes: cacheBytes, flopsPerToken: Double(flops) / Double(t.batch * t.newTokens))
    }

    public func row(_ technique: Technique, batch: Int) -> Row? { rows.first { $0.technique == technique && $0.batch == batch } }
}
