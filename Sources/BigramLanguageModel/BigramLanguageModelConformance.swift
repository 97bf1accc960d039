import Foundation
import Numerics

/// A bigram table (P(next | previous), rows summing to 1) as a `LanguageModel`.
public struct BigramModel: LanguageModel, Sendable {
    /// `probabilities[previous][next]`.
    public let probabilities: [[Double]]

    /// Throws `ArgumentError` unless the table is square and each row a distribution
    /// (entries finite and ≥ 0, summing to 1 within 1e-9).
    public init(probabilities: [[Double]]) throws {
        try ArgumentError.require(!probabilities.isEmpty && probabilities.allSatisfy { $0.count == probabilities.count },
                                  "probabilities", "\(probabilities.count) rows", allowed: "a non-empty square table")
        for (index, row) in probabilities.enumerated() {
            try ArgumentError.require(row.allSatisfy { $0.isFinite && $0 >= 0 } && abs(row.reduce(0, +) - 1) <= 1e-9,
                                      "probabilities[\(index)]", "sum \(row.reduce(0, +))", allowed: "entries ≥ 0 summing to 1")
        }
        self.probabilities = probabilities
    }

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
