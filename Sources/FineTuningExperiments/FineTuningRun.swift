import Foundation
import ExperimentRecords
import FineTuning
import GPT
import GPTExperiments
import GPTFastPath
import GSL
import Numerics

/// M9's main run: Chapter 8's GPT (trained on Shakespeare) adapted to the New Testament by
/// full fine-tuning and by LoRA at ranks 1–16, each from the same base and on the same batches.
/// Learning is the New Testament dev loss, forgetting the Shakespeare dev loss.
public struct FineTuningRun: @unchecked Sendable {
    public static let methods: [FineTuningMethod] = [.full] + [1, 2, 4, 8, 16].map { .lora(rank: $0) }
    /// Seeds of the batches and of LoRA's A. One suffices here: over seeds 1–3 (200 steps,
    /// `workbook train m9 --config tiny --seeds 1,2,3`) the New Testament dev loss of a method
    /// varied by at most 0.007 nats, less than half the smallest gap between two methods.
    public static let seeds: [UInt] = [1]
    public static let steps = 100
    /// Dev windows: the first 16,384 characters of each dev split (Chapter 8's size).
    public static let devCharacters = 16_384
    public static let sampleSeed: UInt = 5
    public static let samplePrompt = "And Jesus said unto"

    public static func training(_ method: FineTuningMethod, seed: UInt) -> GPTTraining {
        var training = GPTTraining(steps: steps, seed: seed, evaluateEvery: steps, devCharacters: devCharacters)
        training.peakRate = method.peakRate
        training.warmupSteps = 20
        training.logEvery = 10
        return training
    }

    public struct Variant: Sendable {
        public let method: FineTuningMethod
        public let seed: UInt
        public let history: GPTTrainingHistory
        public let newTestamentDev: Double
        public let shakespeareDev: Double
        public let trainableParameters: Int
        public let optimizerStateBytes: Int
        public let medianStepSeconds: Double
    }

    public let base: FusedGPT<Float>
    public let shakespeare: CharacterCorpus
    public let newTestament: CharacterCorpus
    public let baseNewTestamentDev: Double, baseShakespeareDev: Double
    public let variants: [Variant]
    /// The trained model of each method for the first seed (LoRA merged into its weights).
    public let models: [FineTuningMethod: FusedGPT<Float>]
    public var fullFineTune: FusedGPT<Float> { models[.full]! }
    public let samples: [(model: String, text: String)]

    /// Fine-tunes a copy of `base.gpt`; the base run is not changed.
    public init(base run: GPTMainRun, root: URL) throws {
        shakespeare = run.corpus
        newTestament = try NewTestament.corpus(root: root, vocabulary: shakespeare.vocabulary)
        let base = try FusedGPT<Float>(configuration: run.gpt.configuration, vocabularySize: run.gpt.vocabularySize, parameters: run.gpt.parameterValues)
        self.base = base
        let (nt, sh) = (newTestament, shakespeare)
        baseNewTestamentDev = try Self.devLoss(base, nt)
        baseShakespeareDev = try Self.devLoss(base, sh)
        let prompt = try nt.encode(Self.samplePrompt)
        func sample(_ model: FusedGPT<Float>) throws -> String {
            try Self.samplePrompt + nt.decode(model.generate(after: prompt, count: 300, sampling: .showcase, generator: RandomGenerator(seed: Self.sampleSeed)))
        }
        // Each variant trains its own copy on its own batches, so they run two at a time (one
        // per core; OpenBLAS stays on one thread) and give the same numbers in any order.
        let jobs = Self.methods.flatMap { method in Self.seeds.map { (method, $0) } }
        nonisolated(unsafe) var outcomes = [Result<(Variant, FusedGPT<Float>), any Error>?](repeating: nil, count: jobs.count)
        let lock = NSLock()
        nonisolated(unsafe) let shared = base      // only read: each job copies its weights
        DispatchQueue.concurrentPerform(iterations: 2) { worker in
            for k in stride(from: worker, to: jobs.count, by: 2) {
                let (method, seed) = jobs[k]
                let outcome = Result { () throws -> (Variant, FusedGPT<Float>) in
                    let tuned = try FineTuningModel(base: shared, method: method, seed: seed)
                    let history = try tuned.train(Self.training(method, seed: seed), on: nt)
                    return (Variant(method: method, seed: seed, history: history, newTestamentDev: history.devLoss.last!.loss,
                                    shakespeareDev: try Self.devLoss(tuned.model, sh), trainableParameters: tuned.trainableParameters,
                                    optimizerStateBytes: tuned.optimizerStateBytes, medianStepSeconds: median(history.stepSeconds)), tuned.model)
                }
                lock.lock()
                outcomes[k] = outcome
                lock.unlock()
            }
        }
        let finished = try outcomes.map { try $0!.get() }
        variants = finished.map(\.0)
        models = Dictionary(finished.filter { $0.0.seed == Self.seeds[0] }.map { ($0.0.method, $0.1) }, uniquingKeysWith: { a, _ in a })
        var samples = [(model: "base (Shakespeare)", text: try sample(base))]
        for (variant, model) in finished where variant.seed == Self.seeds[0] && (variant.method == .full || variant.method == .lora(rank: 4)) {
            samples.append((variant.method.description, try sample(model)))
        }
        self.samples = samples
    }

    /// Mean loss on the first `devCharacters` of `corpus`'s dev split, in whole windows.
    public static func devLoss(_ model: FusedGPT<Float>, _ corpus: CharacterCorpus) throws -> Double {
        let dev = try corpus.validationWindows(length: model.configuration.blockSize, characters: devCharacters)
        return try model.meanLoss(inputs: dev.inputs, targets: dev.targets, length: model.configuration.blockSize)
    }

    /// The variants of one method, one per seed.
    public func variants(_ method: FineTuningMethod) -> [Variant] { variants.filter { $0.method == method } }

    /// Mean and spread (max − min) over seeds of a method's dev losses.
    public func summary(_ method: FineTuningMethod) -> (newTestament: Double, shakespeare: Double, newTestamentSpread: Double, shakespeareSpread: Double) {
        let v = variants(method), nt = v.map(\.newTestamentDev), sh = v.map(\.shakespeareDev)
        return (nt.reduce(0, +) / Double(nt.count), sh.reduce(0, +) / Double(sh.count), nt.max()! - nt.min()!, sh.max()! - sh.min()!)
    }
}

extension FineTuningRun {
    private static let runs = OncePerRoot { root in try FineTuningRun(base: GPTMainRun.shared(root: root), root: root) }

    /// The run from M8's shared main run in the package at `root`, made once per process: M9's
    /// outcome suite judges it and Chapter 10 scores its models (copy a model's weights before
    /// using it on another thread).
    public static func shared(root: URL) throws -> FineTuningRun { try runs.value(root: root) }
}
