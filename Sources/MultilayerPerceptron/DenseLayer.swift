import GSL
import Numerics

/// An affine map out = x·W + b on a batch of rows x (batch × fanIn).
public struct DenseLayer: Equatable, Sendable {
    /// fanIn × fanOut.
    public var weights: Matrix
    public var bias: [Double]

    /// Weights drawn from N(0, 1/fanIn), biases zero: each output starts with variance about
    /// that of one input (Chapter 4 compares initializations).
    public init(fanIn: Int, fanOut: Int, generator: RandomGenerator) {
        let scale = (1 / Double(fanIn)).squareRoot()
        weights = Matrix(rows: fanIn, columns: fanOut,
                         entries: (0..<(fanIn * fanOut)).map { _ in generator.gaussian(standardDeviation: scale) })
        bias = Array(repeating: 0, count: fanOut)
    }

    public init(weights: Matrix, bias: [Double]) {
        precondition(bias.count == weights.columns, "\(bias.count) biases for \(weights.columns) outputs")
        self.weights = weights
        self.bias = bias
    }

    // listing: dense-layer
    public func forward(_ x: Matrix) -> Matrix {
        x.multiplied(by: weights).addingToEachRow(bias)
    }

    /// Given δ = ∂L/∂out (batch × fanOut) and the input x the forward pass saw:
    ///   ∂L/∂W = xᵀ·δ,   ∂L/∂b = the column sums of δ,   ∂L/∂x = δ·Wᵀ.
    public func backward(input x: Matrix, outputGradient delta: Matrix) -> (weights: Matrix, bias: [Double], input: Matrix) {
        (x.transposeMultiplied(by: delta), delta.columnSums(), delta.multipliedByTranspose(of: weights))
    }
    // end listing
}
