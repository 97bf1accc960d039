import Foundation
import Numerics

/// How often each character follows each other: counts[previous][next], over the words with
/// their boundary marks. For a bigram model these counts are all the data says.
public struct BigramCounts: Sendable, Equatable {
    public let size: Int
    public private(set) var counts: [[Double]]

    /// Throws `ArgumentError` for a size below 1 or an id outside 0..<size.
    public init(sequences: [[Int]], size: Int) throws {
        try ArgumentError.requireAtLeast(1, size, "size")
        for (index, sequence) in sequences.enumerated() { try ArgumentError.requireAll(sequence, in: 0..<size, "sequences[\(index)]") }
        self.size = size
        var counts = Array(repeating: Array(repeating: 0.0, count: size), count: size)
        for sequence in sequences {
            for (previous, next) in zip(sequence, sequence.dropFirst()) { counts[previous][next] += 1 }
        }
        self.counts = counts
    }

    /// Throws `ArgumentError` for a word with a character other than a–z.
    public init(words: [String]) throws {
        try self.init(sequences: words.map(CharacterVocabulary.encode), size: CharacterVocabulary.size)
    }

    public var total: Double { counts.joined().reduce(0, +) }
}

// listing: counting-model
/// P(next | previous) = (count + k) / (row total + k·V): add-k smoothing gives every
/// character pair, seen or not, a little probability. Throws `ArgumentError` for a k that is
/// negative or not finite, or k = 0 with a row that has no counts (0/0).
public func smoothedProbabilities(_ bigrams: BigramCounts, k: Double) throws -> [[Double]] {
    try ArgumentError.require(k.isFinite && k >= 0, "k", k, allowed: "must be finite and ≥ 0")
    if k == 0, let empty = bigrams.counts.firstIndex(where: { $0.allSatisfy { $0 == 0 } }) {
        throw ArgumentError(parameter: "k", value: "0", allowed: "row \(empty) has no counts, so needs k > 0")
    }
    try ArgumentError.require((k * Double(bigrams.size) + bigrams.total).isFinite, "k", k, allowed: "k × \(bigrams.size) must be finite")
    // exercise: M5.1 write smoothedProbabilities: P(next | previous) = (count + k) / (row total + k·V), row by row (Chapter 5, counting)
    return bigrams.counts.map { row in
        let total = row.reduce(0, +) + k * Double(bigrams.size)
        return row.map { ($0 + k) / total }
    }
    // end exercise
}

/// The mean negative log-likelihood per predicted character (nats), end marks included.
/// Throws `ArgumentError` for an id outside the table or no pair to predict.
public func negativeLogLikelihood(_ probabilities: [[Double]], sequences: [[Int]]) throws -> Double {
    for (index, sequence) in sequences.enumerated() { try ArgumentError.requireAll(sequence, in: 0..<probabilities.count, "sequences[\(index)]") }
    try ArgumentError.require(probabilities.allSatisfy { $0.count == probabilities.count }, "probabilities", "\(probabilities.count) rows",
                              allowed: "a square table, one row per previous id")
    for (index, row) in probabilities.enumerated() {
        try ArgumentError.require(row.allSatisfy { $0.isFinite && $0 >= 0 } && abs(row.reduce(0, +) - 1) <= 1e-9,
                                  "probabilities[\(index)]", "sum \(row.reduce(0, +))", allowed: "entries ≥ 0 summing to 1")
    }
    try ArgumentError.require(sequences.contains { $0.count >= 2 }, "sequences", "no pairs", allowed: "at least one sequence of 2 or more ids")
    var total = 0.0, count = 0
    for sequence in sequences {
        for (previous, next) in zip(sequence, sequence.dropFirst()) {
            total -= log(probabilities[previous][next])
            count += 1
        }
    }
    return total / Double(count)
}
// end listing
