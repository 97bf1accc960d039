/// The characters of the word-level language models: "." marks a word's start and end
/// (index 0), then a–z (1…26).
public enum CharacterVocabulary {
    public static let symbols: [Character] = ["."] + (UInt8(ascii: "a")...UInt8(ascii: "z")).map { Character(UnicodeScalar($0)) }
    public static var size: Int { symbols.count }
    public static let boundary = 0

    /// "cab" → [0, 3, 1, 2, 0]: boundary, letters, boundary.
    public static func encode(_ word: String) -> [Int] {
        [boundary] + word.utf8.map { Int($0) - Int(UInt8(ascii: "a")) + 1 } + [boundary]
    }

    public static func decode(_ indices: [Int]) -> String {
        String(indices.filter { $0 != boundary }.map { symbols[$0] })
    }
}
