import Foundation
import AutogradEngine
import GSL
import Numerics

/// Multi-head causal self-attention. One matrix makes queries, keys and values for every
/// position at once; each head then works on its own columns of them, one sequence at a time.
public struct CausalSelfAttention {
    public let heads: Int
    public let queryKeyValue: Linear      // C → 3C: [queries | keys | values]
    public let projection: Linear         // C → C

    /// Throws `ArgumentError` unless heads ≥ 1 divides width and layers ≥ 1.
    public init(width: Int, heads: Int, layers: Int, generator: RandomGenerator) throws {
        try ArgumentError.require(heads >= 1 && width % heads == 0, "heads", heads, allowed: "must be ≥ 1 and divide width \(width)")
        try ArgumentError.requireAtLeast(1, layers, "layers")
        self.heads = heads
        queryKeyValue = try Linear(inputs: width, outputs: 3 * width, standardDeviation: 0.02, generator: generator)
        projection = try Linear(inputs: width, outputs: width, standardDeviation: 0.02 / (2.0 * Double(layers)).squareRoot(),
                            generator: generator)
    }

    public var parameters: [Tensor] { queryKeyValue.parameters + projection.parameters }

    // listing: attention
    /// `x` holds `sequences` sequences of `length` positions, one row per position
    /// ((sequences·length) × C). Returns the output in the same layout and, for every
    /// sequence and head, the attention weights (length × length). Throws `ArgumentError`
    /// unless x is (sequences·length) × C.
    public func callAsFunction(_ x: Tensor, sequences: Int, length: Int) throws -> (output: Tensor, weights: [Tensor]) {
        let width = queryKeyValue.weights.shape[0], headSize = width / heads
        try ArgumentError.require(sequences >= 1 && length >= 1 && x.shape == [sequences * length, width], "x.shape", x.shape,
                                  allowed: "\(sequences) sequences × \(length) positions, \(width) wide")
        // exercise: M8.1 write causal self-attention: per sequence and head, softmax(QKᵀ/√d with the future masked)·V, heads concatenated and projected (Chapter 8, attention)
        let qkv = try queryKeyValue(x)
        var outputs: [Tensor] = [], allWeights: [Tensor] = []
        for s in 0..<sequences {
            let sequence = try qkv.rows(at: Array((s * length)..<((s + 1) * length)))
            var headOutputs: [Tensor] = []
            for h in 0..<heads {
                let columns = (h * headSize)..<((h + 1) * headSize)
                let q = try sequence.columns(columns)
                let k = try sequence.columns(columns.lowerBound + width..<columns.upperBound + width)
                let v = try sequence.columns(columns.lowerBound + 2 * width..<columns.upperBound + 2 * width)
                // Scores: how well each position's query matches each earlier position's key.
                let scores = try q.matmul(k.transposed()) * (1 / Double(headSize).squareRoot())
                let weights = try scores.causallyMasked().softmax()
                try headOutputs.append(weights.matmul(v))
                allWeights.append(weights)
            }
            try outputs.append(Tensor.concatenateColumns(headOutputs))
        }
        return try (projection(Tensor.concatenateRows(outputs)), allWeights)
        // end exercise
    }
    // end listing
}
