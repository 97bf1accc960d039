/// BLEU's word tokenizers, as sacrebleu 2.6.0 names them in the signature (`tok:13a`,
/// `tok:none`).
///
/// `13a` is the tokenization of NIST's `mteval-v13a.pl`, the script WMT used to score
/// translations, which sacrebleu reproduces (`tokenizers/tokenizer_13a.py` and
/// `tokenizer_re.py`): it splits punctuation and symbols off words, keeps a period or comma
/// inside a number (3.14, 1,000) and a hyphen inside a word (well-known), and splits a hyphen
/// after a digit (2-3 → 2 - 3). Post (2018) showed that using a different tokenizer moves BLEU
/// by up to 1.8 points, which is why it is part of the signature.
public enum BLEUTokenizer: String, Sendable, CaseIterable {
    /// mteval-v13a's rules.
    case thirteenA = "13a"
    /// No tokenization: words are what `str.split()` gives.
    case none = "none"

    /// The words of `line`, as code points.
    func words(_ line: ArraySlice<Unicode.Scalar>) -> [[Unicode.Scalar]] {
        switch self {
        case .none: PythonText.words(line)
        case .thirteenA: PythonText.words(Self.separated(Self.unescaped(Array(line))))
        }
    }

    /// The words of `line`.
    public func words(_ line: String) -> [String] { words(Array(line.unicodeScalars)[...]).map(String.init(scalars:)) }

    // listing: 13a-tokenizer
    /// mteval's language-independent step: drop `<skipped>` markers, join a word hyphenated
    /// across a line break, make line breaks spaces, decode four HTML entities (in this order,
    /// so `&amp;lt;` becomes `<`).
    static func unescaped(_ line: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var line = line.replacingEvery(Array("<skipped>".unicodeScalars), with: [])
            .replacingEvery(["-", "\n"], with: [])
            .replacingEvery(["\n"], with: [" "])
        if line.contains("&") {
            for (entity, character) in [("&quot;", "\""), ("&amp;", "&"), ("&lt;", "<"), ("&gt;", ">")] {
                line = line.replacingEvery(Array(entity.unicodeScalars), with: Array(character.unicodeScalars))
            }
        }
        return line
    }

    /// The four regular expressions of `tokenizer_re.py`, each applied to the whole line in
    /// turn (leftmost, non-overlapping matches, as Python's `re.sub`), on the line padded with
    /// a space at each end:
    /// 1. a space around every ASCII symbol and punctuation mark except `'`, `,`, `-`, `.`;
    /// 2. a space around `.` or `,` after a non-digit: `x.` → `x . `;
    /// 3. a space around `.` or `,` before a non-digit: `.x` → ` . x`;
    /// 4. a space around `-` after a digit: `2-` → `2 - `.
    static func separated(_ line: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var text: [Unicode.Scalar] = [" "]
        text.reserveCapacity(line.count * 2 + 2)
        for c in line {
            if isSymbol(c) { text += [" ", c, " "] } else { text.append(c) }
        }
        text.append(" ")
        text = spacingPairs(text, { !isDigit($0) }, { $0 == "." || $0 == "," }, spaceBefore: false)
        text = spacingPairs(text, { $0 == "." || $0 == "," }, { !isDigit($0) }, spaceBefore: true)
        return spacingPairs(text, isDigit, { $0 == "-" }, spaceBefore: false)
    }

    /// Rule 1's character class, `[{-~[-` -&(-+:-@/]`.
    static func isSymbol(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0x7B...0x7E, 0x5B...0x60, 0x20...0x26, 0x28...0x2B, 0x3A...0x40, 0x2F: return true
        default: return false
        }
    }
    // end listing

    /// `[0-9]`: ASCII digits only, as in Python's pattern.
    static func isDigit(_ c: Unicode.Scalar) -> Bool { c.value >= 0x30 && c.value <= 0x39 }

    /// `re.sub("(X)(Y)", r"\1 \2 ", text)` (or `r" \1 \2"` with `spaceBefore`) for
    /// one-character classes X and Y: scan left to right and, where a pair matches, put a space
    /// after (or before) each of its two characters and continue after the pair.
    static func spacingPairs(_ text: [Unicode.Scalar], _ first: (Unicode.Scalar) -> Bool, _ second: (Unicode.Scalar) -> Bool,
                             spaceBefore: Bool) -> [Unicode.Scalar] {
        var result: [Unicode.Scalar] = [], i = 0
        result.reserveCapacity(text.count + text.count / 4)
        while i < text.count {
            if i + 1 < text.count, first(text[i]), second(text[i + 1]) {
                result += spaceBefore ? [" ", text[i], " ", text[i + 1]] : [text[i], " ", text[i + 1], " "]
                i += 2
            } else {
                result.append(text[i])
                i += 1
            }
        }
        return result
    }
}

extension Array where Element == Unicode.Scalar {
    /// Python's `str.replace`: every non-overlapping occurrence of `pattern`, left to right.
    func replacingEvery(_ pattern: [Unicode.Scalar], with replacement: [Unicode.Scalar]) -> [Unicode.Scalar] {
        guard !pattern.isEmpty, count >= pattern.count, contains(pattern[0]) else { return self }
        var result: [Unicode.Scalar] = [], i = 0
        while i < count {
            if i + pattern.count <= count, self[i..<(i + pattern.count)].elementsEqual(pattern) {
                result.append(contentsOf: replacement)
                i += pattern.count
            } else {
                result.append(self[i])
                i += 1
            }
        }
        return result
    }
}
