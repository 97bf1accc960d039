import AutogradEngine
import Numerics

// listing: layer-norm
/// LayerNorm: each row normalized to mean 0 and variance 1, then scaled and shifted by a
/// learned gain (starting at 1) and bias (starting at 0), one per feature.
public struct LayerNorm {
    public let gain: Tensor
    public let bias: Tensor

    /// Throws `ArgumentError` for a width below 1.
    public init(width: Int) throws {
        try ArgumentError.requireAtLeast(1, width, "width")
        gain = try Tensor(Array(repeating: 1, count: width), shape: [width])
        bias = try Tensor(Array(repeating: 0, count: width), shape: [width])
    }

    public var parameters: [Tensor] { [gain, bias] }

    /// Rows of `x` (n × width) normalized; throws `ArgumentError` for another shape.
    public func callAsFunction(_ x: Tensor) throws -> Tensor { try x.normalizedRows() * gain + bias }
}
// end listing
