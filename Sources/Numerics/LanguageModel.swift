import GSL

/// A language model as evaluation, sampling and later chapters see it: a distribution over
/// the next token given the tokens before it. Chapter 5's bigram, Chapter 6's MLP and both of
/// Chapter 8's GPTs implement it, so code written against it works with any of them.
public protocol LanguageModel {
    /// Token ids run over 0..<vocabularySize.
    var vocabularySize: Int { get }
    /// The most tokens of context the model looks at: 1 for a bigram, the context length of
    /// an MLP, the block size of a GPT. A longer context is cut to its last `contextLength`.
    var contextLength: Int { get }
    /// log p(next = v | context) for every token v (natural logarithm; `vocabularySize`
    /// values). A context shorter than `contextLength` is what a sequence's first positions
    /// see; the MLP pads it on the left by repeating its first token.
    /// Throws `ArgumentError` for an empty context or an id outside 0..<vocabularySize.
    func nextTokenLogProbabilities(after context: [Int]) throws -> [Double]
}

extension LanguageModel {
    /// The last `contextLength` tokens of `context`, after checking that it is not empty and
    /// that every id is in range (else `ArgumentError`).
    public func validatedContext(_ context: [Int]) throws -> [Int] {
        try ArgumentError.require(!context.isEmpty, "context.count", 0, allowed: "a next-token distribution needs at least one token")
        try ArgumentError.requireAll(context, in: 0..<vocabularySize, "context", meaning: "token ids")
        return Array(context.suffix(contextLength))
    }

    /// The mean negative log-likelihood (nats per token) of every token of `stream` after the
    /// first, each predicted from the tokens before it (at most `contextLength` of them).
    public func meanNegativeLogLikelihood(of stream: [Int]) throws -> Double {
        try ArgumentError.require(stream.count >= 2, "stream.count", stream.count,
                                  allowed: "evaluation needs at least 2 tokens (a context and a token to predict)")
        try ArgumentError.requireAll(stream, in: 0..<vocabularySize, "stream", meaning: "token ids")
        var total = 0.0
        for position in 1..<stream.count {
            total -= try nextTokenLogProbabilities(after: Array(stream[max(0, position - contextLength)..<position]))[stream[position]]
        }
        return total / Double(stream.count - 1)
    }

    /// Continues `prompt` by `count` tokens drawn with `sampling` (temperature, top-k). The
    /// log-probabilities serve as logits: softmax(log p / T) is the tempered distribution.
    /// Throws `ArgumentError` for an empty prompt, a negative count, invalid settings or ids.
    public func generate(after prompt: [Int], count: Int, sampling: SamplingSettings = .unmodified,
                         generator: RandomGenerator) throws -> [Int] {
        try ArgumentError.requireAtLeast(0, count, "count")
        try sampling.validate()
        var tokens = prompt
        for _ in 0..<count {
            try tokens.append(sampling.sample(logits: nextTokenLogProbabilities(after: tokens), generator: generator))
        }
        return Array(tokens.dropFirst(prompt.count))
    }
}
