import EvaluationMetrics

/// The textbook properties of BLEU, computed by the workbook's metric on the chapter's worked
/// examples.
public struct WorkedExamples: Sendable {
    /// A hypothesis identical to its reference (6 words).
    public static let identical = "the cat sat on the mat"
    /// Papineni et al.'s example of why counts are clipped.
    public static let papineniHypothesis = "the the the the the the the"
    public static let papineniReferences = ["The cat is on the mat.", "There is a cat on the mat."]
    /// The brevity-penalty example: a 12-word hypothesis against a 15-word reference.
    public static let shortHypothesisLength = 12, referenceLength = 15
    /// A corpus whose BLEU differs from the mean of its sentences' BLEU.
    public static let corpusHypotheses = ["the cat sat on the mat", "a dog", "it is raining today in the city"]
    public static let corpusReferences = ["the cat sat on a mat", "the dog barked", "it rains today in the old city"]

    public let identicalBLEU: Double
    /// Papineni's modified unigram precision (%) and the one without clipping, lower-cased.
    public let papineniClippedPrecision: Double, papineniUnclippedPrecision: Double
    public let brevityPenalty: Double
    public let corpusBLEU: Double, meanSentenceBLEU: Double
    public let sentenceBLEUs: [Double]

    public init() throws {
        identicalBLEU = try BLEU.corpus.sentenceScore(hypothesis: Self.identical, references: [Self.identical]).score
        // Papineni et al. count "The" and "the" as one word: lower-cased BLEU.
        let lowercased = try BLEU(lowercase: true)
        let papineni = try lowercased.sentenceScore(hypothesis: Self.papineniHypothesis, references: Self.papineniReferences)
        papineniClippedPrecision = papineni.precisions[0]
        let referenceWords = Set(Self.papineniReferences.flatMap(lowercased.words)), words = lowercased.words(Self.papineniHypothesis)
        papineniUnclippedPrecision = 100 * Double(words.filter(referenceWords.contains).count) / Double(words.count)
        brevityPenalty = BLEU.brevityPenalty(hypothesisLength: Self.shortHypothesisLength, referenceLength: Self.referenceLength)
        corpusBLEU = try BLEU.corpus.corpusScore(hypotheses: Self.corpusHypotheses, references: [Self.corpusReferences]).score
        sentenceBLEUs = try zip(Self.corpusHypotheses, Self.corpusReferences).map { try BLEU.sentence.sentenceScore(hypothesis: $0, references: [$1]).score }
        meanSentenceBLEU = sentenceBLEUs.reduce(0, +) / Double(sentenceBLEUs.count)
    }
}
