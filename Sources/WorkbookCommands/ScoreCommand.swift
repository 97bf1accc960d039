import ArgumentParser
import EvaluationMetrics
import Foundation

/// `workbook score`: Chapter 10's metrics on files, one segment per line, like sacrebleu's
/// command line, each score printed with its signature.
public struct ScoreCommand: ParsableCommand {
    public init() {}

    public static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Score hypotheses against references with BLEU, chrF, chrF++, ROUGE or SQuAD's exact match and F1.",
        discussion: """
            Files hold one segment per line (a final newline is optional; a line's trailing \\r is dropped, as Python's
            universal newlines do). Several --references files are several references per segment (BLEU, chrF, ROUGE's
            best target) or several gold answers (squad). Every score is equal to its reference implementation:
            sacrebleu 2.6.0, rouge-score 0.1.2, the SQuAD v1.1 and v2.0 scripts (Chapter 10).
            """)

    enum MetricName: String, ExpressibleByArgument, CaseIterable {
        case bleu, chrf, chrfPlusPlus = "chrf++", rouge, squad
    }

    enum Smoothing: String, ExpressibleByArgument, CaseIterable {
        case exp, none, floor, addK = "add-k"
    }

    @Argument(help: "bleu, chrf, chrf++, rouge or squad.")
    var metric: MetricName

    @Option(help: "The hypotheses (system outputs, predictions), one per line.")
    var hypotheses: String

    @Option(parsing: .upToNextOption, help: "One or more reference files, each with one line per hypothesis.")
    var references: [String]

    @Flag(help: "Print each line's score too (BLEU then uses effective order, as sacrebleu's sentence_bleu).")
    var sentence = false

    @Flag(help: "Print JSON: the score, its signature and statistics (and each line's, with --sentence).")
    var json = false

    @Flag(help: "Lower-case before scoring (BLEU, chrF).")
    var lowercase = false

    @Option(help: "BLEU's tokenizer: 13a (default) or none.")
    var tokenize: String = "13a"

    @Option(help: "BLEU's smoothing: exp (default), none, floor or add-k.")
    var smooth: Smoothing = .exp

    @Option(parsing: .unconditional, help: "The value for floor (default 0.1) or add-k (default 1).")
    var smoothValue: Double?

    @Flag(help: "ROUGE with NLTK's Porter stemmer (rouge-score's use_stemmer=True).")
    var stem = false

    @Option(help: "SQuAD's evaluation script: v1.1 or v2.0 (default).")
    var squadVersion: String = "v2.0"

    public func validate() throws {
        try CommandLineCheck.require(!references.isEmpty, "--references", "(none)", "give at least one reference file")
        try CommandLineCheck.require(BLEUTokenizer(rawValue: tokenize) != nil, "--tokenize", tokenize, "must be 13a or none")
        try CommandLineCheck.require(SQuADVersion(rawValue: squadVersion) != nil, "--squad-version", squadVersion, "must be v1.1 or v2.0")
        if let smoothValue {
            try CommandLineCheck.require(smooth == .floor || smooth == .addK, "--smooth-value", smoothValue, "applies only to --smooth floor or add-k")
            try CommandLineCheck.require(smoothValue.isFinite && smoothValue >= 0, "--smooth-value", smoothValue, "must be a finite number ≥ 0")
        }
        try CommandLineCheck.require(!stem || metric == .rouge, "--stem", "on", "applies only to rouge")
        try CommandLineCheck.require(!lowercase || [.bleu, .chrf, .chrfPlusPlus].contains(metric), "--lowercase", "on", "applies only to bleu, chrf and chrf++")
    }

    public func run() throws {
        let hypothesisLines = try Self.lines(of: hypotheses)
        let referenceStreams = try references.map(Self.lines(of:))
        for (file, stream) in zip(references, referenceStreams) where stream.count != hypothesisLines.count {
            throw ValidationError("\(hypotheses) has \(hypothesisLines.count) lines but \(file) has \(stream.count): every reference file needs one line per hypothesis")
        }
        let perSegment = hypothesisLines.indices.map { i in referenceStreams.map { $0[i] } }
        var report: [String: Any] = ["metric": metric.rawValue, "segments": hypothesisLines.count]
        var text: [String] = []
        switch metric {
        case .bleu:
            let smoothing: BLEU.Smoothing = switch smooth {
            case .exp: .exponential
            case .none: .none
            case .floor: .floor(smoothValue ?? 0.1)
            case .addK: .addK(smoothValue ?? 1)
            }
            let corpus = try BLEU(lowercase: lowercase, tokenizer: BLEUTokenizer(rawValue: tokenize)!, smoothing: smoothing)
            let score = try corpus.corpusScore(hypotheses: hypothesisLines, references: referenceStreams)
            text.append("\(score)\n  signature: \(score.signature)")
            report.merge(Self.json(score), uniquingKeysWith: { $1 })
            if sentence {
                let perLine = try BLEU(lowercase: lowercase, tokenizer: corpus.tokenizer, smoothing: smoothing, effectiveOrder: true)
                let scores = try zip(hypothesisLines, perSegment).map { try perLine.sentenceScore(hypothesis: $0, references: $1) }
                text += scores.enumerated().map { "\($0 + 1)\t\(String(format: "%.4f", $1.score))" }
                report["sentences"] = scores.map(Self.json)
                report["sentence_signature"] = scores.first?.signature ?? perLine.signature(referenceCount: references.count)
            }
        case .chrf, .chrfPlusPlus:
            let metric = try CHRF(wordOrder: self.metric == .chrf ? 0 : 2, lowercase: lowercase)
            let score = try metric.corpusScore(hypotheses: hypothesisLines, references: referenceStreams)
            text.append("\(score)\n  signature: \(score.signature)")
            report.merge(Self.json(score), uniquingKeysWith: { $1 })
            if sentence {
                let scores = try zip(hypothesisLines, perSegment).map { try metric.sentenceScore(hypothesis: $0, references: $1) }
                text += scores.enumerated().map { "\($0 + 1)\t\(String(format: "%.4f", $1.score))" }
                report["sentences"] = scores.map(Self.json)
            }
        case .rouge:
            let rouge = ROUGE(useStemmer: stem)
            let perLine = try zip(hypothesisLines, perSegment).map { h, refs in try ROUGE.Kind.standard.map { try rouge.score($0, targets: refs, prediction: h) } }
            let means = ROUGE.Kind.standard.indices.map { k -> [Double] in
                let scores = perLine.map { $0[k] }, n = Double(max(scores.count, 1))
                return [scores.map(\.precision).reduce(0, +) / n, scores.map(\.recall).reduce(0, +) / n, scores.map(\.fMeasure).reduce(0, +) / n]
            }
            let signature = "\(ROUGE.referenceVersion)|stemmer:\(stem ? "nltk-porter" : "none")|targets:\(references.count)|max over targets"
            for (kind, m) in zip(ROUGE.Kind.standard, means) {
                text.append("\(kind): P \(String(format: "%.4f", m[0])) R \(String(format: "%.4f", m[1])) F \(String(format: "%.4f", m[2])) (mean over \(perLine.count) lines)")
            }
            text.append("  signature: \(signature)")
            report["signature"] = signature
            report["mean"] = Dictionary(uniqueKeysWithValues: zip(ROUGE.Kind.standard.map(\.description), means.map { ["precision": $0[0], "recall": $0[1], "f": $0[2]] }))
            if sentence {
                text += perLine.enumerated().map { i, s in "\(i + 1)\t" + s.map { String(format: "%.4f", $0.fMeasure) }.joined(separator: "\t") }
                report["sentences"] = perLine.map { s in Dictionary(uniqueKeysWithValues: zip(ROUGE.Kind.standard.map(\.description), s.map { [$0.precision, $0.recall, $0.fMeasure] })) }
            }
        case .squad:
            let version = SQuADVersion(rawValue: squadVersion)!
            let total = try SQuADMetrics.corpusScore(predictions: hypothesisLines, golds: perSegment, version: version)
            let signature = "squad-\(version.rawValue)|golds:\(references.count)|max over golds"
            text.append("exact match = \(String(format: "%.2f", total.exactMatch)) F1 = \(String(format: "%.2f", total.f1)) (\(hypothesisLines.count) questions)\n  signature: \(signature)")
            report["exact_match"] = total.exactMatch
            report["f1"] = total.f1
            report["signature"] = signature
            if sentence {
                let scores = try zip(hypothesisLines, perSegment).map { try SQuADMetrics.score(prediction: $0, golds: $1, version: version) }
                text += scores.enumerated().map { "\($0 + 1)\t\(Int($1.exactMatch))\t\(String(format: "%.4f", $1.f1))" }
                report["sentences"] = scores.map { ["exact_match": $0.exactMatch, "f1": $0.f1] }
            }
        }
        if json {
            let data = try JSONSerialization.data(withJSONObject: report, options: [.prettyPrinted, .sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        } else {
            print(text.joined(separator: "\n"))
        }
    }

    /// The file's lines: split on "\n", a trailing "\r" dropped from each, no empty last line
    /// for a final newline. Throws a `ValidationError` naming a file that cannot be read.
    public static func lines(of path: String) throws -> [String] {
        guard let data = FileManager.default.contents(atPath: path) else { throw ValidationError("\(path): cannot be read") }
        // Decoded as Python's open(encoding="utf-8") does: a byte-order mark stays a character.
        guard let text = String(validating: data, as: UTF8.self) else { throw ValidationError("\(path): not UTF-8 text") }
        var lines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            String(String.UnicodeScalarView(line.last == "\r" ? line.dropLast() : line))
        }
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    static func json(_ score: BLEUScore) -> [String: Any] {
        ["score": score.score, "signature": score.signature, "precisions": score.precisions, "bp": score.brevityPenalty, "text": score.description,
         "statistics": ["hyp_len": score.statistics.hypothesisLength, "ref_len": score.statistics.referenceLength,
                        "matches": score.statistics.matches, "totals": score.statistics.totals]]
    }

    static func json(_ score: CHRFScore) -> [String: Any] {
        ["name": score.name, "score": score.score, "signature": score.signature,
         "statistics": score.statistics.orders.map { ["hypothesis": $0.hypothesis, "reference": $0.reference, "matches": $0.matches] }]
    }
}
