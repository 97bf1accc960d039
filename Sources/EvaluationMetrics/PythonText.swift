/// The Unicode behaviours of Python's `str` that the reference metrics depend on, so that
/// the workbook's metrics equal them on any text, not only on ASCII.
///
/// sacrebleu, rouge-score and the SQuAD scripts are Python programs: they lower-case with
/// `str.lower()`, split words with `str.split()` and strip with `str.rstrip()`. Swift's own
/// `lowercased()` and `Character.isWhitespace` differ from those at the edges (Greek final
/// sigma, U+001C–U+001F, U+200B), so the metrics go through these instead. Everything works on
/// Unicode scalars (Python's code points), never on Swift's grapheme clusters: an emoji with a
/// skin tone is two code points to Python, and so it is here. Source: CPython 3.11,
/// `Objects/unicodeobject.c` (`lower`, `handle_capital_sigma`) and `Objects/unicodetype_db.h`
/// (`_PyUnicode_IsWhitespace`).
public enum PythonText {
    /// `str.isspace()` for one code point: the separators (category Zs) and the characters
    /// whose bidirectional class is WS, B or S. Not U+200B (zero-width space) or U+FEFF (the
    /// byte-order mark), which Python treats as part of a word.
    public static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09...0x0D, 0x1C...0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
            return true
        default:
            return false
        }
    }

    /// In Python's `string.punctuation`: the 32 ASCII punctuation marks and symbols
    /// (sacrebleu's chrF++ and the SQuAD scripts strip these; BERT splits on them).
    public static func isPunctuation(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0x21...0x2F, 0x3A...0x40, 0x5B...0x60, 0x7B...0x7E: return true
        default: return false
        }
    }

    /// `str.split()` with no argument: the maximal runs of non-whitespace code points.
    public static func words(_ scalars: some Collection<Unicode.Scalar>) -> [[Unicode.Scalar]] {
        var words: [[Unicode.Scalar]] = [], word: [Unicode.Scalar] = []
        for scalar in scalars {
            if isWhitespace(scalar) {
                if !word.isEmpty { words.append(word); word.removeAll(keepingCapacity: true) }
            } else {
                word.append(scalar)
            }
        }
        if !word.isEmpty { words.append(word) }
        return words
    }

    /// `str.split()` of a string, as strings.
    public static func words(_ text: String) -> [String] {
        words(text.unicodeScalars).map(String.init(scalars:))
    }

    /// `str.rstrip()`: without the whitespace at the end.
    public static func strippingTrailingWhitespace(_ scalars: [Unicode.Scalar]) -> ArraySlice<Unicode.Scalar> {
        var end = scalars.endIndex
        while end > scalars.startIndex, isWhitespace(scalars[end - 1]) { end -= 1 }
        return scalars[..<end]
    }

    /// `str.lower()`: each code point's full lower-case mapping (so "İ" becomes "i" and a
    /// combining dot), and capital sigma as final "ς" where it ends a word: after a cased
    /// letter, with no cased letter after it (case-ignorable code points, such as apostrophes
    /// and combining marks, are skipped on both sides).
    public static func lowercased(_ scalars: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var result: [Unicode.Scalar] = []
        result.reserveCapacity(scalars.count)
        for (i, scalar) in scalars.enumerated() {
            if scalar.value < 0x80 {
                result.append(scalar.value >= 0x41 && scalar.value <= 0x5A ? Unicode.Scalar(scalar.value + 0x20)! : scalar)
            } else if scalar == "\u{03A3}" {
                result.append(endsWord(scalars, sigmaAt: i) ? "\u{03C2}" : "\u{03C3}")
            } else {
                result.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
            }
        }
        return result
    }

    /// `str.lower()` of a string.
    public static func lowercased(_ text: String) -> String {
        String(scalars: lowercased(Array(text.unicodeScalars)))
    }

    /// Whether the capital sigma at `i` is in Unicode's Final_Sigma context.
    static func endsWord(_ scalars: [Unicode.Scalar], sigmaAt i: Int) -> Bool {
        let before = scalars[..<i].last { !$0.properties.isCaseIgnorable }
        guard let before, before.properties.isCased else { return false }
        let after = scalars[(i + 1)...].first { !$0.properties.isCaseIgnorable }
        return !(after?.properties.isCased ?? false)
    }
}

extension String {
    /// The string of `scalars`, encoded to UTF-8 in one pass (appending scalars to a
    /// `String.UnicodeScalarView` one by one is several times slower).
    init(scalars: some Collection<Unicode.Scalar>) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(scalars.count)
        for scalar in scalars { UTF8.encode(scalar) { bytes.append($0) } }
        self.init(decoding: bytes, as: UTF8.self)
    }

    /// Equal code point by code point, as Python compares strings (Swift's `==` also equates
    /// canonically equivalent strings, such as a precomposed "é" and "e" + U+0301).
    func hasSameScalars(as other: String) -> Bool { unicodeScalars.elementsEqual(other.unicodeScalars) }
}
