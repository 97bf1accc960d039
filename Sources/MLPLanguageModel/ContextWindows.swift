import BigramLanguageModel
import Numerics

/// Next-character prediction examples: the `contextLength` characters before each position
/// (padded with the boundary mark at the start of a word) and the character at it.
public struct ContextWindows: Sendable {
    public let contextLength: Int
    /// `count × contextLength` character indices, row-major.
    public let contexts: [Int]
    public let targets: [Int]

    /// Throws `ArgumentError` for a context length below 1 or a word with a character other than a–z.
    public init(words: [String], contextLength: Int) throws {
        try ArgumentError.requireAtLeast(1, contextLength, "contextLength")
        self.contextLength = contextLength
        var contexts: [Int] = [], targets: [Int] = []
        for word in words {
            var window = Array(repeating: CharacterVocabulary.boundary, count: contextLength)
            for character in try CharacterVocabulary.encode(word).dropFirst() {
                contexts += window
                targets.append(character)
                window = Array(window.dropFirst()) + [character]
            }
        }
        self.contexts = contexts
        self.targets = targets
    }

    /// Every position of one running text (token ids) after its first `contextLength`: the
    /// window before it and the token at it.
    /// Throws `ArgumentError` for a context length below 1, a stream no longer than it, or a
    /// negative id.
    public init(stream: [Int], contextLength: Int) throws {
        try ArgumentError.requireAtLeast(1, contextLength, "contextLength")
        try ArgumentError.require(stream.count > contextLength, "stream.count", stream.count,
                                  allowed: "a window of \(contextLength) needs at least \(contextLength) + 1 tokens")
        try ArgumentError.requireAll(stream, in: 0..<Int.max, "stream", meaning: "token ids")
        self.contextLength = contextLength
        let positions = contextLength..<stream.count
        contexts = positions.flatMap { stream[($0 - contextLength)..<$0] }
        targets = positions.map { stream[$0] }
    }

    public var count: Int { targets.count }

    /// The examples at `indices`; throws `ArgumentError` for an index outside 0..<count.
    public func batch(_ indices: [Int]) throws -> (contexts: [Int], targets: [Int]) {
        try ArgumentError.requireAll(indices, in: 0..<count, "indices", meaning: "example indices")
        return (indices.flatMap { contexts[($0 * contextLength)..<(($0 + 1) * contextLength)] }, indices.map { targets[$0] })
    }
}
