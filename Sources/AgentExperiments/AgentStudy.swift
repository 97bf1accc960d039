import Agent
import Foundation
import GPT
import GPTFastPath
import GSL
import Inference
import Numerics
import Optimization

/// M13's experiment: the same GPT trained from scratch twice on generated tasks, once on
/// transcripts with tool calls (the tools' outputs masked from the loss) and once on
/// answer-only transcripts, then run by `AgentRuntime` on held-out tasks (new templates and
/// numbers): success per kind, pass^k with sampling, and what each task costs.
public struct AgentStudy: Sendable {
    public struct Settings: Sendable {
        public var configuration = GPTConfiguration(layers: 2, heads: 2, width: 48, blockSize: 112, batchSize: 16)
        /// The answer-only model's block and rows: its transcripts are shorter (at most 60
        /// tokens), and packed with a window of 8 its 11 rows of 64 hold about as many tasks
        /// per step (about 19) as the tool model's 16 rows of 112 packed in order.
        public var answerOnlyBlockSize = 64, answerOnlyRows = 11, answerOnlyWindow = 8
        public var steps = 2_700
        public var peakRate = 1e-2
        public var seed: UInt = 1
        /// Held-out tasks for success (a third of each kind), and for pass^k with `tries` each.
        public var heldOutTasks = 90, passTasks = 30, tries = 4
        public var passTemperature = 0.7
        /// Steps at which both models are evaluated on `curveTasks` held-out tasks.
        public var curveEvery = 500, curveTasks = 30
        public static let suite = Settings()
        public init() {}

        /// The configuration of `variant`'s model.
        public func configuration(_ variant: Variant) -> GPTConfiguration {
            var c = configuration
            if variant == .answerOnly { (c.blockSize, c.batchSize) = (answerOnlyBlockSize, answerOnlyRows) }
            return c
        }
    }

    public enum Variant: String, CaseIterable, Sendable {
        case tools = "with tools"
        case answerOnly = "without tools"
    }

    public struct Evaluation: Sendable {
        public let variant: Variant
        public let trajectories: [Trajectory]
        public let tasks: [AgentTask]
        public let successes: [Bool]
        public var successRate: Double { Double(successes.filter { $0 }.count) / Double(max(1, successes.count)) }
        public func successRate(_ kind: AgentTask.Kind) -> Double {
            let chosen = tasks.indices.filter { tasks[$0].kind == kind }
            return Double(chosen.filter { successes[$0] }.count) / Double(max(1, chosen.count))
        }
        /// pass^k for k = 1… tries, from `tries` sampled runs of each of the pass tasks, and
        /// how many of the tries of each pass task succeeded.
        public let passHatK: [Double], passSuccesses: [Int]
        /// Success on the curve's tasks at each curve step.
        public let successCurve: [(step: Int, rate: Double)]
        /// Wall-clock seconds of the training and all the evaluations.
        public let trainingSeconds: Double
        /// The trained model's weights (for a checkpoint).
        public let parameters: [Float]
    }

    public let settings: Settings
    public let evaluations: [Evaluation]
    public let vocabularySize: Int
    public func evaluation(_ variant: Variant) -> Evaluation { evaluations.first { $0.variant == variant }! }

    /// The two variants train at once, each on a thread of its own (one worker each, the
    /// cheapest in CPU time for a model this small). `progress` sees the tool model's steps
    /// and losses. Throws as the task generator, training and the runtime do, and
    /// `ArgumentError` for settings a training run cannot use.
    public init(generator tasks: AgentTaskGenerator, settings: Settings = .suite, progress: ((Int, Double) -> Void)? = nil) throws {
        try ArgumentError.requireAtLeast(1, settings.steps, "settings.steps")
        try ArgumentError.requireAtLeast(1, settings.curveEvery, "settings.curveEvery")
        try ArgumentError.requireAtLeast(1, settings.tries, "settings.tries")
        try ArgumentError.requireAtLeast(1, settings.heldOutTasks, "settings.heldOutTasks")
        try ArgumentError.require((1...settings.heldOutTasks).contains(settings.passTasks) && (1...settings.heldOutTasks).contains(settings.curveTasks),
                                  "settings.passTasks", settings.passTasks, allowed: "1 to settings.heldOutTasks (\(settings.heldOutTasks)), as settings.curveTasks (\(settings.curveTasks))")
        self.settings = settings
        vocabularySize = AgentVocabulary().size
        let heldOut = try tasks.tasks(count: settings.heldOutTasks, heldOut: true, seed: settings.seed + 100)
        nonisolated(unsafe) var results: [Result<Evaluation, any Error>] = Variant.allCases.map { _ in .failure(CancellationError()) }
        nonisolated(unsafe) let report = progress
        DispatchQueue.concurrentPerform(iterations: Variant.allCases.count) { k in
            let variant = Variant.allCases[k]
            results[k] = Result { try Self.trainAndEvaluate(variant, tasks: tasks, heldOut: heldOut, settings: settings,
                                                            progress: variant == .tools ? report : nil) }
        }
        evaluations = try results.map { try $0.get() }
    }

    /// Whether `trajectory` solved `task`: it ended with an answer, and the answer is the task's.
    static func succeeded(_ trajectory: Trajectory, _ task: AgentTask) -> Bool {
        trajectory.stop == .answered && trajectory.answer == task.answer
    }

    /// The next rows of `variant`'s training (its configuration's batch), packed into
    /// `packing` in its format from fresh tasks of the training phrasings: 16 per chunk, chunks
    /// seeded by the step, so both variants draw the same tasks in the same order. The tool
    /// model packs in order into a fresh `packing` each step; the answer-only one keeps its
    /// `packing`, so what waits there carries over and no task is dropped.
    static func trainingBatch(_ variant: Variant, step: Int, packing: inout TranscriptPacking, tasks: AgentTaskGenerator,
                              settings: Settings) throws -> (inputs: [Int], targets: [Int]) {
        let rows = settings.configuration(variant).batchSize
        var chunk = 0
        while packing.rows < rows {
            let seed = (settings.seed * 1_000_003 + UInt(step)) * 64 + UInt(chunk)
            for task in try tasks.tasks(count: 16, heldOut: false, seed: seed) where packing.rows < rows {
                try packing.add(variant == .tools ? task.transcript : task.answerOnly)
            }
            chunk += 1
        }
        return packing.takeRows(rows)!
    }

    /// One variant trained from scratch on packed transcripts, then evaluated: greedy success
    /// on the held-out tasks (and on the curve's tasks along the way), and pass^k.
    static func trainAndEvaluate(_ variant: Variant, tasks: AgentTaskGenerator, heldOut: [AgentTask], settings: Settings,
                                 progress: ((Int, Double) -> Void)?) throws -> Evaluation {
        let vocabulary = AgentVocabulary(), runtime = AgentRuntime(toolbox: tasks.toolbox)
        let model = try FusedGPT<Float>(configuration: settings.configuration(variant), vocabularySize: vocabulary.size, seed: settings.seed)
        let schedule = try WarmupCosineSchedule(peak: settings.peakRate, floor: settings.peakRate / 10, warmupSteps: 50, totalSteps: settings.steps)
        let passTasks = Array(heldOut.prefix(settings.passTasks)), curveTasks = Array(heldOut.prefix(settings.curveTasks))
        var curve: [(step: Int, rate: Double)] = []
        let start = Date()
        func evaluate(_ list: [AgentTask], sampling: SamplingSettings = .greedy, seed: UInt = 0) throws -> [Trajectory] {
            let decoder = try KVCacheDecoder(model: model)
            return try list.map { try runtime.run($0.text, decoder: decoder, sampling: sampling, seed: seed) }
        }
        let block = settings.configuration(variant).blockSize
        var carried = try TranscriptPacking(vocabulary: vocabulary, blockSize: block, window: settings.answerOnlyWindow)
        for step in 1...settings.steps {
            // Fresh training tasks every step, from the training phrasings only.
            var fresh = try TranscriptPacking(vocabulary: vocabulary, blockSize: block)
            let batch = variant == .tools ? try trainingBatch(variant, step: step, packing: &fresh, tasks: tasks, settings: settings)
                : try trainingBatch(variant, step: step, packing: &carried, tasks: tasks, settings: settings)
            let loss = try model.trainingStep(batch, learningRate: schedule.rate(at: step - 1), step: step).loss
            if step % settings.curveEvery == 0 {
                let runs = try evaluate(curveTasks)
                curve.append((step, Double(zip(runs, curveTasks).filter { succeeded($0, $1) }.count) / Double(curveTasks.count)))
            }
            progress?(step, loss)
        }
        let runs = try evaluate(heldOut)
        // pass^k: `tries` sampled runs of each pass task, each try its own seed.
        let sampling = SamplingSettings(temperature: settings.passTemperature)
        let tries = try (0..<settings.tries).map { t in try evaluate(passTasks, sampling: sampling, seed: UInt(1 + t)) }
        let counts = passTasks.indices.map { i in tries.filter { succeeded($0[i], passTasks[i]) }.count }
        let pass = try (1...settings.tries).map { try passHatK(successes: counts, tries: settings.tries, k: $0) }
        return Evaluation(variant: variant, trajectories: runs, tasks: heldOut, successes: zip(runs, heldOut).map { succeeded($0, $1) },
                          passHatK: pass, passSuccesses: counts, successCurve: curve,
                          trainingSeconds: Date().timeIntervalSince(start), parameters: model.parameterValues)
    }
}
