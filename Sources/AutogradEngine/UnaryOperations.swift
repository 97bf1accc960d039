import Foundation
import Numerics

extension Tensor {
    /// out = f(x) entry by entry; the gradient is the output gradient times f′, which gets
    /// both the input x and the output y = f(x) (cheaper for exp, tanh, σ).
    func unary(_ operation: String, _ f: (Double) -> Double,
               derivative: @escaping (_ x: Double, _ y: Double) -> Double) -> Tensor {
        let input = self
        return Tensor(values: values.map(f), shape: shape, operation: operation, parents: [self]) { out in
            input.accumulate((0..<out.count).map { out.gradient![$0] * derivative(input.values[$0], out.values[$0]) })
        }
    }

    // listing: unary-operations
    public func exp() -> Tensor { unary("exp", Foundation.exp) { _, y in y } }
    public func log() -> Tensor { unary("log", Foundation.log) { x, _ in 1 / x } }
    public func tanh() -> Tensor { unary("tanh", Foundation.tanh) { _, y in 1 - y * y } }
    public func relu() -> Tensor { unary("relu", { max($0, 0) }) { x, _ in x > 0 ? 1 : 0 } }
    public func sigmoid() -> Tensor { unary("σ", Numerics.sigmoid) { _, y in y * (1 - y) } }
    public func softplus() -> Tensor { unary("softplus", Numerics.softplus) { x, _ in Numerics.sigmoid(x) } }
    public func sqrt() -> Tensor { unary("√", Foundation.sqrt) { _, y in 0.5 / y } }

    /// GELU(x) = x·Φ(x) with Φ the standard normal CDF (the exact form, not the tanh fit);
    /// GELU′(x) = Φ(x) + x·φ(x).
    public func gelu() -> Tensor {
        unary("gelu", { x in 0.5 * x * (1 + erf(x / 2.0.squareRoot())) }) { x, _ in
            0.5 * (1 + erf(x / 2.0.squareRoot())) + x * Foundation.exp(-x * x / 2) / (2 * Double.pi).squareRoot()
        }
    }
    // end listing
}
