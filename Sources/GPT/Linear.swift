import AutogradEngine
import GSL

/// x·W + b with W (inputs × outputs) drawn from N(0, σ²) and b = 0 (nanoGPT's init).
public struct Linear {
    public let weights: Tensor
    public let bias: Tensor

    public init(inputs: Int, outputs: Int, standardDeviation: Double, generator: RandomGenerator) {
        weights = Tensor((0..<(inputs * outputs)).map { _ in generator.gaussian(standardDeviation: standardDeviation) },
                         shape: [inputs, outputs])
        bias = Tensor(Array(repeating: 0, count: outputs), shape: [outputs])
    }

    public var parameters: [Tensor] { [weights, bias] }

    public func callAsFunction(_ x: Tensor) -> Tensor { x.matmul(weights) + bias }
}
