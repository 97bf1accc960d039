import Foundation
import EvaluationMetrics
import GPT
import GPTFastPath
import GSL
import Numerics
import Optimization
import Retrieval

/// Retrieval-augmented answering: a small word-level GPT (Chapter 8's fast path) learns
/// to answer a question from a passage put before it, and is asked about elements it never saw
/// in training, with no passage (closed-book), with the passage BM25 or MiniLM retrieves for the
/// question, and with the right passage (oracle). Answers are scored with Chapter 10's exact
/// match and F1 (SQuAD v1.1).
///
/// The reader sees `passage \n name, cue` and is trained to continue with `answer \n`, where the
/// cue is the words that precede such an answer in a passage ("the symbol", "in the year"):
/// an answer prefix, as prompts for extractive answering often end. The loss counts only the
/// answer's tokens (ignoreIndex elsewhere). Its tokens are words and punctuation marks
/// (`words(_:)`), so that finding the answer is one induction step: attend to the word after
/// the passage's copy of the cue's last word, and copy it. A held-out element's words are in the
/// vocabulary, but training never updates their embeddings: the reader can only copy them.
/// Two designs failed first, both on characters: asked the question itself, and with the cue,
/// the 2-layer reader had not learned to copy after 2,000–3,000 steps (oracle exact match 4%). So that it learns to read the
/// passage rather than memorise the training elements, half its training examples are
/// invented elements (made-up names and facts in the same sentences), and a fifth of the rest
/// have no passage at all, which is what closed-book asks of it.
public struct ElementAnswering: Sendable {
    public enum Context: String, Sendable, CaseIterable {
        case closedBook = "closed-book", bm25 = "BM25 top 1", dense = "MiniLM top 1", oracle = "oracle"
    }
    public struct Result: Sendable {
        public let context: Context
        public let exactMatch: Double, f1: Double
        /// The share of questions whose passage was the element's own (1 for oracle, 0 closed-book).
        public let rightPassage: Double
        public let byKind: [ElementFacts.QuestionKind: (exactMatch: Double, f1: Double, count: Int)]
        public let answers: [String]
    }
    public struct Settings: Sendable {
        public var steps: Int, seed: UInt, peakRate: Double
        /// The reader's GPT. The suite's block, 40, holds the longest example with little to
        /// spare: padding costs as much compute as text.
        public var configuration: GPTConfiguration
        /// Threads for each training step (1 or 2, `FusedGPT.useWorkers`): the suite trains on
        /// one, since its other tests keep both cores busy and a second worker costs about a tenth
        /// more CPU time for a model this small.
        public var workers: Int
        /// The suite's setting; `workbook train m11` trains longer, on two workers.
        public static let suite = Settings(steps: 1500, seed: 11, peakRate: 3e-3,
                                           configuration: GPTConfiguration(layers: 2, heads: 2, width: 64, blockSize: 40, batchSize: 16), workers: 1)
    }

    /// Held-out elements: every fifth atomic number.
    public static func isHeldOut(_ e: ElementFacts) -> Bool { e.number % 5 == 0 }

    public let settings: Settings
    public let trainingElements: Int, heldOutElements: Int
    public let questions: [(element: ElementFacts, kind: ElementFacts.QuestionKind, question: String, answer: String)]
    public let results: [Result]
    public let trainLoss: [(step: Int, loss: Double)]
    public let trainingSeconds: Double

    /// Throws `ArgumentError` for settings the GPT refuses, a block too short for the longest
    /// example, fewer than 1 step, or a worker count other than 1 or 2.
    public init(elements: [ElementFacts], encoder: SentenceEncoder, tokenizer: WordPieceTokenizer, settings: Settings = .suite,
                progress: ((Int, Double) -> Void)? = nil) throws {
        try ArgumentError.requireAtLeast(1, settings.steps, "settings.steps")
        try ArgumentError.require((1...2).contains(settings.workers), "settings.workers", settings.workers, allowed: "must be 1 or 2")
        self.settings = settings
        let training = elements.filter { !Self.isHeldOut($0) }, heldOut = elements.filter(Self.isHeldOut)
        (trainingElements, heldOutElements) = (training.count, heldOut.count)
        let questions = heldOut.flatMap { e in e.questions.map { (element: e, kind: $0.kind, question: $0.question, answer: $0.answer) } }
        self.questions = questions

        // The words of every passage and cue.
        let generator = RandomGenerator(seed: settings.seed)
        let inventions = try (0..<400).map { _ in try Self.invented(generator, discoverers: training.map(\.discoverer).filter { !$0.isEmpty }) }
        let texts = (elements + inventions).flatMap { e in [e.passage] + e.questions.map { "\(e.name), \(Self.cue($0.kind)) \($0.answer)" } }
        let vocabulary = Array(Set(texts.flatMap(Self.words)).union(["\n"])).sorted()
        let ids = Dictionary(uniqueKeysWithValues: vocabulary.enumerated().map { ($1, $0) })
        func encode(_ s: String) -> [Int] { Self.words(s).map { ids[$0]! } }
        let newline = ids["\n"]!
        func prompt(_ passage: String?, _ e: ElementFacts, _ kind: ElementFacts.QuestionKind) -> [Int] {
            (passage.map(encode) ?? []) + [newline] + encode(e.name + ", " + Self.cue(kind))
        }

        // The training examples: prompt, then the answer and a newline, the loss on those only.
        let c = settings.configuration
        func example(_ e: ElementFacts, withPassage: Bool, _ g: RandomGenerator) throws -> (inputs: [Int], targets: [Int]) {
            let q = e.questions[try g.integer(below: e.questions.count)]
            let p = prompt(withPassage ? e.passage : nil, e, q.kind), a = encode(q.answer) + [newline], tokens = p + a
            try ArgumentError.require(tokens.count - 1 <= c.blockSize, "settings.configuration.blockSize", c.blockSize,
                                      allowed: "at least \(tokens.count - 1), the longest example")
            let inputs = Array(tokens.dropLast()), targets = inputs.indices.map { $0 >= p.count - 1 ? tokens[$0 + 1] : ignoreIndex }
            let padding = c.blockSize - inputs.count
            return (inputs + Array(repeating: newline, count: padding), targets + Array(repeating: ignoreIndex, count: padding))
        }
        let model = try FusedGPT<Float>(configuration: c, vocabularySize: vocabulary.count, seed: settings.seed)
        try model.useWorkers(settings.workers)
        let schedule = try WarmupCosineSchedule(peak: settings.peakRate, floor: settings.peakRate / 10, warmupSteps: 50, totalSteps: settings.steps)
        var losses: [(step: Int, loss: Double)] = [], running = 0.0
        let start = Date()
        for step in 1...settings.steps {
            var inputs: [Int] = [], targets: [Int] = []
            for _ in 0..<c.batchSize {
                let u = generator.uniform()
                let e = u < 0.5 ? inventions[try generator.integer(below: inventions.count)] : training[try generator.integer(below: training.count)]
                let x = try example(e, withPassage: u < 0.9, generator)
                inputs += x.inputs
                targets += x.targets
            }
            let loss = try model.trainingStep((inputs, targets), learningRate: schedule.rate(at: step - 1), step: step).loss
            running += loss
            if step % 50 == 0 { losses.append((step, running / 50)); running = 0 }
            progress?(step, loss)
        }
        trainingSeconds = Date().timeIntervalSince(start)
        trainLoss = losses

        // The contexts: retrieved top-1 passages by BM25 and by MiniLM, over all 118 passages.
        let passages = elements.map(\.passage)
        let bm25 = try BM25(documents: passages.map(BM25.tokens))
        var dense = try ExactVectorIndex(dimension: encoder.configuration.width)
        for v in try encoder.embeddings(of: passages, tokenizer: tokenizer, threads: 2) { try dense.add(v) }
        let questionVectors = try encoder.embeddings(of: questions.map(\.question), tokenizer: tokenizer, threads: 2)
        let retrieved: [Context: [Int?]] = [
            .closedBook: questions.map { _ in nil },
            .bm25: try questions.map { try bm25.top(1, for: BM25.tokens($0.question))[0].document },
            .dense: try questionVectors.map { try dense.nearest(1, to: $0)[0].index },
            .oracle: questions.map { q in elements.firstIndex { $0 == q.element }! },
        ]
        let decode = { (tokens: [Int]) in tokens.map { vocabulary[$0] }.joined(separator: " ") }
        results = try Context.allCases.map { context in
            let prompts = zip(questions, retrieved[context]!).map { q, p in prompt(p.map { passages[$0] }, q.element, q.kind) }
            let answers = try model.continuations(of: prompts, stop: newline, maximumLength: 8).map(decode)
            var byKind: [ElementFacts.QuestionKind: (exactMatch: Double, f1: Double, count: Int)] = [:]
            var em = 0.0, f1 = 0.0
            for (q, answer) in zip(questions, answers) {
                let score = try SQuADMetrics.score(prediction: answer, golds: [q.answer], version: .v1_1)
                em += score.exactMatch
                f1 += score.f1
                let old = byKind[q.kind] ?? (0, 0, 0)
                byKind[q.kind] = (old.exactMatch + score.exactMatch, old.f1 + score.f1, old.count + 1)
            }
            let n = Double(questions.count)
            let right = zip(questions, retrieved[context]!).filter { q, p in p.map { elements[$0] == q.element } ?? false }.count
            return Result(context: context, exactMatch: 100 * em / n, f1: 100 * f1 / n, rightPassage: Double(right) / n,
                          byKind: byKind.mapValues { (100 * $0.exactMatch / Double($0.count), 100 * $0.f1 / Double($0.count), $0.count) },
                          answers: answers)
        }
    }

    public func result(_ context: Context) -> Result { results.first { $0.context == context }! }


    /// The reader's tokens: runs of letters, digits, apostrophes and hyphens, and every other
    /// character but a space on its own ("F. Wohler" is "F", ".", "Wohler").
    public static func words(_ text: String) -> [String] {
        var words: [String] = [], word = ""
        for ch in text {
            if ch.isLetter || ch.isNumber || ch == "'" || ch == "-" { word.append(ch); continue }
            if !word.isEmpty { words.append(word); word = "" }
            if ch != " " { words.append(String(ch)) }
        }
        if !word.isEmpty { words.append(word) }
        return words
    }

    /// The words that come before the answer to a question of `kind` in a passage.
    public static func cue(_ kind: ElementFacts.QuestionKind) -> String {
        switch kind {
        case .symbol: "the symbol"
        case .atomicNumber: "the atomic number"
        case .year: "in the year"
        case .discoverer: "discovered by"
        }
    }

    /// A made-up element in the real ones' sentences: a name of 2–3 syllables and "-ium", a
    /// symbol from its letters, a number, and usually a year and a discoverer.
    static func invented(_ g: RandomGenerator, discoverers: [String]) throws -> ElementFacts {
        let onsets = ["b", "c", "d", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br", "st", "th", "pl"]
        let vowels = ["a", "e", "i", "o", "u", "y"]
        func syllables(_ count: Int) throws -> String {
            try (0..<count).map { _ in onsets[try g.integer(below: onsets.count)] + vowels[try g.integer(below: vowels.count)] }.joined()
        }
        let name = try syllables(2 + g.integer(below: 2)) + ["ium", "on", "ine", "um"][try g.integer(below: 4)]
        let second = name.dropFirst().filter { !"aeiouy".contains($0) }.first.map(String.init) ?? ""
        let symbol = name.prefix(1).uppercased() + (try g.integer(below: 3) == 0 ? "" : second)
        let year = try g.integer(below: 4) == 0 ? "" : "\(1650 + (try g.integer(below: 350)))"
        let person: String
        switch try g.integer(below: 3) {
        case 0: person = ""
        case 1: person = discoverers[try g.integer(below: discoverers.count)]
        default: person = try syllables(2).capitalized + " " + (try syllables(2 + g.integer(below: 2))).capitalized
        }
        return ElementFacts(number: 1 + (try g.integer(below: 118)), name: name, symbol: symbol, weight: "", year: year, discoverer: person)
    }
}
