import Numerics

/// Exact match and token F1 of extractive question answering, exactly as the official SQuAD
/// evaluation scripts compute them (Rajpurkar et al. 2016 for v1.1, 2018 for v2.0):
/// answers are compared after normalisation, and a prediction scores the maximum over the
/// question's gold answers.
///
/// The two versions differ only where an answer is empty after normalisation. v1.1 gives
/// F1 = 0 when both are empty (no token in common). v2.0 treats an empty answer as "no answer":
/// F1 = 1 when both are empty and 0 when only one is, and it drops gold answers that normalise to
/// nothing (such as "the"), keeping "" when none is left.
public enum SQuADVersion: String, Sendable, CaseIterable {
    case v1_1 = "v1.1"
    case v2_0 = "v2.0"
}

public enum SQuADMetrics {
    // listing: squad-normalize
    /// The scripts' `normalize_answer`: lower-case, remove ASCII punctuation, remove the words
    /// "a", "an" and "the" (whole words: a maximal run of word characters, where a word
    /// character is a letter, digit, number or "_", as Python's `\w`), and join the words
    /// with single spaces.
    public static func normalized(_ answer: String) -> String {
        var text: [Unicode.Scalar] = [], wordStart: Int?
        func endWord() {
            if let start = wordStart, articles.contains(where: { text[start...].elementsEqual($0) }) {
                text.removeSubrange(start...)
                text.append(" ")
            }
            wordStart = nil
        }
        for scalar in PythonText.lowercased(Array(answer.unicodeScalars)) where !PythonText.isPunctuation(scalar) {
            if isWordCharacter(scalar) {
                if wordStart == nil { wordStart = text.count }
            } else {
                endWord()
            }
            text.append(scalar)
        }
        endWord()
        return PythonText.words(text).map(String.init(scalars:)).joined(separator: " ")
    }

    static let articles: [[Unicode.Scalar]] = [["a"], ["a", "n"], ["t", "h", "e"]]

    /// Python's `\w` for a `str` pattern: `str.isalnum()` (categories L*, and numeric
    /// characters) or the underscore. Combining marks are not word characters.
    static func isWordCharacter(_ c: Unicode.Scalar) -> Bool {
        if c.isASCII { return (0x61...0x7A).contains(c.value) || (0x41...0x5A).contains(c.value) || (0x30...0x39).contains(c.value) || c == "_" }
        switch c.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: return true
        default: return c == "_" || c.properties.numericType != nil
        }
    }
    // end listing

    /// 1 when the normalised answers are equal, else 0.
    public static func exactMatch(prediction: String, gold: String) -> Double {
        normalized(prediction).hasSameScalars(as: normalized(gold)) ? 1 : 0
    }

    /// Token F1 of two answers.
    public static func f1(prediction: String, gold: String, version: SQuADVersion) throws -> Double {
        try f1(normalizedPrediction: normalized(prediction), normalizedGold: normalized(gold), version: version)
    }

    // listing: squad-f1
    /// Token F1: the words the two normalised answers share (as multisets), precision over the
    /// prediction's words and recall over the gold's, F1 = 2PR / (P + R); with the two
    /// versions' rules for empty answers.
    static func f1(normalizedPrediction: String, normalizedGold: String, version: SQuADVersion) throws -> Double {
        // Words as code points, so that canonically equivalent spellings stay different, as in Python.
        // exercise: M10.3 write SQuAD's token F1: shared words as multisets, P over the prediction, R over the gold, F1 = 2PR/(P + R), v2.0's empty-answer rule (Chapter 10, SQuAD)
        var ids = WordIDs()
        let predicted = ids.ids(normalizedPrediction.unicodeScalars.split(separator: " ").map(Array.init))
        let expected = ids.ids(normalizedGold.unicodeScalars.split(separator: " ").map(Array.init))
        if version == .v2_0 && (predicted.isEmpty || expected.isEmpty) { return predicted == expected ? 1 : 0 }
        var unmatched = Dictionary(expected.map { ($0, 1) }, uniquingKeysWith: +), shared = 0
        for word in predicted where unmatched[word, default: 0] > 0 {
            unmatched[word]! -= 1
            shared += 1
        }
        guard shared > 0 else { return 0 }
        let precision = Double(shared) / Double(predicted.count), recall = Double(shared) / Double(expected.count)
        return 2 * precision * recall / (precision + recall)
        // end exercise
    }
    // end listing

    /// One question's exact match and F1: each the maximum over `golds` (v2.0 first drops the
    /// gold answers that normalise to nothing, keeping "" if none is left). Throws
    /// `ArgumentError` for no gold answer.
    public static func score(prediction: String, golds: [String], version: SQuADVersion) throws -> (exactMatch: Double, f1: Double) {
        try ArgumentError.require(!golds.isEmpty, "golds", "[]", allowed: "a question needs at least one gold answer (\"\" for no answer)")
        let p = normalized(prediction)
        var answers = golds.map(normalized)
        if version == .v2_0 {
            answers.removeAll { $0.isEmpty }
            if answers.isEmpty { answers = [""] }
        }
        return (answers.map { $0.hasSameScalars(as: p) ? 1 : 0 }.max()!, try answers.map { try f1(normalizedPrediction: p, normalizedGold: $0, version: version) }.max()!)
    }

    /// The scripts' totals: 100 × the mean exact match and F1 over the questions. Throws
    /// `ArgumentError` for mismatched counts or a question without gold answers.
    public static func corpusScore(predictions: [String], golds: [[String]], version: SQuADVersion) throws -> (exactMatch: Double, f1: Double) {
        try ArgumentError.require(predictions.count == golds.count, "golds", "\(golds.count) questions",
                                  allowed: "one list of gold answers per prediction (\(predictions.count))")
        try ArgumentError.require(!predictions.isEmpty, "predictions", "[]", allowed: "at least one question")
        var exact = 0.0, f1 = 0.0
        for (p, g) in zip(predictions, golds) {
            let s = try score(prediction: p, golds: g, version: version)
            exact += s.exactMatch
            f1 += s.f1
        }
        return (100 * exact / Double(predictions.count), 100 * f1 / Double(predictions.count))
    }
}
