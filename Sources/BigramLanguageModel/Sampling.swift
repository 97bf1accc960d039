import GSL
import WorkbookCore

// listing: sampling
/// Draws one index from a probability vector: the first index whose cumulative probability
/// passes a uniform number in [0, 1).
public func sampleIndex(_ probabilities: [Double], generator: RandomGenerator) -> Int {
    let u = generator.uniform()
    var cumulative = 0.0
    for (index, p) in probabilities.enumerated() {
        cumulative += p
        if u < cumulative { return index }
    }
    return probabilities.count - 1          // rounding left the sum just below 1
}

/// A word from a bigram table: start at the boundary, draw characters until the boundary
/// comes back (or `maxLength` characters).
public func sampleWord(_ probabilities: [[Double]], generator: RandomGenerator, maxLength: Int = 30) -> String {
    var previous = CharacterVocabulary.boundary, indices: [Int] = []
    while indices.count < maxLength {
        previous = sampleIndex(probabilities[previous], generator: generator)
        if previous == CharacterVocabulary.boundary { break }
        indices.append(previous)
    }
    return CharacterVocabulary.decode(indices)
}
// end listing

/// How real the sampled words look.
public struct SampleQuality: Sendable {
    public let samples: [String]
    /// Samples that are words of the held-out list.
    public let realFraction: Double
    /// Samples that are not words of the training list.
    public let novelFraction: Double

    public init(samples: [String], training: Set<String>, heldOut: Set<String>) {
        self.samples = samples
        realFraction = Double(samples.filter(heldOut.contains).count) / Double(samples.count)
        novelFraction = Double(samples.filter { !training.contains($0) }.count) / Double(samples.count)
    }

    /// The first 20 samples, five to a row, for a log entry ("∅" for an empty word).
    public func table(seed: UInt) -> Table {
        Table(title: "The first 20 samples (seed \(seed))", columns: ["Samples"],
              rows: stride(from: 0, to: 20, by: 5).map { start in
                  [samples[start..<(start + 5)].map { "`\($0.isEmpty ? "∅" : $0)`" }.joined(separator: " ")]
              })
    }
}
