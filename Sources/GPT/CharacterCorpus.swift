import Foundation
import GSL
import Numerics

/// A running text as character ids: the vocabulary is the sorted set of the text's Unicode
/// scalars, the first 90% of the sequence trains and the last 10% validates (split by
/// position, as nanoGPT and the PyTorch peer in `shared/bench` do).
public struct CharacterCorpus: Sendable {
    public let vocabulary: [Unicode.Scalar]
    public let train: [Int]
    public let validation: [Int]

    public init(text: String, trainFraction: Double = 0.9) {
        vocabulary = Array(Set(text.unicodeScalars)).sorted()
        let index = Dictionary(uniqueKeysWithValues: vocabulary.enumerated().map { ($1, $0) })
        let ids = text.unicodeScalars.map { index[$0]! }
        let cut = Int(trainFraction * Double(ids.count))
        train = Array(ids[..<cut])
        validation = Array(ids[cut...])
    }

    /// Eight Shakespeare tragedies (Fixtures/shakespeare/plays.txt, 1.1 MB).
    public static func shakespeare(root: URL) throws -> CharacterCorpus {
        CharacterCorpus(text: try FileFormatError.readText(root.appendingPathComponent("Fixtures/shakespeare/plays.txt")))
    }

    public var vocabularySize: Int { vocabulary.count }

    public func decode(_ ids: [Int]) -> String {
        var text = String.UnicodeScalarView()
        text.append(contentsOf: ids.map { vocabulary[$0] })
        return String(text)
    }

    public func encode(_ text: String) -> [Int] {
        text.unicodeScalars.map { scalar in vocabulary.firstIndex(of: scalar)! }
    }

    /// `count` windows of `length` training characters at seeded random positions, and the
    /// character after each position (the targets): both `count × length`, row-major.
    public func randomWindows(count: Int, length: Int, generator: RandomGenerator) -> (inputs: [Int], targets: [Int]) {
        var inputs: [Int] = [], targets: [Int] = []
        for _ in 0..<count {
            let start = generator.integer(below: train.count - length)
            inputs += train[start..<(start + length)]
            targets += train[(start + 1)...(start + length)]
        }
        return (inputs, targets)
    }

    /// The non-overlapping `length`-character windows of the first `characters` validation
    /// characters, with their targets: a fixed, deterministic dev set.
    public func validationWindows(length: Int, characters: Int? = nil) -> (inputs: [Int], targets: [Int], count: Int) {
        let available = min(characters ?? validation.count, validation.count) - 1
        let count = available / length
        return (Array(validation[0..<(count * length)]), Array(validation[1...(count * length)]), count)
    }
}
