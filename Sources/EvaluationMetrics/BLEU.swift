import Foundation
import Numerics

/// BLEU (Papineni et al. 2002, "BLEU: a Method for Automatic Evaluation of Machine
/// Translation") exactly as sacrebleu 2.6.0 computes it (Post 2018, "A Call for Clarity in
/// Reporting BLEU Scores"): the geometric mean of the clipped n-gram precisions for n = 1…4,
/// times a brevity penalty, on a 0–100 scale.
///
/// A corpus score sums the statistics of every segment and then computes one score; it is not
/// the mean of the segments' scores. Every score carries sacrebleu's signature, so that a
/// reader knows which BLEU it is.
public struct BLEU: Sendable {
    /// What to do with an n-gram order that has no match (Chen and Cherry 2014, "A Systematic
    /// Comparison of Smoothing Techniques for Sentence-Level BLEU").
    public enum Smoothing: Sendable, Equatable, CustomStringConvertible {
        /// None: one order without a match makes the score 0.
        case none
        /// Method 1: an order without a match counts `ε` matches (sacrebleu's default ε is 0.1).
        case floor(Double)
        /// Method 2: add k to the matches and the totals of every order above 1 (default 1).
        case addK(Double)
        /// Method 3, NIST's (mteval-v13a): the k-th order without a match counts 1/2ᵏ matches.
        case exponential

        public static let floorDefault = Smoothing.floor(0.1)
        public static let addKDefault = Smoothing.addK(1)

        /// As in the signature: `none`, `floor[0.10]`, `add-k[1.00]`, `exp`.
        public var description: String {
            switch self {
            case .none: "none"
            case .floor(let epsilon): "floor[\(String(format: "%.2f", epsilon))]"
            case .addK(let k): "add-k[\(String(format: "%.2f", k))]"
            case .exponential: "exp"
            }
        }
    }

    /// The sacrebleu version whose results this implementation equals (the fixture's).
    public static let referenceVersion = "2.6.0"

    public let lowercase: Bool
    public let tokenizer: BLEUTokenizer
    public let smoothing: Smoothing
    /// Whether the geometric mean stops at the longest order the hypothesis has n-grams of,
    /// so a 2-word hypothesis is not scored 0 for having no 3-grams (sentence BLEU).
    public let effectiveOrder: Bool
    /// The longest n-gram order, N (4 in every published BLEU).
    public let maxOrder: Int

    /// Throws `ArgumentError` for a `maxOrder` outside 1…4 or a smoothing value that is not a
    /// finite number ≥ 0.
    public init(lowercase: Bool = false, tokenizer: BLEUTokenizer = .thirteenA, smoothing: Smoothing = .exponential,
                effectiveOrder: Bool = false, maxOrder: Int = 4) throws {
        try ArgumentError.require((1...NGramCounts.maximumWordOrder).contains(maxOrder), "maxOrder", maxOrder, allowed: "must be in 1...\(NGramCounts.maximumWordOrder)")
        switch smoothing {
        case .floor(let value), .addK(let value):
            try ArgumentError.require(value.isFinite && value >= 0, "smoothing", smoothing, allowed: "the value must be a finite number ≥ 0")
        case .none, .exponential: break
        }
        self.lowercase = lowercase
        self.tokenizer = tokenizer
        self.smoothing = smoothing
        self.effectiveOrder = effectiveOrder
        self.maxOrder = maxOrder
    }

    /// sacrebleu's corpus BLEU defaults: mixed case, 13a, exponential smoothing, N = 4.
    public static let corpus = try! BLEU()
    /// sacrebleu's `sentence_bleu` defaults: the same with effective order.
    public static let sentence = try! BLEU(effectiveOrder: true)

    /// The words BLEU counts in `segment`: lower-cased if asked, trailing whitespace
    /// stripped, then tokenized.
    public func words(_ segment: String) -> [String] { scalarWords(segment).map(String.init(scalars:)) }

    func scalarWords(_ segment: String) -> [[Unicode.Scalar]] {
        let scalars = Array(segment.unicodeScalars)
        return tokenizer.words(PythonText.strippingTrailingWhitespace(lowercase ? PythonText.lowercased(scalars) : scalars))
    }

    /// The statistics of one hypothesis against its references. Throws `ArgumentError` when
    /// `references` is empty.
    public func statistics(hypothesis: String, references: [String]) throws -> BLEUStatistics {
        try ArgumentError.require(!references.isEmpty, "references", "[]", allowed: "a hypothesis needs at least one reference")
        var ids = WordIDs()
        let hypothesisWords = ids.ids(scalarWords(hypothesis))
        return try statistics(hypothesis: hypothesisWords, references: references.map { ids.ids(scalarWords($0)) })
    }

    // listing: bleu-clipping
    /// Each hypothesis n-gram counts as matched at most as many times as it occurs in any one
    /// reference (clipping: "the the the" against "the cat" matches once), and the length that
    /// the brevity penalty compares with is the reference length closest to the hypothesis's.
    func statistics(hypothesis: [Int32], references: [[Int32]]) throws -> BLEUStatistics {
        // exercise: M10.1 write BLEU's clipped statistics: each n-gram matched at most as often as in any one reference, and the closest reference length (Chapter 10, BLEU)
        let ngrams = NGramCounts.wordOrders(hypothesis, through: maxOrder)
        var allowed = NGramCounts.wordOrders(references[0], through: maxOrder)
        for reference in references.dropFirst() {
            allowed = zip(allowed, NGramCounts.wordOrders(reference, through: maxOrder)).map { $0.maximum($1) }
        }
        let totals = ngrams.map(\.total), matches = zip(ngrams, allowed).map { $0.clippedMatches(against: $1) }
        return BLEUStatistics(hypothesisLength: hypothesis.count,
                              referenceLength: Self.closestLength(to: hypothesis.count, among: references.map(\.count)),
                              matches: matches, totals: totals)
        // end exercise
    }

    /// The reference length nearest `length`; of two equally near, the shorter.
    static func closestLength(to length: Int, among lengths: [Int]) -> Int {
        lengths.min { a, b in (abs(a - length), a) < (abs(b - length), b) } ?? 0
    }
    // end listing

    // listing: bleu-score
    /// BLEU from summed statistics: p_n = matches_n / totals_n (in percent, smoothed where an
    /// order has no match), BLEU = BP · exp((1/N) Σ log p_n). sacrebleu's order of operations
    /// is kept, so the value is the same to the last bit.
    public func score(_ s: BLEUStatistics, referenceCount: Int) -> BLEUScore {
        let bp = Self.brevityPenalty(hypothesisLength: s.hypothesisLength, referenceLength: s.referenceLength)
        var precisions = [Double](repeating: 0, count: maxOrder)
        let signature = self.signature(referenceCount: referenceCount)
        guard s.matches.contains(where: { $0 != 0 }) else {
            return BLEUScore(score: 0, precisions: precisions, brevityPenalty: bp, statistics: s, signature: signature)
        }
        var order = maxOrder, unmatchedHalving = 1.0
        for n in 0..<maxOrder {
            var matches = Double(s.matches[n]), total = Double(s.totals[n])
            if case .addK(let k) = smoothing, n > 0 { matches += k; total += k }
            if total == 0 { break }
            if effectiveOrder { order = n + 1 }
            if matches > 0 {
                precisions[n] = 100 * matches / total
            } else if case .floor(let epsilon) = smoothing {
                precisions[n] = 100 * epsilon / total
            } else if smoothing == .exponential {
                unmatchedHalving *= 2
                precisions[n] = 100 / (unmatchedHalving * total)
            }
        }
        // sacrebleu's log of 0 is −9,999,999,999, so an unmatched order gives exp(…) = 0.
        let logSum = precisions[..<order].reduce(0.0) { $0 + ($1 == 0 ? -9_999_999_999 : log($1)) }
        return BLEUScore(score: bp * exp(logSum / Double(order)), precisions: precisions, brevityPenalty: bp, statistics: s, signature: signature)
    }
    // end listing

    // listing: brevity-penalty
    /// BP = 1 for a hypothesis at least as long as its reference, exp(1 − r/c) for one shorter
    /// (c words against r), and 0 for an empty one.
    public static func brevityPenalty(hypothesisLength c: Int, referenceLength r: Int) -> Double {
        guard c < r else { return 1 }
        return c > 0 ? exp(1 - Double(r) / Double(c)) : 0
    }
    // end listing

    /// One hypothesis's score against its references.
    public func sentenceScore(hypothesis: String, references: [String]) throws -> BLEUScore {
        try score(statistics(hypothesis: hypothesis, references: references), referenceCount: references.count)
    }

    /// The corpus score of `hypotheses` against reference streams (`references[k][i]` is the
    /// k-th reference of hypothesis i, as sacrebleu takes them). Throws `ArgumentError` for no
    /// stream, or a stream whose length differs from the hypotheses' (a hole).
    public func corpusScore(hypotheses: [String], references: [[String]]) throws -> BLEUScore {
        try score(corpusStatistics(hypotheses: hypotheses, references: references).reduce(BLEUStatistics(order: maxOrder), +),
                  referenceCount: references.count)
    }

    /// Each segment's statistics (the corpus score sums them).
    public func corpusStatistics(hypotheses: [String], references: [[String]]) throws -> [BLEUStatistics] {
        try checkStreams(hypotheses: hypotheses, references: references)
        return try hypotheses.indices.map { i in try statistics(hypothesis: hypotheses[i], references: references.map { $0[i] }) }
    }

    /// sacrebleu's signature, e.g. `nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0`.
    public func signature(referenceCount: Int) -> String {
        "nrefs:\(referenceCount)|case:\(lowercase ? "lc" : "mixed")|eff:\(effectiveOrder ? "yes" : "no")|tok:\(tokenizer.rawValue)|smooth:\(smoothing)|version:\(Self.referenceVersion)"
    }
}

/// Throws unless there is at least one reference stream and every stream has one segment per
/// hypothesis.
func checkStreams(hypotheses: [String], references: [[String]]) throws {
    try ArgumentError.require(!references.isEmpty, "references", "[]", allowed: "at least one reference stream")
    for (k, stream) in references.enumerated() {
        try ArgumentError.require(stream.count == hypotheses.count, "references[\(k)]", "\(stream.count) segments",
                                  allowed: "every reference stream needs one segment per hypothesis (\(hypotheses.count))")
    }
}

/// BLEU's sufficient statistics for one segment or, summed, for a corpus.
public struct BLEUStatistics: Equatable, Sendable, Codable {
    /// Words in the hypothesis (c).
    public var hypothesisLength: Int
    /// Words in the closest reference (r).
    public var referenceLength: Int
    /// Clipped matches of each order n = 1…N.
    public var matches: [Int]
    /// Hypothesis n-grams of each order.
    public var totals: [Int]

    public init(hypothesisLength: Int, referenceLength: Int, matches: [Int], totals: [Int]) {
        self.hypothesisLength = hypothesisLength
        self.referenceLength = referenceLength
        self.matches = matches
        self.totals = totals
    }

    /// Zero statistics for `order` n-gram orders.
    public init(order: Int) {
        self.init(hypothesisLength: 0, referenceLength: 0, matches: Array(repeating: 0, count: order), totals: Array(repeating: 0, count: order))
    }

    public static func + (a: BLEUStatistics, b: BLEUStatistics) -> BLEUStatistics {
        BLEUStatistics(hypothesisLength: a.hypothesisLength + b.hypothesisLength, referenceLength: a.referenceLength + b.referenceLength,
                       matches: zip(a.matches, b.matches).map(+), totals: zip(a.totals, b.totals).map(+))
    }
}

/// A BLEU score with what it was computed from.
public struct BLEUScore: Sendable, CustomStringConvertible {
    /// BLEU, 0–100.
    public let score: Double
    /// The (smoothed) n-gram precisions, percent.
    public let precisions: [Double]
    public let brevityPenalty: Double
    public let statistics: BLEUStatistics
    public let signature: String

    /// Hypothesis length over reference length (0 with no reference words).
    public var lengthRatio: Double {
        statistics.referenceLength > 0 ? Double(statistics.hypothesisLength) / Double(statistics.referenceLength) : 0
    }

    /// As sacrebleu prints it: `BLEU = 34.12 65.2/40.1/28.0/20.3 (BP = 1.000 ratio = 1.012 hyp_len = … ref_len = …)`.
    public var description: String {
        "BLEU = \(String(format: "%.2f", score)) \(precisions.map { String(format: "%.1f", $0) }.joined(separator: "/")) "
            + "(BP = \(String(format: "%.3f", brevityPenalty)) ratio = \(String(format: "%.3f", lengthRatio)) "
            + "hyp_len = \(statistics.hypothesisLength) ref_len = \(statistics.referenceLength))"
    }
}
