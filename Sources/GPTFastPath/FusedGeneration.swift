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

    // listing: batched-continuations
    /// Continues every prompt until it produces `stop` (left out of the result) or
    /// `maximumLength` tokens, all prompts together: each step is one forward pass over the
    /// unfinished ones, each context padded on the right to the block (causality makes the
    /// padding invisible). Prompt i samples with its own generator, seeded `seed + i`, so its
    /// continuation does not depend on the others. Throws `ArgumentError` for no prompts, an
    /// empty prompt or one with an id outside the vocabulary, a stop id outside it, a negative
    /// length, or sampling settings `SamplingSettings.validate()` refuses.
    @_specialize(exported: true, where Scalar == Float)
    public func continuations(of prompts: [[Int]], stop: Int, maximumLength: Int, sampling: SamplingSettings = .greedy,
                              seed: UInt = 0) throws -> [[Int]] {
        try ArgumentError.require(!prompts.isEmpty, "prompts", "[]", allowed: "at least one prompt")
        for prompt in prompts {
            try configuration.validateGeneration(prompt: prompt, count: maximumLength, sampling: sampling, vocabularySize: vocabularySize)
        }
        try ArgumentError.require((0..<vocabularySize).contains(stop), "stop", stop, allowed: "a token id in 0..<\(vocabularySize)")
        let block = configuration.blockSize
        var tokens = prompts, generated = [[Int]](repeating: [], count: prompts.count), active = Array(prompts.indices)
        let generators = prompts.indices.map { RandomGenerator(seed: seed + UInt($0)) }
        for _ in 0..<maximumLength where !active.isEmpty {
            let contexts = active.map { Array(tokens[$0].suffix(block)) }
            try forward(contexts.flatMap { $0 + Array(repeating: stop, count: block - $0.count) }, targets: nil, sequences: active.count)
            var stillActive: [Int] = []
            for (row, i) in active.enumerated() {
                let next = try sampling.sample(logits: logits(row: row * block + contexts[row].count - 1).map(Double.init), generator: generators[i])
                if next == stop { continue }
                tokens[i].append(next)
                generated[i].append(next)
                stillActive.append(i)
            }
            active = stillActive
        }
        return generated
    }
    // end listing
}
