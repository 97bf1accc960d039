import Foundation
import EvaluationMetrics
import Numerics

/// `Fixtures/metrics/reference_cases.json`: what sacrebleu 2.6.0, rouge-score 0.1.2 and the
/// official SQuAD scripts compute on Chapter 10's cases, written by
/// `Scripts/reference/metrics_cases.py`. The keys are the script's.
public struct ReferenceFixture: Decodable, Sendable {
    public static let file = "Fixtures/metrics/reference_cases.json"

    public struct PythonTextCase: Decodable, Sendable {
        public let text: String, lower: String, split: [String], rstrip: String
    }
    public struct TokensCase: Decodable, Sendable {
        public let text: String, tokens: [String]
    }
    public struct ROUGETokensCase: Decodable, Sendable {
        public let text: String, plain: [String], stemmed: [String]
    }

    /// A BLEU configuration as the script passed it to `sacrebleu.metrics.BLEU`.
    public struct BLEUConfiguration: Decodable, Sendable {
        public let smooth_method: String?
        public let smooth_value: Double?
        public let effective_order: Bool?
        public let lowercase: Bool?
        public let tokenize: String?

        public func metric() throws -> BLEU {
            let smoothing: BLEU.Smoothing = switch smooth_method ?? "exp" {
            case "none": .none
            case "floor": .floor(smooth_value ?? 0.1)
            case "add-k": .addK(smooth_value ?? 1)
            default: .exponential
            }
            return try BLEU(lowercase: lowercase ?? false, tokenizer: BLEUTokenizer(rawValue: tokenize ?? "13a") ?? .thirteenA,
                            smoothing: smoothing, effectiveOrder: effective_order ?? false)
        }
    }
    public struct BLEUResult: Decodable, Sendable {
        public let configuration: BLEUConfiguration
        public let score: Double, precisions: [Double], bp: Double
        /// sacrebleu's order: hypothesis length, reference length, matches 1…4, totals 1…4.
        public let statistics: [Int]
        public let signature: String, text: String
    }

    public struct CHRFConfiguration: Decodable, Sendable {
        public let char_order: Int?, word_order: Int?, beta: Int?
        public let lowercase: Bool?, whitespace: Bool?, eps_smoothing: Bool?

        public func metric() throws -> CHRF {
            try CHRF(characterOrder: char_order ?? 6, wordOrder: word_order ?? 0, beta: beta ?? 2, lowercase: lowercase ?? false,
                     whitespace: whitespace ?? false, epsilonSmoothing: eps_smoothing ?? false)
        }
    }
    public struct CHRFResult: Decodable, Sendable {
        public let configuration: CHRFConfiguration
        public let score: Double
        /// Hypothesis, reference, matches for each order.
        public let statistics: [Int]
        public let signature: String
    }

    /// rouge-score's results by type (`rouge1`, …): precision, recall, F.
    public typealias ROUGEResults = [String: [Double]]

    public struct SentenceCase: Decodable, Sendable {
        public let name: String, hypothesis: String, references: [String]
        public let bleu: [BLEUResult]
        public let sentence_bleu: Double
        public let chrf: [CHRFResult]
        public let rouge: [String: ROUGEResults]
        public let rouge_multi: ROUGEResults
    }
    public struct CorpusCase: Decodable, Sendable {
        public let name: String, hypotheses: [String], references: [[String]]
        public let bleu: [BLEUResult]
        public let mean_sentence_bleu: Double
        public let chrf: [CHRFResult]
    }
    public struct SQuADCase: Decodable, Sendable {
        public let prediction: String, golds: [String]
        /// The v1.1 script's `normalize_answer` of the prediction, then of each gold answer.
        public let normalized: [String]
        public let v1: [Double], v2: [Double]
        enum CodingKeys: String, CodingKey { case prediction, golds, normalized, v1 = "v1.1", v2 = "v2.0" }
    }
    public struct SQuADTotals: Decodable, Sendable {
        public let v1: [Double], v2: [Double]
        enum CodingKeys: String, CodingKey { case v1 = "v1.1", v2 = "v2.0" }
    }
    public struct TranslationDirection: Decodable, Sendable {
        public let bleu: BLEUResult, bleu_lowercase: BLEUResult, chrf: CHRFResult, chrfPlusPlus: CHRFResult
        enum CodingKeys: String, CodingKey { case bleu, bleu_lowercase, chrf, chrfPlusPlus = "chrf++" }
    }
    public struct NewTestamentCase: Decodable, Sendable {
        public let pairs: Int
        public let web_against_kjv: TranslationDirection, kjv_against_web: TranslationDirection
        /// Mean F over the verse pairs (KJV the target), by ROUGE type.
        public let rouge_mean_f_plain: [String: Double], rouge_mean_f_stemmed: [String: Double]
        public let squad: SQuADTotals
    }

    public let versions: [String: String]
    public let python_text: [PythonTextCase]
    public let tokenize_13a: [TokensCase]
    public let rouge_tokens: [ROUGETokensCase]
    public let sentences: [SentenceCase]
    public let corpora: [CorpusCase]
    public let squad: [SQuADCase]
    public let squad_corpus: SQuADTotals
    public let new_testament: NewTestamentCase

    /// Reads the fixture; throws `FileFormatError` naming it when it is missing or malformed.
    public static func load(root: URL) throws -> ReferenceFixture {
        try decodeFixture(ReferenceFixture.self, file: file, generator: "Scripts/reference/metrics_cases.py", root: root)
    }
}
