import Foundation
import AutogradEngine
import BigramLanguageModel
import GSL

extension GPTModel {
    // listing: sampling
    /// Continues `prompt` by `count` tokens. Each step looks at the last `blockSize` tokens,
    /// divides the last position's logits by `temperature` (below 1 sharpens, above 1
    /// flattens), keeps only the `topK` largest if given, and draws from their softmax.
    public func generate(after prompt: [Int], count: Int, temperature: Double = 1, topK: Int? = nil,
                         generator: RandomGenerator) -> [Int] {
        precondition(temperature > 0 && !prompt.isEmpty, "sampling needs a prompt and a positive temperature")
        var tokens = prompt
        for _ in 0..<count {
            let context = Array(tokens.suffix(configuration.blockSize))
            let logits = forward(context, sequences: 1).logits.values.suffix(vocabularySize).map { $0 / temperature }
            tokens.append(sampleIndex(Self.probabilities(logits, topK: topK), generator: generator))
        }
        return Array(tokens.dropFirst(prompt.count))
    }

    /// softmax(logits) with every logit below the k-th largest set to probability 0.
    public static func probabilities(_ logits: [Double], topK: Int?) -> [Double] {
        var kept = logits
        if let topK, topK < logits.count {
            let threshold = logits.sorted(by: >)[topK - 1]
            kept = logits.map { $0 >= threshold ? $0 : -.infinity }
        }
        return Tensor(kept, shape: [kept.count]).softmax().values
    }
    // end listing
}
