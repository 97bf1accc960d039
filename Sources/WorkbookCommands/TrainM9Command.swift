import ArgumentParser
import Foundation
import ExperimentRecords
import FineTuning
import FineTuningExperiments
import GPT
import GPTFastPath
import GSL
import Numerics

struct TrainM9: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "m9", abstract: "Fine-tune a Shakespeare GPT on the King James New Testament: full or LoRA.",
        discussion: """
            Starts from a checkpoint of `workbook train m8` (default checkpoints/m8-baby.safetensors), prints the New Testament and \
            Shakespeare dev losses before and after (learning and forgetting), the trainable weights and optimizer state, and a \
            sample, and saves the adapted model (LoRA merged) as a checkpoint.
            """)

    enum Method: String, ExpressibleByArgument, CaseIterable { case full, lora }

    @Option(help: "full (every weight trains) or lora (adapters on every block matrix).")
    var method: Method = .lora

    @Option(parsing: .unconditional, help: "LoRA rank r, 1 to the model's width (α = 2r).")
    var rank = 4

    @Option(help: "The base checkpoint (default checkpoints/m8-baby.safetensors; make it with `workbook train m8`).")
    var from = "checkpoints/m8-baby.safetensors"

    @Option(parsing: .unconditional, help: "Training steps, at least 1.")
    var steps = 300

    @Option(parsing: .unconditional, help: "Peak learning rate above 0 (default 1e-3 full, 5e-3 LoRA).")
    var learningRate: Double?

    @Option(help: "Seeds of the batches and of LoRA's A, comma-separated: several give the spread.")
    var seeds = "1"

    @Option(parsing: .unconditional, help: "Characters to sample at the end, 0 or more.")
    var sampleLength = 300

    @Option(help: "Where to save the adapted model (default checkpoints/m9-METHOD.safetensors; the last seed's).")
    var checkpoint: String?

    var seedList: [UInt] { seeds.split(separator: ",").compactMap { UInt($0.trimmingCharacters(in: .whitespaces)) } }
    var fineTuningMethod: FineTuningMethod { method == .full ? .full : .lora(rank: rank) }

    func validate() throws {
        try CommandLineCheck.require(rank >= 1, "--rank", rank, "must be at least 1")
        try CommandLineCheck.require(steps >= 1, "--steps", steps, "must be at least 1")
        if let learningRate {
            try CommandLineCheck.require(learningRate.isFinite && learningRate > 0, "--learning-rate", learningRate, "must be a number above 0")
        }
        try CommandLineCheck.require(!seedList.isEmpty && seedList.count == seeds.split(separator: ",").count, "--seeds", seeds,
                                     "must be whole numbers ≥ 0, comma-separated")
        try CommandLineCheck.require(sampleLength >= 0, "--sample-length", sampleLength, "must be 0 or more")
    }

    func run() throws {
        do {
            let root = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
            guard FileManager.default.fileExists(atPath: from) else {
                throw fail("--from \(from): no such checkpoint; make one with `swift run -c release workbook train m8` (it saves checkpoints/m8-baby.safetensors)")
            }
            let baseCheckpoint = try GPTCheckpoint(contentsOf: URL(fileURLWithPath: from))
            let shakespeare = try CharacterCorpus.shakespeare(root: root)
            try baseCheckpoint.requireVocabulary(shakespeare.vocabulary)
            let newTestament = try NewTestament.corpus(root: root, vocabulary: shakespeare.vocabulary)
            let base = try baseCheckpoint.model(), c = base.configuration
            if case .lora(let r) = fineTuningMethod {
                try CommandLineCheck.require(r <= c.width, "--rank", r, "must be at most the model's width (\(c.width))")
            }
            let devLoss = FineTuningRun.devLoss
            print("base \(from): GPT \(c), \(base.layout.count) weights")
            print("base dev loss: New Testament \(formatted(try devLoss(base, newTestament), digits: 4)), Shakespeare \(formatted(try devLoss(base, shakespeare), digits: 4))")
            var last: FineTuningModel?
            for seed in seedList {
                let tuned = try FineTuningModel(base: base, method: fineTuningMethod, seed: seed)
                var training = FineTuningRun.training(fineTuningMethod, seed: seed)
                training.steps = steps
                training.evaluateEvery = max(1, steps / 4)
                training.logEvery = max(1, min(50, steps))
                if let learningRate { training.peakRate = learningRate }
                print("\(fineTuningMethod), seed \(seed): \(formatted(Double(tuned.trainableParameters), digits: 0)) trainable weights (\(formatted(100 * Double(tuned.trainableParameters) / Double(base.layout.count), digits: 2))%), optimizer state \(formatted(Double(tuned.optimizerStateBytes) / 1024, digits: 1)) KiB, peak rate \(compact(training.peakRate))")
                let progress = TrainingProgress(label: "M9 \(fineTuningMethod) seed \(seed)", total: steps, unit: "step")
                let history = try tuned.train(training, on: newTestament, progress: progress.update)
                print("  dev loss after \(steps) steps: New Testament \(formatted(history.devLoss.last!.loss, digits: 4)), Shakespeare \(formatted(try devLoss(tuned.model, shakespeare), digits: 4)); median step \(formatted(median(history.stepSeconds) * 1000, digits: 2)) ms")
                last = tuned
            }
            guard let tuned = last else { return }
            if sampleLength > 0 {
                let prompt = try newTestament.encode(FineTuningRun.samplePrompt)
                let sample = try tuned.model.generate(after: prompt, count: sampleLength, sampling: .showcase, generator: RandomGenerator(seed: FineTuningRun.sampleSeed))
                print("sample:\n\(FineTuningRun.samplePrompt)\(try newTestament.decode(sample))")
            }
            try saveCheckpoint(GPTCheckpoint(model: tuned.model, vocabulary: shakespeare.vocabulary,
                                             notes: ["trained": "workbook train m9 --method \(method.rawValue) --rank \(rank) --steps \(steps) --seeds \(seeds)", "base": from]),
                               to: checkpoint ?? "checkpoints/m9-\(method == .full ? "full" : "lora-r\(rank)").safetensors")
        } catch let exit as ExitCode { throw exit } catch { throw fail(error) }
    }
}
