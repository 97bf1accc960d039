import Foundation
import Numerics

/// `Fixtures/metrics/porter_nltk.json`: NLTK 3.10.4's `PorterStemmer()` (default mode) on every
/// word of `Fixtures/words/words.txt` and a few extra tokens, written by
/// `Scripts/reference/nltk_porter_stems.py`.
public struct PorterFixture: Decodable, Sendable {
    public static let file = "Fixtures/metrics/porter_nltk.json"

    public let nltk: String
    public let words_file: String
    public let word_count: Int
    public let extra_words: [String]
    /// The words whose stem is not the word itself, with their stems.
    public let changed: [String: String]
    /// How many of the word list's words NLTK's original-algorithm mode and libstemmer's
    /// "porter" (Snowball) stem differently from the default mode.
    public let differs_from_original_algorithm: Int
    public let differs_from_libstemmer_porter: Int
    /// Examples: (word, NLTK's stem, the other stemmer's stem).
    public let examples_libstemmer: [[String]]

    public static func load(root: URL) throws -> PorterFixture {
        try decodeFixture(PorterFixture.self, file: file, generator: "Scripts/reference/nltk_porter_stems.py", root: root)
    }

    /// The words checked: the word list's, then the extras.
    public func words(root: URL) throws -> [String] {
        try FileFormatError.readText(root.appendingPathComponent(words_file)).split(separator: "\n").map(String.init) + extra_words
    }
}
