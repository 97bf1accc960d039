import Foundation
import MultilayerPerceptron
import ExperimentRecords
import Numerics
import AutogradEngine
import GSL
import MultilayerPerceptronExperiments

/// Every operation's gradient checked against GSL, a value used twice, and the picture of a
/// small graph with its values and gradients.
public struct OperationChecksExperiment: Sendable {
    public static let seed: UInt = 31
    public let checks: [OperationCheck]
    /// L = tanh(a·b + c)·a at a = 2, b = −3, c = 10: a is used twice.
    public let reusedValueGradient: Double
    public let reusedValueExpected: Double
    public let graphDOT: String

    public init() throws {
        checks = try OperationCheck.all(seed: Self.seed)
        let (a, b, c) = (Tensor(scalar: 2), Tensor(scalar: -3), Tensor(scalar: 10))
        let loss = try (a * b + c).tanh() * a
        let graph = ComputationGraph(of: loss, names: [(a, "a"), (b, "b"), (c, "c")])
        try loss.backward()
        graphDOT = graph.dot()
        reusedValueGradient = a.gradient![0]
        // ∂L/∂a = tanh(ab + c) + a·(1 − tanh²(ab + c))·b: one term per use of a.
        let t = Foundation.tanh(2.0 * -3 + 10)
        reusedValueExpected = t + 2 * (1 - t * t) * -3
    }

    public var largestError: Double { checks.map(\.maxRelativeError).max() ?? 0 }

    public func record(provenance: Provenance? = nil) -> ExperimentRecord {
        ExperimentRecord(
            milestone: .autogradEngine, experiment: "operation-checks", title: "Operation Gradient Checks", order: 1,
            objective: "Every engine operation's backward pass agrees with numeric differentiation, broadcast shapes included.",
            setup: [
                Field("Model", "reverse-mode autograd over n-dimensional tensors, \(checks.count) operations"),
                Field("Data", "seeded Gaussian inputs (seed \(Self.seed)); log gets positive inputs, ÷ and relu inputs at least 0.2 from 0"),
                Field("Optimization", "none: the scalar Σ wᵢ·outᵢ with fixed random w is differentiated with respect to every input"),
            ],
            metrics: [
                .count("Operations checked", checks.count),
                .count("Operations within tolerance", checks.filter(\.passes).count),
                .scientific("Largest relative error (vs GSL)", largestError),
                .decimal("∂L/∂a for L = tanh(a·b + c)·a, engine", reusedValueGradient, digits: 10),
                .decimal("∂L/∂a, by hand", reusedValueExpected, digits: 10),
            ],
            tracking: .foundations(loss: "—", accuracy: "\(checks.filter(\.passes).count)/\(checks.count) operations exact", convergenceSpeed: "—"),
            trackingNote: "largest relative error \(scientificFormatted(largestError, digits: 1))",
            tables: [Table(title: "Gradient check per operation (GSL error estimate + 10⁻⁶ relative)",
                           columns: ["Operation", "Inputs checked", "Within tolerance", "Largest relative error"],
                           rows: checks.map { [$0.name, "\($0.checks.count)", $0.passes ? "yes" : "no", scientificFormatted($0.maxRelativeError, digits: 1)] })],
            observations: [
                .judged(by: "Each operation's backward pass matches GSL numeric differentiation",
                        passed: "All \(checks.count) operations matched GSL's central differences; the largest relative error was \(scientificFormatted(largestError, digits: 1)).",
                        failed: "\(checks.filter { !$0.passes }.count) of \(checks.count) operations did not match GSL's central differences; the largest relative error was \(scientificFormatted(largestError, digits: 1))."),
                "Broadcasting is where hand-written gradients usually go wrong: the gradient of a broadcast input must be summed over every position it was stretched to. The checks include a row vector, a column and a row broadcast together, and a rank-3 tensor times a column.",
                "A value used twice accumulates both contributions: for L = tanh(a·b + c)·a the engine gives ∂L/∂a = \(formatted(reusedValueGradient, digits: 10)), the hand derivation \(formatted(reusedValueExpected, digits: 10)).",
            ],
            plots: [Plot.diagram(
                file: "m3_computation_graph.png", title: "L = tanh(a·b + c)·a", kind: "computation graph",
                description: "The graph of L = tanh(a·b + c)·a at a = 2, b = −3, c = 10, each node with its value and gradient; a feeds two nodes, and its gradient is the sum of what flows back along both edges.",
                dot: graphDOT)],
            conclusion: "Pass: every operation's backward pass agrees with GSL, and reuse accumulates correctly.",
            provenance: provenance ?? .current(seed: Self.seed))
    }
}
