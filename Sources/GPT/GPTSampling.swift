import GSL
import Numerics

extension GPTModel {
    // listing: sampling
    /// Continues `prompt` by `count` tokens. Each step looks at the last `blockSize` tokens
    /// and draws the next from the last position's logits with `sampling` (temperature, top-k;
    /// temperature 0 is greedy). Throws `ArgumentError` for an empty prompt, an id outside
    /// the vocabulary, a negative count or settings `SamplingSettings.validate()` refuses.
    public func generate(after prompt: [Int], count: Int, sampling: SamplingSettings = .unmodified,
                         generator: RandomGenerator) throws -> [Int] {
        try configuration.validateGeneration(prompt: prompt, count: count, sampling: sampling, vocabularySize: vocabularySize)
        var tokens = prompt
        for _ in 0..<count {
            let context = Array(tokens.suffix(configuration.blockSize))
            let logits = try Array(forward(context, sequences: 1).logits.values.suffix(vocabularySize))
            try tokens.append(sampling.sample(logits: logits, generator: generator))
        }
        return Array(tokens.dropFirst(prompt.count))
    }
    // end listing
}
