import Numerics
import AutogradEngine
import GSL

// listing: block
/// A pre-LayerNorm transformer block: attention lets positions talk, the GELU MLP (4× wider)
/// lets each position think, and both add into the residual stream rather than replace it.
public struct TransformerBlock {
    public let attentionNorm: LayerNorm
    public let attention: CausalSelfAttention
    public let feedForwardNorm: LayerNorm
    public let expand: Linear             // C → 4C
    public let contract: Linear           // 4C → C

    public func callAsFunction(_ x: Tensor, sequences: Int, length: Int) throws -> (output: Tensor, weights: [Tensor]) {
        // exercise: M8.2 write the pre-LayerNorm block: x + attention(LN(x)), then + MLP(LN(·)) with GELU, 4× wide (Chapter 8, the block)
        let (attended, weights) = try attention(attentionNorm(x), sequences: sequences, length: length)
        let afterAttention = try x + attended
        let output = try afterAttention + contract(expand(feedForwardNorm(afterAttention)).gelu())
        return (output, weights)
        // end exercise
    }
    // end listing

    /// Throws `ArgumentError` for a configuration `validate()` refuses.
    public init(configuration c: GPTConfiguration, generator: RandomGenerator) throws {
        try c.validate()
        attentionNorm = try LayerNorm(width: c.width)
        attention = try CausalSelfAttention(width: c.width, heads: c.heads, layers: c.layers, generator: generator)
        feedForwardNorm = try LayerNorm(width: c.width)
        expand = try Linear(inputs: c.width, outputs: 4 * c.width, standardDeviation: 0.02, generator: generator)
        contract = try Linear(inputs: 4 * c.width, outputs: c.width, standardDeviation: 0.02 / (2.0 * Double(c.layers)).squareRoot(),
                          generator: generator)
    }

    public var parameters: [Tensor] {
        attentionNorm.parameters + attention.parameters + feedForwardNorm.parameters + expand.parameters + contract.parameters
    }
}
