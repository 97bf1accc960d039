import EvaluationMetrics
import Foundation
import Numerics

/// BERT's tokenizer (Devlin et al. 2019; Wu et al. 2016 for WordPiece), as Hugging Face
/// `tokenizers` runs it for all-MiniLM-L6-v2 (`BertNormalizer`, `BertPreTokenizer`, `WordPiece`,
/// then `[CLS] … [SEP]`):
/// 1. normalise: drop NUL, U+FFFD and control characters, make whitespace a space, put spaces
///    around CJK ideographs, decompose (NFD) and drop the accents (combining marks, category
///    Mn), lower-case;
/// 2. split on whitespace, and make every punctuation character (ASCII punctuation or a
///    Unicode P* category) a word of its own;
/// 3. split each word greedily into the longest vocabulary pieces from the left, continuation
///    pieces written with "##"; a word with no such split, or longer than 100 characters,
///    becomes `[UNK]`;
/// 4. add `[CLS]` and `[SEP]`, and keep at most `maximumLength` ids in all (256 for the model,
///    sentence-transformers' `max_seq_length`).
public struct WordPieceTokenizer: Sendable {
    public let vocabulary: [String]
    let ids: [String: Int]
    public let unknown: Int, classification: Int, separator: Int
    public static let maximumCharactersPerWord = 100

    /// Reads `vocab.txt` (one token per line, its id the line number). Throws
    /// `FileFormatError` naming the file when it cannot be read or lacks a special token.
    public init(vocabularyFile url: URL) throws {
        let text = try FileFormatError.readText(url)
        var tokens = text.components(separatedBy: "\n")
        if tokens.last == "" { tokens.removeLast() }
        vocabulary = tokens
        var ids: [String: Int] = [:]
        for (id, token) in tokens.enumerated() where ids[token] == nil { ids[token] = id }
        self.ids = ids
        func special(_ token: String) throws -> Int {
            guard let id = ids[token] else { throw FileFormatError(file: url.path, line: 0, problem: "has no \(token) token") }
            return id
        }
        unknown = try special("[UNK]")
        classification = try special("[CLS]")
        separator = try special("[SEP]")
    }

    /// The ids of `text`: `[CLS]`, the word pieces, `[SEP]`, cut to `maximumLength` (the word
    /// pieces are cut, `[SEP]` stays). Throws `ArgumentError` for a `maximumLength` below 2.
    public func encode(_ text: String, maximumLength: Int = 256) throws -> [Int] {
        try ArgumentError.require(maximumLength >= 2, "maximumLength", maximumLength, allowed: "must be at least 2 ([CLS] and [SEP])")
        let pieces = words(normalized(text)).flatMap(wordPieces)
        return [classification] + pieces.prefix(maximumLength - 2) + [separator]
    }

    /// The tokens (vocabulary strings) of `ids`.
    public func tokens(_ ids: [Int]) -> [String] { ids.map { vocabulary.indices.contains($0) ? vocabulary[$0] : "?" } }

    /// Step 1: BertNormalizer with clean_text, handle_chinese_chars, strip_accents and lowercase.
    func normalized(_ text: String) -> [Unicode.Scalar] {
        var cleaned = String.UnicodeScalarView()
        for c in text.unicodeScalars {
            if c.value == 0 || c.value == 0xFFFD || (Self.isControl(c) && !Self.isWhitespace(c)) { continue }
            if Self.isWhitespace(c) {
                cleaned.append(" ")
            } else if Self.isChineseCharacter(c) {
                cleaned.append(contentsOf: [" ", c, " "])
            } else {
                cleaned.append(c)
            }
        }
        let decomposed = String(cleaned).decomposedStringWithCanonicalMapping.unicodeScalars.filter { $0.properties.generalCategory != .nonspacingMark }
        return decomposed.flatMap { $0.properties.lowercaseMapping.unicodeScalars }
    }

    /// Step 2: BertPreTokenizer.
    func words(_ text: [Unicode.Scalar]) -> [[Unicode.Scalar]] {
        var words: [[Unicode.Scalar]] = [], word: [Unicode.Scalar] = []
        for c in text {
            if c.properties.isWhitespace {
                if !word.isEmpty { words.append(word); word = [] }
            } else if Self.isPunctuation(c) {
                if !word.isEmpty { words.append(word); word = [] }
                words.append([c])
            } else {
                word.append(c)
            }
        }
        if !word.isEmpty { words.append(word) }
        return words
    }

    // listing: wordpiece-greedy
    /// Step 3: the greedy longest-match split of one word.
    func wordPieces(_ word: [Unicode.Scalar]) -> [Int] {
        guard word.count <= Self.maximumCharactersPerWord else { return [unknown] }
        var pieces: [Int] = [], start = 0
        while start < word.count {
            var end = word.count, found: Int?
            while end > start {
                let piece = (start > 0 ? "##" : "") + String(String.UnicodeScalarView(word[start..<end]))
                if let id = ids[piece] { found = id; break }
                end -= 1
            }
            guard let id = found else { return [unknown] }
            pieces.append(id)
            start = end
        }
        return pieces
    }
    // end listing

    /// BERT's whitespace: space, tab, newline, carriage return, or category Zs.
    static func isWhitespace(_ c: Unicode.Scalar) -> Bool {
        c == " " || c == "\t" || c == "\n" || c == "\r" || c.properties.generalCategory == .spaceSeparator
    }

    /// BERT's control characters: categories Cc and Cf (tab, newline and carriage return count
    /// as whitespace instead).
    static func isControl(_ c: Unicode.Scalar) -> Bool {
        if c == "\t" || c == "\n" || c == "\r" { return false }
        let category = c.properties.generalCategory
        return category == .control || category == .format
    }

    /// ASCII punctuation and symbols, or a Unicode punctuation category (P*).
    static func isPunctuation(_ c: Unicode.Scalar) -> Bool {
        if PythonText.isPunctuation(c) { return true }
        switch c.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation, .finalPunctuation, .otherPunctuation: return true
        default: return false
        }
    }

    /// The CJK Unified Ideographs blocks BERT spaces out (not Hangul, Hiragana or Katakana).
    static func isChineseCharacter(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0x20000...0x2A6DF, 0x2A700...0x2B73F, 0x2B740...0x2B81F, 0x2B820...0x2CEAF,
             0xF900...0xFAFF, 0x2F800...0x2FA1F: return true
        default: return false
        }
    }
}
