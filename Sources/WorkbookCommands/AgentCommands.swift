import Agent
import AgentExperiments
import ArgumentParser
import ExperimentRecords
import Foundation
import GPT
import GPTFastPath
import Inference
import Numerics
import RetrievalExperiments

/// `workbook train m13`: Chapter 13's agent trained longer than the suite trains it.
struct TrainM13: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "m13", abstract: "Chapter 13's agent: the GPT trained with tool calls and answer-only, evaluated on held-out tasks.",
        discussion: "Prints success per task kind, pass^k and cost per task, and saves checkpoints/m13-tools.safetensors and m13-answer-only.safetensors for `workbook agent`.")

    @OptionGroup var options: PackageOptions

    @Option(parsing: .unconditional, help: "Training steps for each model, at least 1 (the suite trains \(AgentStudy.Settings.suite.steps)).")
    var steps = 6000

    @Option(parsing: .unconditional, help: "Layers, heads and width of the GPT (default: the suite's \(AgentStudy.Settings.suite.configuration.layers), \(AgentStudy.Settings.suite.configuration.heads), \(AgentStudy.Settings.suite.configuration.width)); heads must divide the width.")
    var layers = AgentStudy.Settings.suite.configuration.layers
    @Option(parsing: .unconditional, help: "Attention heads (see --layers).")
    var heads = AgentStudy.Settings.suite.configuration.heads
    @Option(parsing: .unconditional, help: "Width (see --layers).")
    var width = AgentStudy.Settings.suite.configuration.width

    @Option(parsing: .unconditional, help: "Peak learning rate above 0 (the suite's \(AgentStudy.Settings.suite.peakRate)).")
    var learningRate = AgentStudy.Settings.suite.peakRate

    @Option(help: "Seed of the weights, the training tasks and the held-out ones (the suite's \(AgentStudy.Settings.suite.seed)).")
    var seed = AgentStudy.Settings.suite.seed

    func validate() throws {
        try CommandLineCheck.require(steps >= 1, "--steps", steps, "must be at least 1")
        try CommandLineCheck.require((1...16).contains(layers), "--layers", layers, "must be 1 to 16")
        try CommandLineCheck.require((1...1024).contains(width) && (1...width).contains(heads) && width % heads == 0, "--heads", heads,
                                     "must divide the width (\(width), itself 1 to 1,024)")
        try CommandLineCheck.require(learningRate.isFinite && learningRate > 0, "--learning-rate", learningRate, "must be a number above 0")
    }

    func run() throws {
        do {
            let root = options.root
            var settings = AgentStudy.Settings.suite
            settings.steps = steps
            settings.curveEvery = max(1, steps / 10)
            settings.peakRate = learningRate
            settings.seed = seed
            (settings.configuration.layers, settings.configuration.heads, settings.configuration.width) = (layers, heads, width)
            let progress = TrainingProgress(label: "M13 (both models at once; the tool model's loss)", total: steps, unit: "step")
            let study = try AgentStudy(generator: AgentTaskGenerator(elements: ElementFacts.all(root: root), words: WordTool.debianWords()), settings: settings,
                                       progress: { step, loss in progress.update(step: step, loss: loss) })
            for e in study.evaluations {
                let byKind: [String] = AgentTask.Kind.allCases.map { kind in "\(kind.rawValue) \(formatted(100 * e.successRate(kind), digits: 1))%" }
                print("\n\(e.variant.rawValue): success \(formatted(100 * e.successRate, digits: 1))% on \(e.tasks.count) held-out tasks (\(byKind.joined(separator: ", ")))")
                print("  pass^k, k = 1…\(e.passHatK.count), temperature \(settings.passTemperature): " + e.passHatK.map { formatted($0, digits: 3) }.joined(separator: ", "))
                let n = Double(e.trajectories.count)
                let tokens = Double(e.trajectories.reduce(0) { $0 + $1.generatedTokens }) / n, calls = Double(e.trajectories.reduce(0) { $0 + $1.toolCalls }) / n
                let flops = Double(e.trajectories.reduce(0) { $0 + $1.flops }) / n / 1e6
                print("  per task: \(formatted(tokens, digits: 1)) generated tokens, \(formatted(calls, digits: 2)) tool calls, \(formatted(flops, digits: 2)) MFLOPs; trained and evaluated in \(formatted(e.trainingSeconds, digits: 1)) s")
                let model = try FusedGPT<Float>(configuration: settings.configuration(e.variant), vocabularySize: study.vocabularySize, parameters: e.parameters)
                let path = "checkpoints/m13-\(e.variant == AgentStudy.Variant.tools ? "tools" : "answer-only").safetensors"
                try saveCheckpoint(GPTCheckpoint(model: model, vocabulary: AgentVocabulary().checkpointScalars,
                                                 notes: ["trained": "workbook train m13 --steps \(steps) --seed \(seed) --layers \(layers) --heads \(heads) --width \(width) --learning-rate \(learningRate)", "agent": e.variant.rawValue]), to: path)
            }
        } catch { throw fail(error) }
    }
}

/// `workbook agent "TASK"`: one task run live with a trained agent.
struct AgentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agent", abstract: "Run one task with a trained agent (`workbook train m13`), printing its calls and their results as they happen.")

    @OptionGroup var options: PackageOptions

    @Argument(help: "The task, e.g. \"What is 4837 times 29?\"")
    var task: String

    @Option(help: "The agent's checkpoint (default checkpoints/m13-tools.safetensors, or m13-answer-only with --no-tools).")
    var checkpoint: String?

    @Flag(help: "No tools: the model trained on answer-only transcripts answers directly.")
    var noTools = false

    @Option(parsing: .unconditional, help: "Temperature ≥ 0 (0: greedy, as the evaluation).")
    var temperature = 0.0

    @Option(help: "Seed of the sampling.")
    var seed: UInt = 1

    func validate() throws {
        try CommandLineCheck.require(temperature.isFinite && temperature >= 0, "--temperature", temperature, "must be a finite number ≥ 0")
        try CommandLineCheck.require(task.count <= 10_000, "task", "\(task.count) characters", "must be at most 10,000 characters")
    }

    func run() throws {
        do {
            let root = options.root
            let path = checkpoint ?? "checkpoints/m13-\(noTools ? "answer-only" : "tools").safetensors"
            guard FileManager.default.fileExists(atPath: path) else {
                throw ValidationError("--checkpoint \(path): no such file; `swift run -c release workbook train m13` makes it")
            }
            let saved = try GPTCheckpoint(contentsOf: URL(fileURLWithPath: path))
            try saved.requireVocabulary(AgentVocabulary().checkpointScalars)
            let toolbox = noTools ? Toolbox([]) : try AgentTaskGenerator.toolbox(elements: ElementFacts.all(root: root), words: WordTool.debianWords())
            let decoder = try KVCacheDecoder(model: saved.model())
            FileHandle.standardOutput.write(Data((task + "\n").utf8))
            let t = try AgentRuntime(toolbox: toolbox).run(task, decoder: decoder, sampling: SamplingSettings(temperature: temperature), seed: seed) {
                FileHandle.standardOutput.write(Data($0.utf8))
            }
            print("\n--- \(t.stop.rawValue); answer: \(t.answer ?? "none"); \(t.generatedTokens) generated tokens, \(t.toolCalls) tool calls, "
                  + "\(formatted(Double(t.flops) / 1e6, digits: 2)) MFLOPs, \(formatted(t.seconds * 1000, digits: 1)) ms")
        } catch let error as ValidationError { throw error } catch { throw fail(error) }
    }
}
