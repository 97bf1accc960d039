import Foundation
import Numerics

// listing: split-patterns
/// How text is cut into chunks before BPE merges within each one: the regular expressions of
/// GPT-2 and GPT-4. Merges never cross a chunk, so no token spans two words, a word and its
/// punctuation, or a number and the text after it; concatenating the chunks gives the text
/// back exactly.
///
/// - `gpt2`: contractions ('s 't 're 've 'm 'll 'd), a letter run with its leading space, a
///   digit run with its leading space, a punctuation run with its leading space, whitespace.
/// - `gpt4`: GPT-4's revision as minbpe writes it: contractions in any case, a letter run
///   with one leading non-letter, digits in groups of 1–3, punctuation runs that keep their
///   newlines, and newlines apart from spaces.
/// - `cl100k`: the pattern tiktoken 0.14 gives `cl100k_base` (GPT-4's vocabulary): `gpt4` with
///   possessive quantifiers and `\s++$`, trailing whitespace at the end of the text as one chunk.
public enum SplitPattern: String, Sendable, Codable, CaseIterable {
    case gpt2, gpt4, cl100k

    /// The pattern as its reference writes it (Python's `regex` module, tiktoken's Rust regex).
    public var reference: String {
        switch self {
        case .gpt2: #"'(?:[sdmt]|ll|ve|re)| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+"#
        case .gpt4: #"'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]++[\r\n]*|\s*[\r\n]|\s+(?!\S)|\s+"#
        case .cl100k: #"'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+| ?[^\s\p{L}\p{N}]++[\r\n]*+|\s++$|\s*[\r\n]|\s+(?!\S)|\s"#
        }
    }

    /// The same pattern for ICU (Foundation's `NSRegularExpression`): `\s` and `\S` become the
    /// Unicode White_Space property, which is what Rust's and Python's `\s` match (ICU's own
    /// `\s` leaves out U+000B and U+0085).
    var icuPattern: String {
        reference.replacingOccurrences(of: #"\s"#, with: #"\p{White_Space}"#)
            .replacingOccurrences(of: #"\S"#, with: #"\P{White_Space}"#)
    }
}
// end listing

extension SplitPattern {
    /// The compiled pattern (compiled once per case; `NSRegularExpression` is thread-safe).
    var expression: NSRegularExpression {
        switch self {
        case .gpt2: Self.compiled.gpt2
        case .gpt4: Self.compiled.gpt4
        case .cl100k: Self.compiled.cl100k
        }
    }

    private static let compiled = (
        gpt2: try! NSRegularExpression(pattern: SplitPattern.gpt2.icuPattern),
        gpt4: try! NSRegularExpression(pattern: SplitPattern.gpt4.icuPattern),
        cl100k: try! NSRegularExpression(pattern: SplitPattern.cl100k.icuPattern))

    /// The chunks of `text` as UTF-8 bytes, in order. Every character of the text lies in
    /// exactly one chunk (each pattern ends in an alternative that matches any whitespace
    /// character, and the others cover every other character), and the boundaries fall between
    /// code points, so the chunks' bytes concatenate to the text's.
    public func chunks(of text: String) -> [[UInt8]] {
        let bytes = Array(text.utf8)
        return chunkRanges(of: text).map { Array(bytes[$0]) }
    }

    /// Where the chunks of `text` lie in its UTF-8 bytes. ICU reports UTF-16 ranges; a table
    /// from UTF-16 offsets to UTF-8 offsets turns them into byte ranges. (Cutting with
    /// `String`'s indices instead would round to grapheme clusters and move a boundary that
    /// falls inside a character such as "é" written e + U+0301.)
    func chunkRanges(of text: String) -> [Range<Int>] {
        var utf8Offset = [Int](), offset = 0
        utf8Offset.reserveCapacity(text.utf16.count + 1)
        for scalar in text.unicodeScalars {
            let width = UTF8.width(scalar)
            utf8Offset.append(offset)
            if scalar.value > 0xFFFF { utf8Offset.append(offset) }       // the low surrogate
            offset += width
        }
        utf8Offset.append(offset)
        var ranges: [Range<Int>] = []
        expression.enumerateMatches(in: text, range: NSRange(location: 0, length: utf8Offset.count - 1)) { match, _, _ in
            guard let range = match?.range else { return }
            ranges.append(utf8Offset[range.lowerBound]..<utf8Offset[range.upperBound])
        }
        return ranges
    }
}
