import Foundation
import EvaluationMetrics
import Numerics

/// Two human translations scored against each other with every metric: the World English
/// Bible against the King James and the King James against the World English Bible, 7,950
/// verses, one reference each.
public struct TranslationStudy: Sendable {
    /// One direction's scores.
    public struct Direction: Sendable {
        public let name: String
        public let bleu: BLEUScore, bleuLowercase: BLEUScore
        public let chrF: CHRFScore, chrFPlusPlus: CHRFScore
        /// Mean F over the verses, by ROUGE kind (`ROUGE.Kind.standard` order), plain and stemmed.
        /// F₁ is symmetric in precision and recall, so these do not depend on the direction.
        public let rougeMeanF: [Double], rougeMeanFStemmed: [Double]
        /// The SQuAD scripts' totals (v1.1 and v2.0 agree here: no verse is empty; also symmetric).
        public let squadV1: (exactMatch: Double, f1: Double), squadV2: (exactMatch: Double, f1: Double)
        /// Each verse's sentence BLEU (exp smoothing, effective order) and chrF.
        public let sentenceBLEU: [Double], sentenceChrF: [Double]
    }

    public let pairs: TranslationPairs
    public let webAgainstKJV: Direction, kjvAgainstWEB: Direction
    /// The King James scored against itself (a sanity line: every metric at its maximum).
    public let kjvAgainstItself: BLEUScore

    public init(root: URL) throws {
        let pairs = try TranslationPairs(root: root)
        self.pairs = pairs
        // The two directions are independent: one per core. The F-scores (ROUGE, token F1) are
        // symmetric, so the second direction takes them from the first.
        nonisolated(unsafe) var ngramScores = [Result<NGramScores, any Error>?](repeating: nil, count: 2)
        nonisolated(unsafe) var overlap: Result<OverlapScores, any Error>?
        let lock = NSLock()
        DispatchQueue.concurrentPerform(iterations: 2) { k in
            let scores = Result { try k == 0 ? Self.ngramScores(hypotheses: pairs.web, references: pairs.kjv) : Self.ngramScores(hypotheses: pairs.kjv, references: pairs.web) }
            let f = k == 0 ? Result { try Self.overlapScores(hypotheses: pairs.web, references: pairs.kjv) } : nil
            lock.lock()
            ngramScores[k] = scores
            if let f { overlap = f }
            lock.unlock()
        }
        let f = try overlap!.get()
        webAgainstKJV = Direction(name: "World English Bible against the King James", try ngramScores[0]!.get(), f)
        kjvAgainstWEB = Direction(name: "King James against the World English Bible", try ngramScores[1]!.get(), f)
        kjvAgainstItself = try BLEU.corpus.corpusScore(hypotheses: Array(pairs.kjv.prefix(500)), references: [Array(pairs.kjv.prefix(500))])
    }

    /// BLEU and chrF: they depend on which side is the hypothesis.
    struct NGramScores {
        let bleu: BLEUScore, bleuLowercase: BLEUScore, chrF: CHRFScore, chrFPlusPlus: CHRFScore
        let sentenceBLEU: [Double], sentenceChrF: [Double]
    }

    /// ROUGE and SQuAD's F1: the same either way.
    struct OverlapScores {
        let rouge: [Double], rougeStemmed: [Double]
        let squadV1: (exactMatch: Double, f1: Double), squadV2: (exactMatch: Double, f1: Double)
    }

    static func ngramScores(hypotheses: [String], references: [String]) throws -> NGramScores {
        let bleuStatistics = try BLEU.corpus.corpusStatistics(hypotheses: hypotheses, references: [references])
        let chrFStatistics = try CHRF.chrF.corpusStatistics(hypotheses: hypotheses, references: [references])
        return NGramScores(bleu: BLEU.corpus.score(bleuStatistics.reduce(BLEUStatistics(order: 4), +), referenceCount: 1),
                           bleuLowercase: try BLEU(lowercase: true).corpusScore(hypotheses: hypotheses, references: [references]),
                           chrF: CHRF.chrF.score(chrFStatistics.reduce(CHRFStatistics.zero(orders: 6), +), referenceCount: 1),
                           chrFPlusPlus: try CHRF.chrFPlusPlus.corpusScore(hypotheses: hypotheses, references: [references]),
                           sentenceBLEU: bleuStatistics.map { BLEU.sentence.score($0, referenceCount: 1).score },
                           sentenceChrF: chrFStatistics.map { CHRF.chrF.fScore($0) })
    }

    static func overlapScores(hypotheses: [String], references: [String]) throws -> OverlapScores {
        let plain = ROUGE(), stemmed = ROUGE(useStemmer: true)
        var rouge = [Double](repeating: 0, count: 4), rougeStemmed = rouge
        for (target, prediction) in zip(references, hypotheses) {
            for (k, s) in try plain.scores(target: target, prediction: prediction).enumerated() { rouge[k] += s.fMeasure }
            for (k, s) in try stemmed.scores(target: target, prediction: prediction).enumerated() { rougeStemmed[k] += s.fMeasure }
        }
        let n = Double(hypotheses.count), golds = references.map { [$0] }
        return OverlapScores(rouge: rouge.map { $0 / n }, rougeStemmed: rougeStemmed.map { $0 / n },
                             squadV1: try SQuADMetrics.corpusScore(predictions: hypotheses, golds: golds, version: .v1_1),
                             squadV2: try SQuADMetrics.corpusScore(predictions: hypotheses, golds: golds, version: .v2_0))
    }
}

extension TranslationStudy.Direction {
    init(name: String, _ n: TranslationStudy.NGramScores, _ f: TranslationStudy.OverlapScores) {
        self.init(name: name, bleu: n.bleu, bleuLowercase: n.bleuLowercase, chrF: n.chrF, chrFPlusPlus: n.chrFPlusPlus,
                  rougeMeanF: f.rouge, rougeMeanFStemmed: f.rougeStemmed, squadV1: f.squadV1, squadV2: f.squadV2,
                  sentenceBLEU: n.sentenceBLEU, sentenceChrF: n.sentenceChrF)
    }
}
