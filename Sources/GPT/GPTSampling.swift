import GSL
import Numerics

extension GPTModel {
    // listing: sampling
    /// Continues `prompt` by `count` tokens. Each step looks at the last `blockSize` tokens
    /// and draws the next from the last position's logits with `sampling` (temperature, top-k).
    public func generate(after prompt: [Int], count: Int, sampling: SamplingSettings = .unmodified,
                         generator: RandomGenerator) -> [Int] {
        precondition(sampling.temperature > 0 && !prompt.isEmpty, "sampling needs a prompt and a positive temperature")
        var tokens = prompt
        for _ in 0..<count {
            let context = Array(tokens.suffix(configuration.blockSize))
            let logits = Array(forward(context, sequences: 1).logits.values.suffix(vocabularySize))
            tokens.append(sampling.sample(logits: logits, generator: generator))
        }
        return Array(tokens.dropFirst(prompt.count))
    }
    // end listing
}
