import GSL
import ExperimentRecords
import Numerics
import AutogradEngine
import MultilayerPerceptron
import MultilayerPerceptronExperiments

/// One engine operation's gradients, for each of its inputs, judged against GSL.
public struct OperationCheck: Sendable {
    public let name: String
    /// One check per input tensor.
    public let checks: [GradientCheck]

    public static let relativeTolerance = 1e-6

    public var passes: Bool { checks.allSatisfy(\.passes) }
    public var maxRelativeError: Double { checks.map(\.maxRelativeError).max() ?? 0 }

    /// Where an operation's inputs must lie for its derivative to exist and be well conditioned.
    enum Domain: Sendable { case any, positive, awayFromZero }

    /// An operation under test: input shapes, their domain, and how to build the output.
    struct Case: Sendable {
        let name: String
        let shapes: [[Int]]
        var domain = Domain.any
        let build: @Sendable ([Tensor]) throws -> Tensor
    }

    public static var caseNames: [String] { cases.map(\.name) }

    static let cases: [Case] = [
        Case(name: "a + b, [3, 4] + [4] (broadcast)", shapes: [[3, 4], [4]]) { try $0[0] + $0[1] },
        Case(name: "a − b, [3, 1] − [1, 4] (broadcast both)", shapes: [[3, 1], [1, 4]]) { try $0[0] - $0[1] },
        Case(name: "a × b, [2, 3, 4] × [3, 1] (broadcast)", shapes: [[2, 3, 4], [3, 1]]) { try $0[0] * $0[1] },
        Case(name: "a ÷ b, [3, 4] ÷ [4]", shapes: [[3, 4], [4]], domain: .awayFromZero) { try $0[0] / $0[1] },
        Case(name: "matmul, [3, 4] · [4, 5]", shapes: [[3, 4], [4, 5]]) { try $0[0].matmul($0[1]) },
        Case(name: "sum of all entries, [3, 4]", shapes: [[3, 4]]) { try $0[0].sum() },
        Case(name: "sum along axis 0, [3, 4]", shapes: [[3, 4]]) { try $0[0].sum(axis: 0) },
        Case(name: "sum along axis 1, [2, 3, 4]", shapes: [[2, 3, 4]]) { try $0[0].sum(axis: 1) },
        Case(name: "mean along axis 1, [3, 4]", shapes: [[3, 4]]) { try $0[0].mean(axis: 1) },
        Case(name: "exp", shapes: [[3, 4]]) { $0[0].exp() },
        Case(name: "log", shapes: [[3, 4]], domain: .positive) { $0[0].log() },
        Case(name: "tanh", shapes: [[3, 4]]) { $0[0].tanh() },
        Case(name: "relu (away from the kink)", shapes: [[3, 4]], domain: .awayFromZero) { $0[0].relu() },
        Case(name: "sigmoid", shapes: [[3, 4]]) { $0[0].sigmoid() },
        Case(name: "gelu", shapes: [[3, 4]]) { $0[0].gelu() },
        Case(name: "softplus", shapes: [[3, 4]]) { $0[0].softplus() },
        Case(name: "softmax along the last axis, [3, 5]", shapes: [[3, 5]]) { try $0[0].softmax() },
        Case(name: "log-softmax along the last axis, [3, 5]", shapes: [[3, 5]]) { try $0[0].logSoftmax() },
        Case(name: "cross-entropy, [4, 5] logits, targets 0, 3, 3, 1", shapes: [[4, 5]]) { try $0[0].crossEntropy(targets: [0, 3, 3, 1]) },
        Case(name: "embedding lookup, [5, 3] table, indices 1, 4, 1, 0", shapes: [[5, 3]]) { try $0[0].rows(at: [1, 4, 1, 0]) },
        Case(name: "reshape, [3, 4] → [2, 6]", shapes: [[3, 4]]) { try $0[0].reshaped([2, 6]) },
        Case(name: "transpose, [3, 4]", shapes: [[3, 4]]) { try $0[0].transposed() },
        Case(name: "sqrt", shapes: [[3, 4]], domain: .positive) { $0[0].sqrt() },
        Case(name: "columns 1..<4 of [3, 5]", shapes: [[3, 5]]) { try $0[0].columns(1..<4) },
        Case(name: "concatenate columns, [3, 2] and [3, 3]", shapes: [[3, 2], [3, 3]]) { try Tensor.concatenateColumns($0) },
        Case(name: "concatenate rows, [2, 3] and [4, 3]", shapes: [[2, 3], [4, 3]]) { try Tensor.concatenateRows($0) },
        Case(name: "normalized rows (LayerNorm without gain), [3, 5]", shapes: [[3, 5]]) { try $0[0].normalizedRows() },
        Case(name: "softmax of a causally masked [4, 4]", shapes: [[4, 4]]) { try $0[0].causallyMasked().softmax() },
    ]

    /// Checks every operation at seeded inputs. The scalar differentiated is Σ wᵢ·outᵢ with
    /// fixed random weights w, so every output entry matters (Σ softmax alone is always 1).
    public static func all(seed: UInt) throws -> [OperationCheck] {
        let generator = RandomGenerator(seed: seed)
        return try cases.map { operation in
            let inputs: [[Double]] = operation.shapes.map { shape in
                (0..<shape.reduce(1, *)).map { _ in
                    let x = generator.gaussian()
                    switch operation.domain {
                    case .any: return x
                    case .positive: return 0.5 + abs(x)
                    case .awayFromZero: return (x < 0 ? -1 : 1) * (0.2 + abs(x))
                    }
                }
            }
            let outputCount = try operation.build(zip(inputs, operation.shapes).map { try Tensor($0, shape: $1) }).count
            let weights = (0..<outputCount).map { _ in generator.gaussian() }
            let scalar = { (values: [[Double]]) -> (loss: Tensor, inputs: [Tensor]) in
                let tensors = try zip(values, operation.shapes).map { try Tensor($0, shape: $1) }
                let out = try operation.build(tensors)
                return try ((out.reshaped([out.count]) * Tensor(weights, shape: [out.count])).sum(), tensors)
            }
            let (loss, tensors) = try scalar(inputs)
            try loss.backward()
            let checks = try inputs.indices.map { i in
                try GradientCheck(function: { perturbed in
                    var values = inputs
                    values[i] = perturbed
                    return try scalar(values).loss.scalar
                }, gradient: tensors[i].gradient ?? Array(repeating: 0, count: inputs[i].count),
                   at: inputs[i], relativeTolerance: relativeTolerance)
            }
            return OperationCheck(name: operation.name, checks: checks)
        }
    }
}
