import Foundation
import EvaluationMetrics
import FineTuningExperiments
import GPT
import GPTFastPath
import GSL
import Numerics

/// The workbook's own models scored with the chapter's metrics: each model continues the first
/// half of held-out New Testament verses, and the continuations are scored against the verses'
/// true second halves. The systems are Chapter 8's Shakespeare GPT (the base) and Chapter 9's
/// fine-tunes of it on the King James New Testament (LoRA at three ranks and full
/// fine-tuning), each decoded greedily and by sampling.
public struct ModelContinuations: @unchecked Sendable {
    /// Verses scored: every k-th verse of the dev split (1 Peter 3 to Revelation) with at
    /// least 8 words.
    public static let verseCount = 96
    /// The most characters a continuation may have (it stops earlier at a newline).
    public static let maximumLength = 48
    public static let sampling = SamplingSettings(temperature: 0.8, topK: 20)
    public static let samplingSeed: UInt = 10
    /// The systems: each method sampled, and the base and full fine-tune also greedy.
    public static let sampledMethods: [FineTuningMethod?] = [nil, .lora(rank: 1), .lora(rank: 4), .lora(rank: 16), .full]
    public static let greedyMethods: [FineTuningMethod?] = [nil, .full]

    /// One verse split in two at the space nearest its middle.
    public struct Task: Sendable {
        public let reference: String
        public let prompt: String
        /// The true second half: the reference every continuation is scored against.
        public let target: String
    }

    /// One model and decoding, its continuations and their scores.
    public struct System: Sendable {
        public let name: String
        public let method: FineTuningMethod?
        public let sampled: Bool
        public let continuations: [String]
        /// The model's New Testament dev loss (Chapter 9's measurement, nats per character).
        public let newTestamentDevLoss: Double
        public let bleu: BLEUScore
        public let chrF: CHRFScore
        /// Mean ROUGE-1 and ROUGE-L F over the verses (0–1).
        public let rouge1: Double, rougeL: Double
        /// SQuAD token F1 (v2.0), 0–100.
        public let tokenF1: Double

        /// The five scores, in `metricNames` order, each on its own scale.
        public var scores: [Double] { [bleu.score, chrF.score, 100 * rouge1, 100 * rougeL, tokenF1] }
    }

    public static let metricNames = ["BLEU", "chrF", "ROUGE-1", "ROUGE-L", "token F1"]

    public let tasks: [Task]
    public let systems: [System]
    /// Spearman's ρ between every two metrics' scores over the systems.
    public let rankCorrelations: [(first: String, second: String, rho: Double)]

    public init(run: FineTuningRun, root: URL) throws {
        let corpus = run.newTestament
        tasks = try Self.tasks(root: root, corpus: corpus)
        let prompts = try tasks.map { try corpus.encode($0.prompt) }
        let newline = try corpus.encode("\n")[0]
        let jobs = Self.greedyMethods.map { ($0, false) } + Self.sampledMethods.map { ($0, true) }
        // Two jobs at a time; each decodes with its own copy of the model's weights (a forward
        // pass writes the model's activations).
        nonisolated(unsafe) var outcomes = [Result<[String], any Error>?](repeating: nil, count: jobs.count)
        let lock = NSLock()
        DispatchQueue.concurrentPerform(iterations: 2) { worker in
            for k in stride(from: worker, to: jobs.count, by: 2) {
                let job = jobs[k]
                let outcome = Result { () throws -> [String] in
                    let trained = job.0.map { run.models[$0]! } ?? run.base
                    let model = try FusedGPT<Float>(configuration: trained.configuration, vocabularySize: trained.vocabularySize, parameters: trained.parameterValues)
                    let ids = try model.continuations(of: prompts, stop: newline, maximumLength: Self.maximumLength, sampling: job.1 ? Self.sampling : .greedy, seed: Self.samplingSeed)
                    return try ids.map { try corpus.decode($0) }
                }
                lock.lock()
                outcomes[k] = outcome
                lock.unlock()
            }
        }
        let targets = tasks.map(\.target)
        systems = try zip(jobs, outcomes).map { job, outcome in
            let continuations = try outcome!.get()
            let rouge = try zip(targets, continuations).map { try ROUGE().scores([.n(1), .l], target: $0, prediction: $1) }
            return System(name: (job.0?.description ?? "base (Shakespeare)") + (job.1 ? ", sampled" : ", greedy"), method: job.0, sampled: job.1,
                          continuations: continuations,
                          newTestamentDevLoss: job.0.map { run.summary($0).newTestament } ?? run.baseNewTestamentDev,
                          bleu: try BLEU.corpus.corpusScore(hypotheses: continuations, references: [targets]),
                          chrF: try CHRF.chrF.corpusScore(hypotheses: continuations, references: [targets]),
                          rouge1: rouge.map { $0[0].fMeasure }.reduce(0, +) / Double(rouge.count),
                          rougeL: rouge.map { $0[1].fMeasure }.reduce(0, +) / Double(rouge.count),
                          tokenF1: try SQuADMetrics.corpusScore(predictions: continuations, golds: targets.map { [$0] }, version: .v2_0).f1)
        }
        var correlations: [(String, String, Double)] = []
        for i in Self.metricNames.indices {
            for j in Self.metricNames.indices where j > i {
                correlations.append((Self.metricNames[i], Self.metricNames[j], try spearmanCorrelation(systems.map { $0.scores[i] }, systems.map { $0.scores[j] })))
            }
        }
        rankCorrelations = correlations
    }

    /// The verses: every k-th verse of `corpus`'s dev split (respelled as the models read it)
    /// with at least 8 words, cut at the space nearest its middle. The corpus is the verses
    /// joined by newlines, so a verse is in the dev split when it starts at or after the split's
    /// first character.
    static func tasks(root: URL, corpus: CharacterCorpus) throws -> [Task] {
        var offset = 0, dev: [(String, String)] = []
        for verse in try NewTestament.verses(root: root) {
            let text = NewTestament.respelled(verse.text)
            if offset >= corpus.train.count && text.split(separator: " ").count >= 8 { dev.append((verse.reference, text)) }
            offset += text.unicodeScalars.count + 1
        }
        let stride = dev.count / verseCount
        return (0..<verseCount).map { k in
            let (reference, text) = dev[k * stride]
            let scalars = Array(text.unicodeScalars), middle = scalars.count / 2
            let spaces = scalars.indices.filter { scalars[$0] == " " }
            let split = spaces.min { (abs($0 - middle), $0) < (abs($1 - middle), $1) }!
            return Task(reference: reference, prompt: String(String.UnicodeScalarView(scalars[...split])),
                        target: String(String.UnicodeScalarView(scalars[(split + 1)...])))
        }
    }
}
