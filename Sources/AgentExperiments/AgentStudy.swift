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
        public var configuration = GPTConfiguration(layers: 2, heads: 2, width: 64, blockSize: 112, batchSize: 16)
        public var steps = 1_000
        public var peakRate = 3e-3
        public var seed: UInt = 1
        /// Held-out tasks for success (a third of each kind), and for pass^k with `tries` each.
        public var heldOutTasks = 90, passTasks = 30, tries = 4
        public var passTemperature = 0.7
        /// Steps at which both models are evaluated on `curveTasks` held-out tasks.
        public var curveEvery = 250, curveTasks = 30
        public static let suite = Settings()
        public init() {}
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
        /// pass^k for k = 1… tries, from `tries` sampled runs of each of the pass tasks.
        public let passHatK: [Double]
        /// Training loss every 50 steps and success on the curve's tasks at each curve step.
        public let trainLoss: [(step: Int, loss: Double)]
        public let successCurve: [(step: Int, rate: Double)]
        public let trainingSeconds: Double
        /// The trained model's weights (for a checkpoint).
        public let parameters: [Float]
    }

    public let settings: Settings
    public let evaluations: [Evaluation]
    public let vocabularySize: Int
    public func evaluation(_ variant: Variant) -> Evaluation { evaluations.first { $0.variant == variant }! }

    /// Throws as the task generator, training and the runtime do.
    public init(generator tasks: AgentTaskGenerator, settings: Settings = .suite, progress: ((Variant, Int, Double) -> Void)? = nil) throws {
        self.settings = settings
        let vocabulary = AgentVocabulary()
        vocabularySize = vocabulary.size
        let heldOut = try tasks.tasks(count: settings.heldOutTasks, heldOut: true, seed: settings.seed + 100)
        let passTasks = Array(heldOut.prefix(settings.passTasks)), curveTasks = Array(heldOut.prefix(settings.curveTasks))
        let runtime = AgentRuntime(toolbox: tasks.toolbox)
        let c = settings.configuration
        func succeeded(_ t: Trajectory, _ task: AgentTask) -> Bool { t.stop == .answered && t.answer == task.answer }
        evaluations = try Variant.allCases.map { variant in
            let model = try FusedGPT<Float>(configuration: c, vocabularySize: vocabulary.size, seed: settings.seed)
            let schedule = try WarmupCosineSchedule(peak: settings.peakRate, floor: settings.peakRate / 10, warmupSteps: 50, totalSteps: settings.steps)
            try model.useWorkers(2)
            var losses: [(step: Int, loss: Double)] = [], curve: [(step: Int, rate: Double)] = [], running = 0.0
            let start = Date()
            func evaluate(_ list: [AgentTask], sampling: SamplingSettings = .greedy, seed: UInt = 0) throws -> [Trajectory] {
                let decoder = try KVCacheDecoder(model: model)
                return try list.map { try runtime.run($0.text, decoder: decoder, sampling: sampling, seed: seed) }
            }
            for step in 1...settings.steps {
                // Fresh training tasks every step, from the training templates only.
                let batch = try tasks.tasks(count: c.batchSize, heldOut: false, seed: settings.seed * 1_000_003 + UInt(step))
                var inputs: [Int] = [], targets: [Int] = []
                for task in batch {
                    let row = try (variant == .tools ? task.transcript : task.answerOnly).trainingRow(vocabulary, blockSize: c.blockSize)
                    inputs += row.inputs
                    targets += row.targets
                }
                let loss = try model.trainingStep((inputs, targets), learningRate: schedule.rate(at: step - 1), step: step).loss
                try NonFiniteValueError.check([loss], "training loss", step: step)
                running += loss
                if step % 50 == 0 { losses.append((step, running / 50)); running = 0 }
                if step % settings.curveEvery == 0 {
                    let runs = try evaluate(curveTasks)
                    curve.append((step, Double(zip(runs, curveTasks).filter { succeeded($0, $1) }.count) / Double(curveTasks.count)))
                }
                progress?(variant, step, loss)
            }
            let seconds = Date().timeIntervalSince(start)
            let runs = try evaluate(heldOut)
            // pass^k: `tries` sampled runs of each pass task, each try its own seed.
            let sampling = SamplingSettings(temperature: settings.passTemperature)
            let tries = try (0..<settings.tries).map { t in try evaluate(passTasks, sampling: sampling, seed: UInt(1 + t)) }
            let counts = passTasks.indices.map { i in tries.filter { succeeded($0[i], passTasks[i]) }.count }
            let pass = try (1...settings.tries).map { try passHatK(successes: counts, tries: settings.tries, k: $0) }
            return Evaluation(variant: variant, trajectories: runs, tasks: heldOut, successes: zip(runs, heldOut).map { succeeded($0, $1) },
                              passHatK: pass, trainLoss: losses, successCurve: curve, trainingSeconds: seconds,
                              parameters: model.parameterValues)
        }
    }
}
