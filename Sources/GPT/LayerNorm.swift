import AutogradEngine

// listing: layer-norm
/// LayerNorm: each row normalized to mean 0 and variance 1, then scaled and shifted by a
/// learned gain (starting at 1) and bias (starting at 0), one per feature.
public struct LayerNorm {
    public let gain: Tensor
    public let bias: Tensor

    public init(width: Int) {
        gain = Tensor(Array(repeating: 1, count: width), shape: [width])
        bias = Tensor(Array(repeating: 0, count: width), shape: [width])
    }

    public var parameters: [Tensor] { [gain, bias] }

    public func callAsFunction(_ x: Tensor) -> Tensor { x.normalizedRows() * gain + bias }
}
// end listing
