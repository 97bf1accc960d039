import AutogradEngine
import Numerics
import GSL

/// x·W + b with W (inputs × outputs) drawn from N(0, σ²) and b = 0 (nanoGPT's init).
public struct Linear {
    public let weights: Tensor
    public let bias: Tensor

    /// Throws `ArgumentError` for a size below 1 or a deviation that is negative or not finite.
    public init(inputs: Int, outputs: Int, standardDeviation: Double, generator: RandomGenerator) throws {
        try ArgumentError.requireAtLeast(1, inputs, "inputs")
        try ArgumentError.requireAtLeast(1, outputs, "outputs")
        try ArgumentError.require(standardDeviation.isFinite && standardDeviation >= 0, "standardDeviation", standardDeviation,
                                  allowed: "must be finite and ≥ 0")
        weights = try Tensor((0..<(inputs * outputs)).map { _ in generator.gaussian(standardDeviation: standardDeviation) },
                         shape: [inputs, outputs])
        bias = try Tensor(Array(repeating: 0, count: outputs), shape: [outputs])
    }

    public var parameters: [Tensor] { [weights, bias] }

    /// x (n × inputs) · W + b; throws `ArgumentError` for another shape.
    public func callAsFunction(_ x: Tensor) throws -> Tensor { try x.matmul(weights) + bias }
}
