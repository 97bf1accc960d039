import Foundation
import GPT
import GPTFastPath
import Inference
import Numerics

/// The KV cache against recomputation on a trained model: greedy generation of `count` tokens
/// after a prompt, once with `KVCacheDecoder` and once by rerunning the fast GPT on the whole
/// window at every step; the ids and, at every step, the largest logit difference.
public struct KVCacheEquivalence: Sendable {
    public let prompt: [Int], cached: [Int], recomputed: [Int]
    /// Per generated token, the largest |cached − recomputed| logit.
    public let logitDifferences: [Double]
    public let blockSize: Int
    public let cacheBytesAtBlock: Int

    /// Throws as `KVCacheDecoder.generate` and `FusedGPT.forward` do. Works on copies of
    /// `model`'s weights: a shared model's buffers are not for two threads at once.
    public init(model shared: FusedGPT<Float>, prompt: [Int], count: Int) throws {
        let model = try FusedGPT<Float>(configuration: shared.configuration, vocabularySize: shared.vocabularySize, parameters: shared.parameterValues)
        let decoder = try KVCacheDecoder(model: model)
        let (ids, logits) = try decoder.generate(after: prompt, count: count)
        let block = model.configuration.blockSize
        var tokens = prompt, reference: [Int] = [], differences: [Double] = []
        for step in 0..<count {
            let context = Array(tokens.suffix(block))
            try model.forward(context, targets: nil, sequences: 1)
            let full = try model.logits(row: context.count - 1)
            differences.append(zip(full, logits[step]).map { Double(abs($0 - $1)) }.max() ?? .infinity)
            let next = full.indices.max { (full[$0], -$0) < (full[$1], -$1) }!
            reference.append(next)
            tokens.append(next)
        }
        (self.prompt, cached, recomputed, logitDifferences, blockSize) = (prompt, ids, reference, differences, block)
        decoder.reset()
        for token in prompt.prefix(1) + Array(repeating: prompt[0], count: block - 1) { _ = try decoder.append(token) }
        cacheBytesAtBlock = decoder.cacheBytes
    }
}
