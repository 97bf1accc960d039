import GSL
import Numerics

extension FusedGPT {
    /// Continues `prompt` by `count` tokens with `sampling` (temperature, top-k), as `GPTModel.generate`.
    /// The context is padded on the right to a full block: causality makes the padding
    /// invisible to the last real position, and one buffer shape serves every step. Throws as
    /// `GPTModel.generate` does, for the same inputs.
    @_specialize(exported: true, where Scalar == Float)
    @_specialize(exported: true, where Scalar == Double)
    public func generate(after prompt: [Int], count: Int, sampling: SamplingSettings = .unmodified,
                         generator: RandomGenerator) throws -> [Int] {
        try configuration.validateGeneration(prompt: prompt, count: count, sampling: sampling, vocabularySize: vocabularySize)
        var tokens = prompt
        let block = configuration.blockSize
        for _ in 0..<count {
            let context = Array(tokens.suffix(block))
            try forward(context + Array(repeating: 0, count: block - context.count), targets: nil, sequences: 1)
            try tokens.append(sampling.sample(logits: logits(row: context.count - 1).map(Double.init), generator: generator))
        }
        return Array(tokens.dropFirst(prompt.count))
    }
}
