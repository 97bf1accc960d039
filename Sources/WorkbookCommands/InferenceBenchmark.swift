import Foundation
import GPT
import GPTFastPath
import GSL
import Inference
import InferenceExperiments
import Numerics

/// Chapter 12's benchmark: the workbook's decoder beside PyTorch's (`gpt_infer_torch.py`) on
/// the same checkpoint, prompt length and generation length: equality first (last-position
/// logits, greedy ids), then tokens/s with and without the cache, at each batch size and
/// thread count, for Float32 and each quantization.
struct InferenceBenchmark {
    let checkpoint: URL
    let promptLength = 16, newTokens = 48
    var batches = [1, 8]
    var rounds = 5

    /// The median of `rounds` timed generations after one warm-up.
    func measure(_ decoder: KVCacheDecoder, batch: Int, cache: Bool) throws -> GenerationTiming {
        let prompts = Self.prompts(batch: batch, length: promptLength, vocabularySize: decoder.vocabularySize)
        _ = try GenerationTiming.measure(decoder, prompts: prompts, count: newTokens, cache: cache)
        let timings = try (0..<rounds).map { _ in try GenerationTiming.measure(decoder, prompts: prompts, count: newTokens, cache: cache) }
        return timings.sorted { $0.total < $1.total }[rounds / 2]
    }

    /// Seeded random prompts, as the peer draws its own (timing does not depend on the ids).
    static func prompts(batch: Int, length: Int, vocabularySize: Int) -> [[Int]] {
        let generator = RandomGenerator(seed: 1)
        return (0..<batch).map { _ in (0..<length).map { _ in (try? generator.integer(below: vocabularySize)) ?? 0 } }
    }

    /// The peer's JSON for `arguments` (after `--checkpoint FILE`).
    func peer(python: String, script: String, _ arguments: [String]) throws -> [String: Any] {
        try PeerProcess.json(python: python, script: script, arguments: ["--checkpoint", checkpoint.path] + arguments)
    }
}
