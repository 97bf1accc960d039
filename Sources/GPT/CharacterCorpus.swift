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

    /// Throws `ArgumentError` unless the fraction is in (0, 1) and leaves both parts at least
    /// two characters (a window and its target).
    public init(text: String, trainFraction: Double = 0.9) throws {
        try self.init(text: text, vocabulary: Array(Set(text.unicodeScalars)).sorted(), trainFraction: trainFraction)
    }

    /// A text in a given vocabulary (a model's, so that another text can fine-tune it): ids
    /// are positions in `vocabulary`. Throws `ArgumentError` as `init(text:trainFraction:)`,
    /// for a vocabulary with repeats, or for a character of the text it lacks (naming its position).
    public init(text: String, vocabulary: [Unicode.Scalar], trainFraction: Double = 0.9) throws {
        try ArgumentError.require(trainFraction > 0 && trainFraction < 1, "trainFraction", trainFraction, allowed: "must be in (0, 1)")
        let characters = text.unicodeScalars.count, cut = Int(trainFraction * Double(characters))
        try ArgumentError.require(cut >= 2 && characters - cut >= 2, "text", "\(characters) characters",
                                  allowed: "the train and validation parts each need at least 2")
        try ArgumentError.require(Set(vocabulary).count == vocabulary.count, "vocabulary", "\(vocabulary.count) characters",
                                  allowed: "each character once")
        self.vocabulary = vocabulary
        let ids = try Self.ids(of: text, in: Dictionary(uniqueKeysWithValues: vocabulary.enumerated().map { ($1, $0) }),
                               vocabularySize: vocabulary.count)
        train = Array(ids[..<cut])
        validation = Array(ids[cut...])
    }

    private static func ids(of text: String, in index: [Unicode.Scalar: Int], vocabularySize: Int) throws -> [Int] {
        try text.unicodeScalars.enumerated().map { position, scalar in
            guard let id = index[scalar] else {
                throw ArgumentError(parameter: "text[\(position)]", value: "\"\(scalar)\" (U+\(String(scalar.value, radix: 16, uppercase: true)))",
                                    allowed: "characters must be in the vocabulary of \(vocabularySize)")
            }
            return id
        }
    }

    /// Eight Shakespeare tragedies (Fixtures/shakespeare/plays.txt, 1.1 MB).
    public static func shakespeare(root: URL) throws -> CharacterCorpus {
        try CharacterCorpus(text: FileFormatError.readText(root.appendingPathComponent("Fixtures/shakespeare/plays.txt")))
    }

    public var vocabularySize: Int { vocabulary.count }

    /// The text of `ids`; throws `ArgumentError` for an id outside the vocabulary.
    public func decode(_ ids: [Int]) throws -> String {
        try ArgumentError.requireAll(ids, in: 0..<vocabularySize, "ids", meaning: "character ids")
        var text = String.UnicodeScalarView()
        text.append(contentsOf: ids.map { vocabulary[$0] })
        return String(text)
    }

    /// The ids of `text`'s characters; throws `ArgumentError` for one the corpus never has.
    public func encode(_ text: String) throws -> [Int] {
        try Self.ids(of: text, in: Dictionary(uniqueKeysWithValues: vocabulary.enumerated().map { ($1, $0) }), vocabularySize: vocabularySize)
    }

    /// `count` windows of `length` training characters at seeded random positions, and the
    /// character after each position (the targets): both `count × length`, row-major. Throws
    /// `ArgumentError` for a negative count or a length outside 1..<(training characters).
    public func randomWindows(count: Int, length: Int, generator: RandomGenerator) throws -> (inputs: [Int], targets: [Int]) {
        try ArgumentError.requireAtLeast(0, count, "count")
        try ArgumentError.require(length >= 1 && length < train.count, "length", length, allowed: "must be in 1..<\(train.count)")
        var inputs: [Int] = [], targets: [Int] = []
        for _ in 0..<count {
            let start = try generator.integer(below: train.count - length)
            inputs += train[start..<(start + length)]
            targets += train[(start + 1)...(start + length)]
        }
        return (inputs, targets)
    }

    /// The non-overlapping `length`-character windows of the first `characters` validation
    /// characters, with their targets: a fixed, deterministic dev set. Throws `ArgumentError`
    /// for a length below 1, a character count below 2, or too few characters for one window.
    public func validationWindows(length: Int, characters: Int? = nil) throws -> (inputs: [Int], targets: [Int], count: Int) {
        try ArgumentError.requireAtLeast(1, length, "length")
        if let characters { try ArgumentError.requireAtLeast(2, characters, "characters") }
        let available = min(characters ?? validation.count, validation.count) - 1
        let count = available / length
        try ArgumentError.require(count >= 1, "length", length,
                                  allowed: "one window needs length + 1 characters; the dev set has \(available + 1)")
        return (Array(validation[0..<(count * length)]), Array(validation[1...(count * length)]), count)
    }
}
