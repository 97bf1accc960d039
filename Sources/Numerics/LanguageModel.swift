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
    /// Throws `LanguageModelError` for an empty context or an id outside 0..<vocabularySize.
    func nextTokenLogProbabilities(after context: [Int]) throws -> [Double]
}

/// A context a language model cannot read.
public enum LanguageModelError: Error, Equatable, CustomStringConvertible {
    case emptyContext
    case tokenOutOfRange(position: Int, token: Int, vocabularySize: Int)

    public var description: String {
        switch self {
        case .emptyContext:
            "context: empty; a next-token distribution needs at least one token"
        case let .tokenOutOfRange(position, token, vocabularySize):
            "context[\(position)] = \(token): token ids must be in 0..<\(vocabularySize)"
        }
    }
}

extension LanguageModel {
    /// The last `contextLength` tokens of `context`, after checking that it is not empty and
    /// that every id is in range.
    public func validatedContext(_ context: [Int]) throws -> [Int] {
        guard !context.isEmpty else { throw LanguageModelError.emptyContext }
        if let position = context.firstIndex(where: { !(0..<vocabularySize).contains($0) }) {
            throw LanguageModelError.tokenOutOfRange(position: position, token: context[position], vocabularySize: vocabularySize)
        }
        return Array(context.suffix(contextLength))
    }

    /// The mean negative log-likelihood (nats per token) of every token of `stream` after the
    /// first, each predicted from the tokens before it (at most `contextLength` of them).
    public func meanNegativeLogLikelihood(of stream: [Int]) throws -> Double {
        guard stream.count >= 2 else { throw LanguageModelError.emptyContext }
        var total = 0.0
        for position in 1..<stream.count {
            let logProbabilities = try nextTokenLogProbabilities(after: Array(stream[max(0, position - contextLength)..<position]))
            total -= logProbabilities[try validatedContext([stream[position]])[0]]
        }
        return total / Double(stream.count - 1)
    }

    /// Continues `prompt` by `count` tokens drawn with `sampling` (temperature, top-k). The
    /// log-probabilities serve as logits: softmax(log p / T) is the tempered distribution.
    public func generate(after prompt: [Int], count: Int, sampling: SamplingSettings = .unmodified,
                         generator: RandomGenerator) throws -> [Int] {
        var tokens = prompt
        for _ in 0..<count {
            tokens.append(sampling.sample(logits: try nextTokenLogProbabilities(after: tokens), generator: generator))
        }
        return Array(tokens.dropFirst(prompt.count))
    }
}
