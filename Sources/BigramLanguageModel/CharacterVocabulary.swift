import Numerics

/// The characters of the word-level language models: "." marks a word's start and end
/// (index 0), then a–z (1…26).
public enum CharacterVocabulary {
    public static let symbols: [Character] = ["."] + (UInt8(ascii: "a")...UInt8(ascii: "z")).map { Character(UnicodeScalar($0)) }
    public static var size: Int { symbols.count }
    public static let boundary = 0

    /// "cab" → [0, 3, 1, 2, 0]: boundary, letters, boundary. Throws `ArgumentError` for a
    /// character other than a–z.
    public static func encode(_ word: String) throws -> [Int] {
        let letters = UInt8(ascii: "a")...UInt8(ascii: "z")
        if let position = word.utf8.firstIndex(where: { !letters.contains($0) }) {
            let offset = word.utf8.distance(from: word.utf8.startIndex, to: position)
            throw ArgumentError(parameter: "word[\(offset)]", value: "\(word.utf8[position]) in \"\(word)\"",
                                allowed: "words are lowercase a–z")
        }
        return [boundary] + word.utf8.map { Int($0) - Int(letters.lowerBound) + 1 } + [boundary]
    }

    /// The letters of `indices` (boundaries dropped); throws `ArgumentError` for an index
    /// outside 0..<27.
    public static func decode(_ indices: [Int]) throws -> String {
        try ArgumentError.requireAll(indices, in: 0..<size, "indices", meaning: "character indices")
        return String(indices.filter { $0 != boundary }.map { symbols[$0] })
    }
}
