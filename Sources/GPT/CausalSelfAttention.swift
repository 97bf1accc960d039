import Foundation
import AutogradEngine
import GSL

/// Multi-head causal self-attention. One matrix makes queries, keys and values for every
/// position at once; each head then works on its own columns of them, one sequence at a time.
public struct CausalSelfAttention {
    public let heads: Int
    public let queryKeyValue: Linear      // C → 3C: [queries | keys | values]
    public let projection: Linear         // C → C

    public init(width: Int, heads: Int, layers: Int, generator: RandomGenerator) {
        self.heads = heads
        queryKeyValue = Linear(inputs: width, outputs: 3 * width, standardDeviation: 0.02, generator: generator)
        projection = Linear(inputs: width, outputs: width, standardDeviation: 0.02 / (2.0 * Double(layers)).squareRoot(),
                            generator: generator)
    }

    public var parameters: [Tensor] { queryKeyValue.parameters + projection.parameters }

    // listing: attention
    /// `x` holds `sequences` sequences of `length` positions, one row per position
    /// ((sequences·length) × C). Returns the output in the same layout and, for every
    /// sequence and head, the attention weights (length × length).
    public func callAsFunction(_ x: Tensor, sequences: Int, length: Int) -> (output: Tensor, weights: [Tensor]) {
        let width = x.shape[1], headSize = width / heads
        let qkv = queryKeyValue(x)
        var outputs: [Tensor] = [], allWeights: [Tensor] = []
        for s in 0..<sequences {
            let sequence = qkv.rows(at: Array((s * length)..<((s + 1) * length)))
            var headOutputs: [Tensor] = []
            for h in 0..<heads {
                let columns = (h * headSize)..<((h + 1) * headSize)
                let q = sequence.columns(columns)
                let k = sequence.columns(columns.lowerBound + width..<columns.upperBound + width)
                let v = sequence.columns(columns.lowerBound + 2 * width..<columns.upperBound + 2 * width)
                // Scores: how well each position's query matches each earlier position's key.
                let scores = q.matmul(k.transposed()) * (1 / Double(headSize).squareRoot())
                let weights = scores.causallyMasked().softmax()
                headOutputs.append(weights.matmul(v))
                allWeights.append(weights)
            }
            outputs.append(Tensor.concatenateColumns(headOutputs))
        }
        return (projection(Tensor.concatenateRows(outputs)), allWeights)
    }
    // end listing
}
