import Foundation
import Numerics

/// How often each character follows each other: counts[previous][next], over the words with
/// their boundary marks. For a bigram model these counts are all the data says.
public struct BigramCounts: Sendable, Equatable {
    public let size: Int
    public private(set) var counts: [[Double]]

    public init(sequences: [[Int]], size: Int) {
        self.size = size
        var counts = Array(repeating: Array(repeating: 0.0, count: size), count: size)
        for sequence in sequences {
            for (previous, next) in zip(sequence, sequence.dropFirst()) { counts[previous][next] += 1 }
        }
        self.counts = counts
    }

    public init(words: [String]) {
        self.init(sequences: words.map(CharacterVocabulary.encode), size: CharacterVocabulary.size)
    }

    public var total: Double { counts.joined().reduce(0, +) }
}

// listing: counting-model
/// P(next | previous) = (count + k) / (row total + k·V): add-k smoothing gives every
/// character pair, seen or not, a little probability.
public func smoothedProbabilities(_ bigrams: BigramCounts, k: Double) -> [[Double]] {
    bigrams.counts.map { row in
        let total = row.reduce(0, +) + k * Double(bigrams.size)
        return row.map { ($0 + k) / total }
    }
}

/// The mean negative log-likelihood per predicted character (nats), end marks included.
public func negativeLogLikelihood(_ probabilities: [[Double]], sequences: [[Int]]) -> Double {
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
