import GSL
import Numerics

// listing: sample-word
/// A word from a bigram table: start at the boundary, draw characters until the boundary
/// comes back (or `maxLength` characters). Throws `ArgumentError` unless the table is
/// 27 × 27 rows of probabilities and `maxLength` ≥ 0.
public func sampleWord(_ probabilities: [[Double]], generator: RandomGenerator, maxLength: Int = 30) throws -> String {
    let size = CharacterVocabulary.size
    try ArgumentError.require(probabilities.count == size && probabilities.allSatisfy { $0.count == size }, "probabilities",
                              "\(probabilities.count) rows", allowed: "a \(size) × \(size) table over the word vocabulary")
    try ArgumentError.requireAtLeast(0, maxLength, "maxLength")
    // exercise: M5.3 write sampleWord: start at the boundary, draw each next character from its row until the boundary returns (Chapter 5, sampling)
    var previous = CharacterVocabulary.boundary, indices: [Int] = []
    while indices.count < maxLength {
        previous = try sampleIndex(probabilities[previous], generator: generator)
        if previous == CharacterVocabulary.boundary { break }
        indices.append(previous)
    }
    return try CharacterVocabulary.decode(indices)
    // end exercise
}
// end listing
