import Foundation
import GPT
import Numerics

/// The King James New Testament (`Fixtures/kjv-new-testament/verses.tsv`, one verse per line
/// as `reference TAB text`, extracted from Debian's `sword-text-kjv`) as the fine-tuning
/// corpus: the verse texts joined by newlines, spelled in the Shakespeare vocabulary so the
/// base GPT can read it, split 90/10 by position as in Chapter 8: the dev set is the end of
/// the book, from 1 Peter 3 to Revelation, text the fine-tune never sees.
public enum NewTestament {
    public static let file = "Fixtures/kjv-new-testament/verses.tsv"

    /// The four characters of the KJV text that Shakespeare's 76 lack, and what they become:
    /// the ligatures of "Cæsar" and "Ænon" are spelled out, the typographic apostrophe becomes
    /// the ASCII one. (The pilcrow ¶ that opens 432 verses, a paragraph mark, is dropped with
    /// its space by `respelled(_:)`.)
    public static let replacements: [Unicode.Scalar: String] = ["æ": "ae", "Æ": "Ae", "\u{2019}": "'"]

    /// The verses (reference, text) of `file` (by default the King James) in canonical order;
    /// throws `FileFormatError` naming the line for one without a tab.
    public static func verses(root: URL, file: String = file) throws -> [(reference: String, text: String)] {
        let text = try FileFormatError.readText(root.appendingPathComponent(file))
        return try text.split(separator: "\n").enumerated().map { number, line in
            let parts = line.split(separator: "\t", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[1].isEmpty else {
                throw FileFormatError(file: file, line: number + 1, problem: "expected `reference TAB text`")
            }
            return (String(parts[0]), String(parts[1]))
        }
    }

    /// A verse's `text` without a leading pilcrow and with every replacement applied.
    public static func respelled(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        for scalar in (text.hasPrefix("¶ ") ? String(text.dropFirst(2)) : text).unicodeScalars {
            if let replacement = replacements[scalar] { result.append(contentsOf: replacement.unicodeScalars) } else { result.append(scalar) }
        }
        return String(result)
    }

    /// The corpus in `vocabulary` (the base model's); throws `ArgumentError` naming a
    /// character the replacements leave outside it.
    public static func corpus(root: URL, vocabulary: [Unicode.Scalar]) throws -> CharacterCorpus {
        try CharacterCorpus(text: verses(root: root).map { respelled($0.text) }.joined(separator: "\n") + "\n", vocabulary: vocabulary)
    }
}
