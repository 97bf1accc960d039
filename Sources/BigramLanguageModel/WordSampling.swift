import GSL
import Numerics

// listing: sample-word
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
