import Foundation
import EvaluationMetrics
import Numerics

/// Every metric of Chapter 10 against the reference fixture: integer statistics (lengths,
/// matches, totals), tokens, normalised strings and signatures must be equal exactly, scores to
/// `tolerance` relative.
public struct ReferenceEquality: Sendable {
    /// The precision for scores: 1e-12 relative (0 must be 0).
    public static let tolerance = 1e-12

    /// One metric's comparison.
    public struct Comparison: Sendable {
        public let metric: String
        /// Values compared (scores, statistics, tokens lists).
        public internal(set) var checked = 0
        /// Exact values (integers, strings, token lists) that differed.
        public internal(set) var exactMismatches = 0
        /// The largest relative difference of a score, |ours − reference| / |reference|.
        public internal(set) var largestRelativeDifference = 0.0
        /// The first few differences, in words.
        public internal(set) var examples: [String] = []

        public var passes: Bool { exactMismatches == 0 && largestRelativeDifference <= ReferenceEquality.tolerance }

        mutating func exact<T: Equatable>(_ ours: T, _ reference: T, _ what: @autoclosure () -> String) {
            checked += 1
            if ours != reference {
                exactMismatches += 1
                note("\(what()): \(ours) vs reference \(reference)")
            }
        }

        mutating func exact(_ ours: String, _ reference: String, _ what: @autoclosure () -> String) {
            exact(Array(ours.unicodeScalars), Array(reference.unicodeScalars), what())
        }

        /// Strings compare code point by code point, as in Python (not up to canonical equivalence).
        mutating func exact(_ ours: [String], _ reference: [String], _ what: @autoclosure () -> String) {
            exact(ours.map { Array($0.unicodeScalars) }, reference.map { Array($0.unicodeScalars) }, what())
        }

        mutating func close(_ ours: Double, _ reference: Double, _ what: @autoclosure () -> String) {
            checked += 1
            let difference = ours == reference ? 0 : reference == 0 ? .infinity : abs(ours - reference) / abs(reference)
            if difference > largestRelativeDifference { largestRelativeDifference = difference }
            if difference > ReferenceEquality.tolerance { note("\(what()): \(ours) vs reference \(reference)") }
        }

        mutating func note(_ text: String) {
            if examples.count < 5 { examples.append(text) }
        }
    }

    public let versions: [String: String]
    /// Cases in the fixture; `handWrittenCases` of the sentence cases are not seeded random ones.
    public let sentenceCases: Int, handWrittenCases: Int, corpusCases: Int, squadCases: Int, translationPairs: Int
    public let comparisons: [Comparison]
    /// NLTK's stems, and how other Porter stemmers differ from them.
    public let porterFixture: PorterFixture

    public func comparison(_ metric: String) -> Comparison? { comparisons.first { $0.metric == metric } }

    /// Compares every case of the fixture, and `study`'s New Testament scores with the
    /// fixture's.
    public init(root: URL, study: TranslationStudy) throws {
        let fixture = try ReferenceFixture.load(root: root)
        versions = fixture.versions
        sentenceCases = fixture.sentences.count
        handWrittenCases = fixture.sentences.filter { !$0.name.hasPrefix("random") }.count
        corpusCases = fixture.corpora.count
        squadCases = fixture.squad.count
        translationPairs = fixture.new_testament.pairs

        var text = Comparison(metric: "Python str semantics")
        for c in fixture.python_text {
            text.exact(PythonText.lowercased(c.text), c.lower, "lower(\(c.text.debugDescription))")
            text.exact(PythonText.words(c.text), c.split, "split(\(c.text.debugDescription))")
            text.exact(String(String.UnicodeScalarView(PythonText.strippingTrailingWhitespace(Array(c.text.unicodeScalars)))), c.rstrip, "rstrip(\(c.text.debugDescription))")
        }
        var tokens = Comparison(metric: "13a tokenizer")
        for c in fixture.tokenize_13a { tokens.exact(BLEUTokenizer.thirteenA.words(c.text), c.tokens, "13a(\(c.text.debugDescription))") }

        var bleu = Comparison(metric: "BLEU")
        func compare(_ result: ReferenceFixture.BLEUResult, hypotheses: [String], references: [[String]], _ name: String) throws {
            compare(try result.configuration.metric().corpusScore(hypotheses: hypotheses, references: references), result, name)
        }
        func compare(_ score: BLEUScore, _ result: ReferenceFixture.BLEUResult, _ name: String) {
            let s = score.statistics
            bleu.exact([s.hypothesisLength, s.referenceLength] + s.matches + s.totals, result.statistics, "\(name) \(score.signature) statistics")
            bleu.exact(score.signature, result.signature, "\(name) signature")
            bleu.exact(score.description, result.text, "\(name) printed")
            bleu.close(score.score, result.score, "\(name) \(score.signature) BLEU")
            bleu.close(score.brevityPenalty, result.bp, "\(name) BP")
            for (n, (p, q)) in zip(score.precisions, result.precisions).enumerated() { bleu.close(p, q, "\(name) p\(n + 1)") }
        }
        var chrf = Comparison(metric: "chrF and chrF++")
        func compare(_ result: ReferenceFixture.CHRFResult, hypotheses: [String], references: [[String]], _ name: String) throws {
            compare(try result.configuration.metric().corpusScore(hypotheses: hypotheses, references: references), result, name)
        }
        func compare(_ score: CHRFScore, _ result: ReferenceFixture.CHRFResult, _ name: String) {
            chrf.exact(score.statistics.flattened, result.statistics, "\(name) \(score.signature) statistics")
            chrf.exact(score.signature, result.signature, "\(name) signature")
            chrf.close(score.score, result.score, "\(name) \(score.signature) score")
        }
        var stems = Comparison(metric: "Porter stemmer (NLTK)")
        let porter = try PorterFixture.load(root: root), stemmer = PorterStemmer()
        for word in try porter.words(root: root) { stems.exact(stemmer.stem(word), porter.changed[word] ?? word, "stem(\(word))") }
        porterFixture = porter
        var rouge = Comparison(metric: "ROUGE")
        let plain = ROUGE(), stemmed = ROUGE(useStemmer: true)
        for c in fixture.rouge_tokens {
            rouge.exact(plain.tokens(c.text), c.plain, "tokens(\(c.text.debugDescription))")
            rouge.exact(stemmed.tokens(c.text), c.stemmed, "stemmed tokens(\(c.text.debugDescription))")
        }
        func compare(_ ours: ROUGEScore, _ reference: [Double], _ name: String) {
            rouge.close(ours.precision, reference[0], "\(name) precision")
            rouge.close(ours.recall, reference[1], "\(name) recall")
            rouge.close(ours.fMeasure, reference[2], "\(name) F")
        }
        for c in fixture.sentences {
            for result in c.bleu { try compare(result, hypotheses: [c.hypothesis], references: c.references.map { [$0] }, c.name) }
            bleu.close(try BLEU.sentence.sentenceScore(hypothesis: c.hypothesis, references: c.references).score, c.sentence_bleu, "\(c.name) sentence_bleu")
            for result in c.chrf { try compare(result, hypotheses: [c.hypothesis], references: c.references.map { [$0] }, c.name) }
            for (variant, scorer) in [("plain", plain), ("stemmed", stemmed)] {
                for kind in ROUGE.Kind.standard {
                    guard let reference = c.rouge[variant]?[kind.description] else { rouge.note("\(c.name): no \(variant) \(kind)"); continue }
                    compare(try scorer.score(kind, target: c.references[0], prediction: c.hypothesis), reference, "\(c.name) \(variant) \(kind)")
                }
            }
            for kind in ROUGE.Kind.standard {
                compare(try plain.score(kind, targets: c.references, prediction: c.hypothesis), c.rouge_multi[kind.description] ?? [], "\(c.name) multi \(kind)")
            }
        }
        for c in fixture.corpora {
            for result in c.bleu { try compare(result, hypotheses: c.hypotheses, references: c.references, c.name) }
            let sentences = try c.hypotheses.indices.map { i in try BLEU.sentence.sentenceScore(hypothesis: c.hypotheses[i], references: c.references.map { $0[i] }).score }
            bleu.close(sentences.reduce(0, +) / Double(sentences.count), c.mean_sentence_bleu, "\(c.name) mean sentence BLEU")
            for result in c.chrf { try compare(result, hypotheses: c.hypotheses, references: c.references, c.name) }
        }

        var squad = Comparison(metric: "SQuAD exact match and F1")
        for c in fixture.squad {
            squad.exact([SQuADMetrics.normalized(c.prediction)] + c.golds.map(SQuADMetrics.normalized), c.normalized, "normalize(\(c.prediction.debugDescription), \(c.golds))")
            for (version, reference) in [(SQuADVersion.v1_1, c.v1), (.v2_0, c.v2)] {
                let s = try SQuADMetrics.score(prediction: c.prediction, golds: c.golds, version: version)
                squad.close(s.exactMatch, reference[0], "\(version) EM(\(c.prediction.debugDescription), \(c.golds))")
                squad.close(s.f1, reference[1], "\(version) F1(\(c.prediction.debugDescription), \(c.golds))")
            }
        }
        let questions = Array(fixture.squad.prefix(ReferenceEquality.squadCorpusQuestions))
        for (version, reference) in [(SQuADVersion.v1_1, fixture.squad_corpus.v1), (.v2_0, fixture.squad_corpus.v2)] {
            let s = try SQuADMetrics.corpusScore(predictions: questions.map(\.prediction), golds: questions.map(\.golds), version: version)
            squad.close(s.exactMatch, reference[0], "\(version) corpus EM")
            squad.close(s.f1, reference[1], "\(version) corpus F1")
        }

        // The real text: the two New Testaments, every metric, both directions.
        let nt = fixture.new_testament
        bleu.exact(study.pairs.pairs.count, nt.pairs, "New Testament pairs")
        for (ours, reference) in [(study.webAgainstKJV, nt.web_against_kjv), (study.kjvAgainstWEB, nt.kjv_against_web)] {
            compare(ours.bleu, reference.bleu, ours.name)
            compare(ours.bleuLowercase, reference.bleu_lowercase, ours.name + " (lower-case)")
            compare(ours.chrF, reference.chrf, ours.name)
            compare(ours.chrFPlusPlus, reference.chrfPlusPlus, ours.name)
        }
        let w = study.webAgainstKJV
        for (k, kind) in ROUGE.Kind.standard.enumerated() {
            rouge.close(w.rougeMeanF[k], nt.rouge_mean_f_plain[kind.description] ?? .nan, "New Testament mean \(kind) F")
            rouge.close(w.rougeMeanFStemmed[k], nt.rouge_mean_f_stemmed[kind.description] ?? .nan, "New Testament mean \(kind) F, stemmed")
        }
        for (ours, reference, version) in [(w.squadV1, nt.squad.v1, "v1.1"), (w.squadV2, nt.squad.v2, "v2.0")] {
            squad.close(ours.exactMatch, reference[0], "New Testament \(version) EM")
            squad.close(ours.f1, reference[1], "New Testament \(version) F1")
        }
        comparisons = [text, tokens, bleu, chrf, stems, rouge, squad]
    }

    /// The hand-written SQuAD cases the script also totals (`SQUAD_CASES`, the fixture's first).
    static let squadCorpusQuestions = 29
}
