import Foundation
import Numerics

/// A bigram table (P(next | previous), rows summing to 1) as a `LanguageModel`.
public struct BigramModel: LanguageModel, Sendable {
    /// `probabilities[previous][next]`.
    public let probabilities: [[Double]]

    public init(probabilities: [[Double]]) { self.probabilities = probabilities }

    public var vocabularySize: Int { probabilities.count }
    public var contextLength: Int { 1 }

    public func nextTokenLogProbabilities(after context: [Int]) throws -> [Double] {
        probabilities[try validatedContext(context)[0]].map(log)
    }
}

extension NeuralBigram: LanguageModel {
    public var vocabularySize: Int { logits.shape[0] }
    public var contextLength: Int { 1 }

    /// log softmax of the previous token's row of W.
    public func nextTokenLogProbabilities(after context: [Int]) throws -> [Double] {
        let previous = try validatedContext(context)[0], size = vocabularySize
        return logSoftmax(Array(logits.values[(previous * size)..<((previous + 1) * size)]))
    }
}
