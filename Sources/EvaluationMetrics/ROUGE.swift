import Numerics

/// ROUGE (Lin 2004, "ROUGE: A Package for Automatic Evaluation of Summaries") exactly as
/// Google's `rouge-score` 0.1.2 computes it: ROUGE-N from n-gram overlap, ROUGE-L from the
/// longest common subsequence, ROUGE-Lsum from the union LCS over the summary's sentences (one
/// per line), each as precision, recall and F₁, on a 0–1 scale.
///
/// Its tokenizer keeps only the ASCII letters and digits of the lower-cased text, so
/// "naïve" is the two words "na" and "ve" and Chinese text has no words at all. With
/// stemming, words longer than 3 characters go through NLTK's Porter stemmer (`PorterStemmer`).
public struct ROUGE: Sendable {
    public enum Kind: Sendable, Hashable, CustomStringConvertible {
        /// ROUGE-N: n-gram overlap.
        case n(Int)
        /// ROUGE-L: the longest common subsequence of the two texts as single sequences.
        case l
        /// ROUGE-Lsum: summary-level LCS, the texts split into sentences on newlines.
        case lsum

        /// rouge-score's names: `rouge1`, `rouge2`, `rougeL`, `rougeLsum`.
        public var description: String {
            switch self {
            case .n(let n): "rouge\(n)"
            case .l: "rougeL"
            case .lsum: "rougeLsum"
            }
        }

        /// The four the chapter reports.
        public static let standard: [Kind] = [.n(1), .n(2), .l, .lsum]
    }

    public let useStemmer: Bool
    private let stemmer = PorterStemmer()

    public init(useStemmer: Bool = false) {
        self.useStemmer = useStemmer
    }

    /// The reference version whose results this implementation equals.
    public static let referenceVersion = "rouge-score 0.1.2"

    // listing: rouge-tokens
    /// rouge-score's tokenizer: lower-case (Python's `str.lower()`), keep the maximal runs of
    /// `a–z` and `0–9` as tokens, and stem those longer than 3 characters.
    public func tokens(_ text: String) -> [String] {
        var tokens: [String] = [], token: [UInt8] = []
        func flush() {
            guard !token.isEmpty else { return }
            let word = String(decoding: token, as: UTF8.self)
            tokens.append(useStemmer && token.count > 3 ? stemmer.stem(word) : word)
            token.removeAll(keepingCapacity: true)
        }
        for scalar in PythonText.lowercased(Array(text.unicodeScalars)) {
            if (0x61...0x7A).contains(scalar.value) || (0x30...0x39).contains(scalar.value) {
                token.append(UInt8(scalar.value))
            } else {
                flush()
            }
        }
        flush()
        return tokens
    }
    // end listing

    /// `prediction` scored against `target` (rouge-score's argument order: target first), for
    /// each of `kinds`. Both texts are tokenized once, line by line (ROUGE-Lsum's sentences;
    /// the other kinds use all the lines' tokens in order, which are the whole text's tokens).
    /// Throws `ArgumentError` for ROUGE-N with n outside 1…4, and for ROUGE-Lsum on two
    /// sentences whose table would exceed `maximumTableCells`.
    public func scores(_ kinds: [Kind] = Kind.standard, target: String, prediction: String) throws -> [ROUGEScore] {
        var ids = WordIDs()
        let targetLines = lines(target, &ids), predictionLines = lines(prediction, &ids)
        let targetTokens = Array(targetLines.joined()), predictionTokens = Array(predictionLines.joined())
        return try kinds.map { kind in
            switch kind {
            case .n(let n):
                try ArgumentError.require((1...NGramCounts.maximumWordOrder).contains(n), "kinds", kind, allowed: "ROUGE-N needs n in 1...\(NGramCounts.maximumWordOrder)")
                return Self.ngramScore(target: targetTokens, prediction: predictionTokens, order: n)
            case .l:
                return try Self.lcsScore(target: targetTokens, prediction: predictionTokens)
            case .lsum:
                return try Self.summaryLevelLCSScore(target: targetLines, prediction: predictionLines)
            }
        }
    }

    /// One kind's score.
    public func score(_ kind: Kind, target: String, prediction: String) throws -> ROUGEScore {
        try scores([kind], target: target, prediction: prediction)[0]
    }

    /// The token ids of each non-empty line of `text` (split on "\n" only, as rouge-score).
    func lines(_ text: String, _ ids: inout WordIDs) -> [[Int32]] {
        text.unicodeScalars.split(separator: "\n").map { ids.ids(tokens(String(scalars: $0)).map { Array($0.unicodeScalars) }) }
    }

    /// Against several targets: the score of the target with the highest F (the first of
    /// equals), as rouge-score's `score_multi`. Throws `ArgumentError` for no target.
    public func score(_ kind: Kind, targets: [String], prediction: String) throws -> ROUGEScore {
        try ArgumentError.require(!targets.isEmpty, "targets", "[]", allowed: "at least one target")
        var best: ROUGEScore?
        for target in targets {
            let s = try score(kind, target: target, prediction: prediction)
            if best == nil || s.fMeasure > best!.fMeasure { best = s }
        }
        return best!
    }

    // listing: rouge-n
    /// ROUGE-N: overlap = Σ over target n-grams of min(count in target, count in prediction);
    /// precision = overlap / prediction n-grams, recall = overlap / target n-grams (each
    /// denominator at least 1).
    static func ngramScore(target: [Int32], prediction: [Int32], order n: Int) -> ROUGEScore {
        let t = NGramCounts(words: target, order: n), p = NGramCounts(words: prediction, order: n)
        let overlap = t.clippedMatches(against: p), targetCount = t.total, predictionCount = p.total
        return ROUGEScore(precision: Double(overlap) / Double(max(predictionCount, 1)), recall: Double(overlap) / Double(max(targetCount, 1)))
    }
    // end listing

    // listing: rouge-l
    /// The length of the longest common subsequence, by dynamic programming over one row at a
    /// time: `row[j]` is the LCS length of the first i tokens of `a` and the first j of `b`.
    static func lcsLength(_ a: [Int32], _ b: [Int32]) throws -> Int {
        // exercise: M10.2 write lcsLength: the longest common subsequence by dynamic programming, one row at a time (Chapter 10, ROUGE-L)
        var previous = [Int](repeating: 0, count: b.count + 1), row = previous
        for i in a.indices {
            for j in b.indices {
                row[j + 1] = a[i] == b[j] ? previous[j] + 1 : max(previous[j + 1], row[j])
            }
            swap(&previous, &row)
        }
        return previous[b.count]
        // end exercise
    }

    /// ROUGE-L: LCS / prediction length and LCS / target length; 0 when either is empty.
    static func lcsScore(target: [Int32], prediction: [Int32]) throws -> ROUGEScore {
        guard !target.isEmpty, !prediction.isEmpty else { return ROUGEScore(precision: 0, recall: 0) }
        let lcs = try lcsLength(target, prediction)
        return ROUGEScore(precision: Double(lcs) / Double(prediction.count), recall: Double(lcs) / Double(target.count))
    }
    // end listing

    /// The most cells a whole LCS table may have (ROUGE-Lsum keeps one per pair of sentences to
    /// walk back through): 2²⁴, 64 MiB.
    public static let maximumTableCells = 1 << 24

    // listing: rouge-lsum
    /// The positions in `a` of one longest common subsequence with `b`, found by walking the
    /// whole table back from the end (on a tie, towards a shorter `a`, as rouge-score does).
    static func lcsPositions(_ a: [Int32], _ b: [Int32]) throws -> [Int] {
        let columns = b.count + 1
        try ArgumentError.require((a.count + 1) * columns <= maximumTableCells, "sentence lengths", "\(a.count) and \(b.count) tokens",
                                  allowed: "ROUGE-Lsum's table for two sentences may have at most \(maximumTableCells) cells")
        var table = [Int32](repeating: 0, count: (a.count + 1) * columns)
        for i in a.indices {
            for j in b.indices {
                table[(i + 1) * columns + j + 1] = a[i] == b[j] ? table[i * columns + j] + 1 : max(table[i * columns + j + 1], table[(i + 1) * columns + j])
            }
        }
        var i = a.count, j = b.count, positions: [Int] = []
        while i > 0 && j > 0 {
            if a[i - 1] == b[j - 1] {
                positions.append(i - 1)
                i -= 1
                j -= 1
            } else if table[i * columns + j - 1] > table[(i - 1) * columns + j] {
                j -= 1
            } else {
                i -= 1
            }
        }
        return positions.reversed()
    }

    /// ROUGE-Lsum: for each target sentence, the union of its LCS positions with every
    /// prediction sentence; a hit is a token of that union, counted while both texts still
    /// have an unused occurrence of it. Precision = hits / prediction tokens, recall = hits /
    /// target tokens.
    static func summaryLevelLCSScore(target: [[Int32]], prediction: [[Int32]]) throws -> ROUGEScore {
        let targetTokens = target.reduce(0) { $0 + $1.count }, predictionTokens = prediction.reduce(0) { $0 + $1.count }
        guard targetTokens > 0, predictionTokens > 0 else { return ROUGEScore(precision: 0, recall: 0) }
        var unusedTarget: [Int32: Int] = [:], unusedPrediction: [Int32: Int] = [:]
        for s in target { for t in s { unusedTarget[t, default: 0] += 1 } }
        for s in prediction { for t in s { unusedPrediction[t, default: 0] += 1 } }
        var hits = 0
        for sentence in target {
            let union = Set(try prediction.flatMap { try lcsPositions(sentence, $0) }).sorted()
            for token in union.map({ sentence[$0] }) where unusedTarget[token, default: 0] > 0 && unusedPrediction[token, default: 0] > 0 {
                hits += 1
                unusedTarget[token]! -= 1
                unusedPrediction[token]! -= 1
            }
        }
        return ROUGEScore(precision: Double(hits) / Double(predictionTokens), recall: Double(hits) / Double(targetTokens))
    }
    // end listing
}

/// Precision, recall and F₁ = 2PR / (P + R) (0 when P + R = 0), each 0–1.
public struct ROUGEScore: Equatable, Sendable, Codable {
    public let precision: Double
    public let recall: Double
    public let fMeasure: Double

    public init(precision: Double, recall: Double) {
        self.precision = precision
        self.recall = recall
        fMeasure = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0
    }
}
