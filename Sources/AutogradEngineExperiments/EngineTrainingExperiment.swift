import Foundation
import MultilayerPerceptron
import ExperimentRecords
import Numerics
import AutogradEngine
import GSL
import MultilayerPerceptronExperiments

/// Chapter 2's moons network rebuilt on the engine: gradients equal to backpropagation by
/// hand, the same training run, and memory that stays flat over 1,000 steps.
public struct EngineTrainingExperiment: Sendable {
    public static let steps = 1000
    public static let widths = [2, 16, 16, 1]
    public static let optimizer = MomentumDescent(learningRate: 0.1, momentum: 0.9, epochs: steps)

    /// Largest relative difference between engine and hand-written gradients, per activation.
    public let gradientDifferences: [Activation: Double]
    public let engineLosses: [Double]
    public let handWrittenLosses: [Double]
    /// Tensors and bytes alive after each step (parameters included).
    public let liveTensors: [Int]
    public let liveBytes: [Int]
    public let parameterTensors: Int

    public init() throws {
        let data = try ToyDataset.twoMoons.generate().train
        var differences: [Activation: Double] = [:]
        for activation in Activation.allCases {
            let model = try MultilayerPerceptronModel(widths: Self.widths, activation: activation, seed: NonlinearFit.initSeed)
            let hand = try model.lossAndGradients(on: data).gradients
            let engine = try EngineNetwork(model)
            try engine.loss(on: data).backward()
            let handFlat = zip(hand.weights, hand.biases).flatMap { $0.entries + $1 }
            let engineFlat = engine.leaves.flatMap { $0.gradient! }
            differences[activation] = zip(handFlat, engineFlat).map { h, e in
                let scale = max(abs(h), abs(e))
                return scale == 0 ? 0 : abs(h - e) / scale
            }.max()!
        }
        gradientDifferences = differences

        let model = try MultilayerPerceptronModel(widths: Self.widths, activation: .tanh, seed: NonlinearFit.initSeed)
        var handModel = model
        handWrittenLosses = try Self.optimizer.train(&handModel, on: data).losses

        let census = TensorCensus()
        var losses: [Double] = [], tensors: [Int] = [], bytes: [Int] = []
        var parameterCount = 0
        try census.counting {
            let network = try EngineNetwork(model)
            parameterCount = network.leaves.count
            var velocities = network.leaves.map { Array(repeating: 0.0, count: $0.count) }
            for _ in 0..<Self.steps {
                do {
                    let loss = try network.loss(on: data)
                    try losses.append(loss.scalar)
                    try loss.backward()
                }
                try network.step(Self.optimizer, velocities: &velocities)
                tensors.append(census.liveTensors)
                bytes.append(census.liveBytes)
            }
            try losses.append(network.loss(on: data).scalar)
        }
        engineLosses = losses
        liveTensors = tensors
        liveBytes = bytes
        parameterTensors = parameterCount
    }

    public var finalLossDifference: Double {
        abs(engineLosses.last! - handWrittenLosses.last!) / handWrittenLosses.last!
    }

    public func record(provenance: Provenance? = nil) throws -> ExperimentRecord {
        let largest = gradientDifferences.values.max() ?? 0
        return ExperimentRecord(
            milestone: .autogradEngine, experiment: "engine-training", title: "Chapter 2's Network on the Engine", order: 2,
            objective: "The engine reproduces hand-written backpropagation and trains without leaking its graphs.",
            setup: [
                Field("Model", "MLP \(Self.widths.map(String.init).joined(separator: "-")) built from engine operations (matmul, +, φ, softplus, mean), weights copied from Chapter 2's model"),
                Field("Data", ToyDataset.twoMoons.summary),
                Field("Optimization", "\(Self.optimizer.summary), on the engine and by hand side by side"),
            ],
            metrics: Activation.allCases.map { .scientific("Largest gradient difference, engine vs by hand (\($0.rawValue))", gradientDifferences[$0]!) } + [
                .scientific("Final loss after \(Self.steps) steps, engine", engineLosses.last!),
                .scientific("Final loss after \(Self.steps) steps, by hand", handWrittenLosses.last!),
                .scientific("Relative difference of the final losses", finalLossDifference),
                .count("Live tensors after step 1", liveTensors.first!),
                .count("Live tensors after step \(Self.steps)", liveTensors.last!),
                .count("Live tensor bytes after step 1", liveBytes.first!, unit: "bytes"),
                .count("Live tensor bytes after step \(Self.steps)", liveBytes.last!, unit: "bytes"),
            ],
            tracking: .foundations(loss: "\(scientificFormatted(engineLosses.last!, digits: 2)) engine = \(scientificFormatted(handWrittenLosses.last!, digits: 2)) by hand", accuracy: "—", convergenceSpeed: "\(Self.steps) steps"),
            trackingNote: "gradients equal to \(scientificFormatted(largest, digits: 0)); \(liveTensors.last!) live tensors after \(Self.steps) steps",
            observations: [
                .judged(by: "Chapter 2's network on the engine gives the hand-written gradients (relative difference ≤ 1e-10)",
                        passed: "The engine's gradients equal hand-written backpropagation to a relative \(scientificFormatted(largest, digits: 1)) or better for tanh, ReLU and sigmoid: the same arithmetic in a different order.",
                        failed: "The engine's gradients differ from hand-written backpropagation by a relative \(scientificFormatted(largest, digits: 1)) (allowed: 1e-10)."),
                "Trained for \(Self.steps) steps with the same optimizer, the two implementations end at losses \(scientificFormatted(engineLosses.last!, digits: 6)) and \(scientificFormatted(handWrittenLosses.last!, digits: 6)) (relative difference \(scientificFormatted(finalLossDifference, digits: 1))).",
                "After every step exactly \(liveTensors.last!) tensors are alive, the \(parameterTensors) parameters: each step's graph (about \(try engineGraphSize) nodes) is released by backward() and freed when the loss goes out of scope. The census counts exactly the tensors this loop creates, so the suites running in parallel do not disturb it (the process's resident memory would).",
            ],
            plots: [Plot(
                file: "m3_memory.png", title: "M3: live tensors per training step on the engine", kind: "memory per step",
                description: "Tensors alive after each of \(Self.steps) training steps: flat at the \(parameterTensors) parameters, so no graph survives its step.",
                xLabel: "training step", yLabel: "live tensors",
                yRange: 0...Double(max(10, (liveTensors.max() ?? 0) * 2)),
                layers: [.line(label: "live tensors (census)", points: liveTensors.enumerated().map { PlotPoint(Double($0 + 1), Double($1)) })])],
            conclusion: "Pass: the engine reproduces Chapter 2's gradients and training run, and memory stays flat.",
            provenance: provenance ?? .current(seed: NonlinearFit.initSeed))
    }

    /// Nodes in one training step's graph.
    private var engineGraphSize: Int { get throws {
        let model = try MultilayerPerceptronModel(widths: Self.widths, activation: .tanh, seed: NonlinearFit.initSeed)
        return try EngineNetwork(model).loss(on: ToyDataset.twoMoons.generate().train.selecting([0])).topologicalOrder().count
    } }
}
