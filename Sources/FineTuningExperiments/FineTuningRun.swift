import Foundation
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
    public static let steps = 120
    /// Dev windows: the first 16,384 characters of each dev split (Chapter 8's size).
    public static let devCharacters = 16_384
    public static let sampleSeed: UInt = 5
    public static let samplePrompt = "And Jesus said unto"

    public static func training(_ method: FineTuningMethod, seed: UInt) -> GPTTraining {
        var training = GPTTraining(steps: steps, seed: seed, evaluateEvery: 40, devCharacters: devCharacters)
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
    /// The full fine-tune of the first seed (for the SVD study) and samples.
    public let fullFineTune: FusedGPT<Float>
    public let samples: [(model: String, text: String)]

    /// Fine-tunes a copy of `base.gpt`; the base run is not changed.
    public init(base run: GPTMainRun, root: URL) throws {
        shakespeare = run.corpus
        newTestament = try NewTestament.corpus(root: root, vocabulary: shakespeare.vocabulary)
        let base = try FusedGPT<Float>(configuration: run.gpt.configuration, vocabularySize: run.gpt.vocabularySize, parameters: run.gpt.parameterValues)
        self.base = base
        let (nt, sh) = (newTestament, shakespeare)
        func devLoss(_ model: FusedGPT<Float>, _ corpus: CharacterCorpus) throws -> Double {
            let dev = try corpus.validationWindows(length: model.configuration.blockSize, characters: Self.devCharacters)
            return try model.meanLoss(inputs: dev.inputs, targets: dev.targets, length: model.configuration.blockSize)
        }
        baseNewTestamentDev = try devLoss(base, nt)
        baseShakespeareDev = try devLoss(base, sh)
        var variants: [Variant] = [], fullModel: FusedGPT<Float>?, samples: [(String, String)] = []
        let prompt = try nt.encode(Self.samplePrompt)
        func sample(_ model: FusedGPT<Float>) throws -> String {
            try Self.samplePrompt + nt.decode(model.generate(after: prompt, count: 300, sampling: .showcase, generator: RandomGenerator(seed: Self.sampleSeed)))
        }
        samples.append(("base (Shakespeare)", try sample(base)))
        for method in Self.methods {
            for seed in Self.seeds {
                let tuned = try FineTuningModel(base: base, method: method, seed: seed)
                let history = try tuned.train(Self.training(method, seed: seed), on: nt)
                variants.append(Variant(method: method, seed: seed, history: history, newTestamentDev: history.devLoss.last!.loss,
                                        shakespeareDev: try devLoss(tuned.model, sh), trainableParameters: tuned.trainableParameters,
                                        optimizerStateBytes: tuned.optimizerStateBytes, medianStepSeconds: median(history.stepSeconds)))
                if seed == Self.seeds[0] {
                    if method == .full { fullModel = tuned.model }
                    if method == .full || method == .lora(rank: 4) { samples.append((method.description, try sample(tuned.model))) }
                }
            }
        }
        self.variants = variants
        fullFineTune = fullModel!
        self.samples = samples
    }

    /// The variants of one method, one per seed.
    public func variants(_ method: FineTuningMethod) -> [Variant] { variants.filter { $0.method == method } }

    /// Mean and spread (max − min) over seeds of a method's dev losses.
    public func summary(_ method: FineTuningMethod) -> (newTestament: Double, shakespeare: Double, newTestamentSpread: Double, shakespeareSpread: Double) {
        let v = variants(method), nt = v.map(\.newTestamentDev), sh = v.map(\.shakespeareDev)
        return (nt.reduce(0, +) / Double(nt.count), sh.reduce(0, +) / Double(sh.count), nt.max()! - nt.min()!, sh.max()! - sh.min()!)
    }
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.isEmpty ? .nan : sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}
