import ArgumentParser
import Foundation
import GPT
import GPTExperiments
import GPTFastPath
import GSL
import LogisticRegression
import LogisticRegressionExperiments
import ExperimentRecords
import Numerics

struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a milestone's model interactively, with progress, to try your own settings.",
        discussion: "Nothing is logged: EXPERIMENTS.md only takes results the outcome suites judged.",
        subcommands: [TrainM1.self, TrainM8.self, TrainM9.self, TrainM11.self, TrainM13.self])
}

struct TrainM1: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "m1", abstract: "Logistic regression on Chapter 1's Gaussian blobs.")

    @Option(parsing: .unconditional, help: "Learning rate, a number above 0 (M1's main run uses 0.5).")
    var learningRate: Double = LogisticRegressionMainRun.learningRate

    @Option(parsing: .unconditional, help: "Epochs of full-batch gradient descent, at least 1.")
    var epochs: Int = LogisticRegressionMainRun.epochs

    @Option(help: "Seed of the data set.")
    var seed: UInt = GaussianBlobs.chapterDefault.seed

    func validate() throws {
        try CommandLineCheck.require(learningRate.isFinite && learningRate > 0, "--learning-rate", learningRate,
                                     "must be a number above 0 (a negative rate climbs the loss)")
        try CommandLineCheck.require(epochs >= 1, "--epochs", epochs, "must be at least 1")
    }

    func run() throws {
        var blobs = GaussianBlobs.chapterDefault
        blobs.seed = seed
        let split = try blobs.generate()
        let progress = TrainingProgress(label: "M1 lr \(learningRate)", total: epochs)
        do {
            let (model, history) = try trainByGradientDescent(
                on: split.train, learningRate: learningRate, epochs: epochs, progress: progress.update)
            let train = try accuracy(predictions: model.predictions(split.train.features), labels: split.train.labels)
            let test = try accuracy(predictions: model.predictions(split.test.features), labels: split.test.labels)
            print("final training loss \(scientificFormatted(history.losses.last!, digits: 3)), train accuracy \(formatted(train * 100, digits: 1))%, test accuracy \(formatted(test * 100, digits: 1))%")
            print("loss fell every epoch: \(history.decreasesMonotonically ? "yes" : "no")")
            print("weights \(model.weights.map { formatted($0, digits: 4) }), bias \(formatted(model.bias, digits: 4))")
        } catch { throw fail(error) }
    }
}

struct TrainM8: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "m8", abstract: "The GPT on Shakespeare's characters (the fused Float path).",
        discussion: "Prints the dev loss (the whole validation split unless --dev-characters) at each evaluation, the median step time, and a sample.")

    enum Setting: String, ExpressibleByArgument, CaseIterable {
        case baby, tiny, test
        var configuration: GPTConfiguration { self == .baby ? .baby : self == .tiny ? .tiny : .test }
    }

    @Option(help: "baby (4 layers, 4 heads, 128 wide, block 64, batch 12), tiny (the log's: 2, 2, 64, 32, 16) or test.")
    var config: Setting = .baby

    @Option(parsing: .unconditional, help: "Training steps, at least 1 (the warm-up is 100 steps, or all of them when fewer).")
    var steps = 2000

    @Option(parsing: .unconditional, help: "Peak learning rate above 0 (after 100 warm-up steps, cosine to a tenth).")
    var learningRate = 1e-3

    @Option(parsing: .unconditional, help: "Evaluate the dev loss every this many steps, at least 1.")
    var evaluateEvery = 500

    @Option(parsing: .unconditional, help: "Validation characters the dev loss uses, at least the block size + 1 (default: all).")
    var devCharacters: Int?

    @Option(help: "Seed of the batches (the weights use seed \(GPTMainRun.modelSeed), as the log's run).")
    var seed: UInt = GPTMainRun.training.seed

    @Option(parsing: .unconditional, help: "Cores, 1 or 2: 2 runs each half of a batch on its own core (OpenBLAS stays on one thread per core).")
    var threads = 1

    @Option(parsing: .unconditional, help: "Characters to sample at the end, 0 or more.")
    var sampleLength = 500

    @Option(help: "Where to save the trained model (safetensors; default checkpoints/m8-CONFIG.safetensors).")
    var checkpoint: String?

    @Flag(help: "Train as the ranks of an MPI job (Chapter 14): `mpirun -np N workbook train m8 --distributed`; N must divide the batch size. Rank 0 prints and saves.")
    var distributed = false

    @Flag(help: "With --distributed: ZeRO-1 (each rank keeps the optimizer state of 1/N of the weights) instead of plain data parallelism.")
    var zero = false

    var checkpointPath: String { checkpoint ?? "checkpoints/m8-\(config.rawValue).safetensors" }

    func validate() throws {
        try CommandLineCheck.require(steps >= 1, "--steps", steps, "must be at least 1")
        try CommandLineCheck.require(learningRate.isFinite && learningRate > 0, "--learning-rate", learningRate,
                                     "must be a number above 0 (a negative rate climbs the loss)")
        try CommandLineCheck.require(evaluateEvery >= 1, "--evaluate-every", evaluateEvery, "must be at least 1")
        let block = config.configuration.blockSize
        if let devCharacters {
            try CommandLineCheck.require(devCharacters > block, "--dev-characters", devCharacters,
                                         "must be more than the block size (\(block)) to hold one window and its targets")
        }
        try CommandLineCheck.require(threads == 1 || threads == 2, "--threads", threads, "must be 1 or 2 (the fast path splits a batch in halves)")
        try CommandLineCheck.require(threads == 1 || config.configuration.batchSize % 2 == 0, "--threads", threads,
                                     "2 needs an even batch size (\(config.rawValue) has \(config.configuration.batchSize))")
        try CommandLineCheck.require(sampleLength >= 0, "--sample-length", sampleLength, "must be 0 or more")
        try CommandLineCheck.require(!zero || distributed, "--zero", "set", "needs --distributed")
        try requireWritableCheckpoint(checkpointPath, option: "--checkpoint")
        try CommandLineCheck.require(!distributed || threads == 1, "--threads", threads, "must be 1 with --distributed (each rank is one core)")
    }

    func run() throws {
        if distributed {
            let command = "mpirun workbook train m8 --distributed\(zero ? " --zero" : "") --config \(config.rawValue) --steps \(steps) --learning-rate \(learningRate) --seed \(seed)"
            try DistributedM8Training(setting: config.configuration, steps: steps, learningRate: learningRate, seed: seed, evaluateEvery: evaluateEvery,
                                      devCharacters: devCharacters, zero: zero, sampleLength: sampleLength, checkpointPath: checkpointPath, command: command).run()
            return
        }
        let corpus = try CharacterCorpus.shakespeare(root: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
        let c = config.configuration
        let model = try FusedGPT<Float>(configuration: c, vocabularySize: corpus.vocabularySize, seed: GPTMainRun.modelSeed)
        try model.useWorkers(threads)
        print("GPT \(c), \(model.layout.count) parameters, vocabulary \(corpus.vocabularySize), \(counted(threads, "core"))")
        var training = GPTTraining(steps: steps, seed: seed, evaluateEvery: evaluateEvery, devCharacters: devCharacters)
        training.peakRate = learningRate
        training.warmupSteps = min(training.warmupSteps, steps)
        let progress = TrainingProgress(label: "M8 \(config.rawValue)", total: steps, unit: "step")
        let start = Date()
        do {
            let history = try training.train(model, on: corpus, progress: progress.update)
            let elapsed = Date().timeIntervalSince(start)
            for (step, loss) in history.devLoss { print("step \(step): dev loss \(formatted(loss, digits: 4))") }
            let step = median(history.stepSeconds)
            print("median step \(formatted(step * 1000, digits: 1)) ms (\(formatted(Double(c.batchSize * c.blockSize) / step, digits: 0)) tokens/s), \(formatted(elapsed, digits: 1)) s in all with evaluations")
            try printSample(of: model, corpus: corpus, length: sampleLength)
            try saveCheckpoint(GPTCheckpoint(model: model, vocabulary: corpus.vocabulary,
                                             notes: ["trained": "workbook train m8 --config \(config.rawValue) --steps \(steps) --learning-rate \(learningRate) --seed \(seed)"]),
                               to: checkpointPath)
        } catch { throw fail(error) }
    }
}

/// Prints `length` characters sampled from `model` after a newline, with the log's showcase settings.
func printSample(of model: FusedGPT<Float>, corpus: CharacterCorpus, length: Int) throws {
    let sampling = SamplingSettings.showcase, sampleSeed = GPTMainRun.sampleSeed
    let sample = try model.generate(after: corpus.encode("\n"), count: length, sampling: sampling, generator: RandomGenerator(seed: sampleSeed))
    print("sample (temperature \(compact(sampling.temperature)), top-k \(sampling.topK.map(String.init) ?? "off"), seed \(sampleSeed)):\n\(try corpus.decode(sample))")
}

/// Refuses, before any training, a checkpoint path that is a folder or whose parent is a
/// file or cannot be written.
func requireWritableCheckpoint(_ path: String, option: String) throws {
    func isFolder(_ p: String) -> Bool? {
        var folder: ObjCBool = false
        return FileManager.default.fileExists(atPath: p, isDirectory: &folder) ? folder.boolValue : nil
    }
    try CommandLineCheck.require(isFolder(path) != true, option, path, "is a folder; give a file name")
    let parent = URL(fileURLWithPath: path).deletingLastPathComponent().path
    var ancestor = parent
    while isFolder(ancestor) == nil && ancestor != "/" { ancestor = URL(fileURLWithPath: ancestor).deletingLastPathComponent().path }
    try CommandLineCheck.require(isFolder(ancestor) == true, option, path, "\(ancestor) is a file, so the folder cannot be made")
    try CommandLineCheck.require(FileManager.default.isWritableFile(atPath: ancestor), option, path, "\(ancestor) is not writable")
}

/// Writes `checkpoint` to `path` (creating its folder) and says where.
func saveCheckpoint(_ checkpoint: GPTCheckpoint, to path: String) throws {
    let url = URL(fileURLWithPath: path)
    do { try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true) } catch {
        throw FileFormatError(file: url.deletingLastPathComponent().path, line: 0, problem: "cannot be created (\(error.localizedDescription))")
    }
    try checkpoint.write(to: url)
    print("checkpoint: \(path) (safetensors, nanoGPT names; `workbook generate --checkpoint \(path)`)")
}
