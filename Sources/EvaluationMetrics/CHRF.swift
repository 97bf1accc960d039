import Foundation
import Numerics

/// chrF (Popović 2015, "chrF: character n-gram F-score for automatic MT evaluation") and chrF++
/// (Popović 2017, with word unigrams and bigrams) exactly as sacrebleu 2.6.0 computes them:
/// precision and recall of character n-grams of orders 1…6 (whitespace removed), and for
/// chrF++ of word n-grams of orders 1 and 2, averaged over the orders and combined as an
/// F-score that weighs recall β = 2 times as much as precision, on a 0–100 scale.
public struct CHRF: Sendable {
    public let characterOrder: Int
    public let wordOrder: Int
    public let beta: Int
    public let lowercase: Bool
    /// Whether spaces are characters of the n-grams (off in chrF: words are joined).
    public let whitespace: Bool
    /// sacrebleu's `eps_smoothing`: average the per-order F-scores, each at least ε = 1e-16,
    /// over all orders (chrF++.py and NLTK do this) instead of averaging precision and recall
    /// over the orders that have n-grams (sacrebleu's default, the signature's `eff:yes`).
    public let epsilonSmoothing: Bool

    /// Throws `ArgumentError` for orders outside 1…6 (characters) and 0…4 (words), or a β outside 1…1000.
    public init(characterOrder: Int = 6, wordOrder: Int = 0, beta: Int = 2, lowercase: Bool = false,
                whitespace: Bool = false, epsilonSmoothing: Bool = false) throws {
        try ArgumentError.require((1...NGramCounts.maximumCharacterOrder).contains(characterOrder), "characterOrder", characterOrder, allowed: "must be in 1...\(NGramCounts.maximumCharacterOrder)")
        try ArgumentError.require((0...NGramCounts.maximumWordOrder).contains(wordOrder), "wordOrder", wordOrder, allowed: "must be in 0...\(NGramCounts.maximumWordOrder)")
        try ArgumentError.require(beta >= 1 && beta <= 1000, "beta", beta, allowed: "must be in 1...1000")
        self.characterOrder = characterOrder
        self.wordOrder = wordOrder
        self.beta = beta
        self.lowercase = lowercase
        self.whitespace = whitespace
        self.epsilonSmoothing = epsilonSmoothing
    }

    /// sacrebleu's chrF: 6 character orders, no words, β = 2.
    public static let chrF = try! CHRF()
    /// chrF++: 6 character orders and 2 word orders.
    public static let chrFPlusPlus = try! CHRF(wordOrder: 2)

    /// The metric's name as sacrebleu prints it: `chrF2`, `chrF2++`.
    public var name: String { "chrF\(beta)" + String(repeating: "+", count: wordOrder) }

    /// One segment's n-gram multisets: character orders 1…characterOrder, then word orders.
    struct SegmentNGrams {
        var orders: [NGramCounts]
    }

    // listing: chrf-ngrams
    /// The character n-grams of `segment` with its whitespace removed (`"".join(s.split())`),
    /// and for chrF++ the word n-grams of its words with one punctuation mark split off the
    /// end or, failing that, the start of each word ("word." → "word", ".").
    func ngrams(_ segment: String, words: inout WordIDs) -> SegmentNGrams {
        let scalars = lowercase ? PythonText.lowercased(Array(segment.unicodeScalars)) : Array(segment.unicodeScalars)
        let characters = whitespace ? scalars : scalars.filter { !PythonText.isWhitespace($0) }
        var orders = NGramCounts.characterOrders(characters, through: characterOrder)
        if wordOrder > 0 {
            orders += NGramCounts.wordOrders(words.ids(Self.splittingPunctuation(PythonText.words(scalars))), through: wordOrder)
        }
        return SegmentNGrams(orders: orders)
    }

    /// sacrebleu's `_remove_punctuation` (after Popović's chrF++.py): a word longer than one
    /// character that ends in ASCII punctuation loses that last character to a word of its
    /// own; otherwise one that starts with it loses the first.
    static func splittingPunctuation(_ words: [[Unicode.Scalar]]) -> [[Unicode.Scalar]] {
        words.flatMap { w -> [[Unicode.Scalar]] in
            guard w.count > 1 else { return [w] }
            if PythonText.isPunctuation(w[w.count - 1]) { return [Array(w.dropLast()), [w[w.count - 1]]] }
            if PythonText.isPunctuation(w[0]) { return [[w[0]], Array(w.dropFirst())] }
            return [w]
        }
    }
    // end listing

    /// The statistics of `hypothesis` against its best reference (highest F-score, the first
    /// of equals). Throws `ArgumentError` when `references` is empty.
    public func statistics(hypothesis: String, references: [String]) throws -> CHRFStatistics {
        try ArgumentError.require(!references.isEmpty, "references", "[]", allowed: "a hypothesis needs at least one reference")
        var words = WordIDs()
        let h = ngrams(hypothesis, words: &words)
        var best = CHRFStatistics(orders: []), bestScore = -1.0
        for reference in references {
            let s = statistics(h, ngrams(reference, words: &words))
            let f = fScore(s)
            if f > bestScore { (best, bestScore) = (s, f) }
        }
        return best
    }

    // listing: chrf-statistics
    /// Per order: the hypothesis's n-grams (counted as 0 when the reference has none of that
    /// order, as sacrebleu does), the reference's, and their clipped matches.
    func statistics(_ hypothesis: SegmentNGrams, _ reference: SegmentNGrams) -> CHRFStatistics {
        CHRFStatistics(orders: zip(hypothesis.orders, reference.orders).map { h, r in
            let referenceCount = r.total
            return CHRFStatistics.Order(hypothesis: referenceCount > 0 ? h.total : 0, reference: referenceCount, matches: h.clippedMatches(against: r))
        })
    }

    /// The F-score (percent) of summed statistics: precision and recall averaged over the
    /// orders where both sides have n-grams, then F_β = (1 + β²)·P·R / (β²·P + R).
    public func fScore(_ statistics: CHRFStatistics) -> Double {
        let epsilon = 1e-16, factor = Double(beta * beta)
        var sumOfF = 0.0, precision = 0.0, recall = 0.0, effectiveOrders = 0
        for o in statistics.orders {
            let p = o.hypothesis > 0 ? Double(o.matches) / Double(o.hypothesis) : epsilon
            let r = o.reference > 0 ? Double(o.matches) / Double(o.reference) : epsilon
            let denominator = factor * p + r
            sumOfF += denominator > 0 ? (1 + factor) * p * r / denominator : epsilon
            if o.hypothesis > 0 && o.reference > 0 {
                precision += p
                recall += r
                effectiveOrders += 1
            }
        }
        if epsilonSmoothing { return 100 * sumOfF / Double(statistics.orders.count) }
        if effectiveOrders == 0 { return 0 }
        precision /= Double(effectiveOrders)
        recall /= Double(effectiveOrders)
        guard precision + recall != 0 else { return 0 }
        return 100 * ((1 + factor) * precision * recall / (factor * precision + recall))
    }
    // end listing

    /// The score of (summed) statistics, with the signature for `referenceCount` references.
    public func score(_ statistics: CHRFStatistics, referenceCount: Int) -> CHRFScore {
        CHRFScore(name: name, score: fScore(statistics), statistics: statistics, signature: signature(referenceCount: referenceCount))
    }

    /// One hypothesis's score against its references.
    public func sentenceScore(hypothesis: String, references: [String]) throws -> CHRFScore {
        try score(statistics(hypothesis: hypothesis, references: references), referenceCount: references.count)
    }

    /// The corpus score: statistics summed over segments, then one F-score. Throws like
    /// `BLEU.corpusScore`.
    public func corpusScore(hypotheses: [String], references: [[String]]) throws -> CHRFScore {
        try score(corpusStatistics(hypotheses: hypotheses, references: references).reduce(CHRFStatistics.zero(orders: characterOrder + wordOrder), +),
                  referenceCount: references.count)
    }

    /// Each segment's statistics.
    public func corpusStatistics(hypotheses: [String], references: [[String]]) throws -> [CHRFStatistics] {
        try checkStreams(hypotheses: hypotheses, references: references)
        return try hypotheses.indices.map { i in try statistics(hypothesis: hypotheses[i], references: references.map { $0[i] }) }
    }

    /// sacrebleu's signature, e.g. `nrefs:1|case:mixed|eff:yes|nc:6|nw:0|space:no|version:2.6.0`.
    public func signature(referenceCount: Int) -> String {
        "nrefs:\(referenceCount)|case:\(lowercase ? "lc" : "mixed")|eff:\(epsilonSmoothing ? "no" : "yes")|nc:\(characterOrder)|nw:\(wordOrder)|space:\(whitespace ? "yes" : "no")|version:\(BLEU.referenceVersion)"
    }
}

/// chrF's statistics: hypothesis, reference and matched n-gram counts per order.
public struct CHRFStatistics: Equatable, Sendable, Codable {
    public struct Order: Equatable, Sendable, Codable {
        public var hypothesis: Int, reference: Int, matches: Int
    }
    public var orders: [Order]

    /// sacrebleu's flat list: hypothesis, reference, matches for each order in turn.
    public var flattened: [Int] { orders.flatMap { [$0.hypothesis, $0.reference, $0.matches] } }

    /// Zero counts for `orders` orders.
    public static func zero(orders: Int) -> CHRFStatistics {
        CHRFStatistics(orders: Array(repeating: Order(hypothesis: 0, reference: 0, matches: 0), count: orders))
    }

    public static func + (a: CHRFStatistics, b: CHRFStatistics) -> CHRFStatistics {
        CHRFStatistics(orders: zip(a.orders, b.orders).map {
            Order(hypothesis: $0.hypothesis + $1.hypothesis, reference: $0.reference + $1.reference, matches: $0.matches + $1.matches)
        })
    }
}

/// A chrF or chrF++ score with its statistics and signature.
public struct CHRFScore: Sendable, CustomStringConvertible {
    public let name: String
    /// 0–100.
    public let score: Double
    public let statistics: CHRFStatistics
    public let signature: String

    /// As sacrebleu prints it: `chrF2 = 56.43`.
    public var description: String { "\(name) = \(String(format: "%.2f", score))" }
}
