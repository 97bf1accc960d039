import Foundation
import AutogradEngine
import GSL

/// A GPT on Chapter 3's engine: token and position embeddings, a stack of transformer
/// blocks, a final LayerNorm, and a head tied to the token embedding (logits = h·Eᵀ).
public struct GPTModel {
    public let configuration: GPTConfiguration
    public let tokenEmbedding: Tensor          // V × C, also the output head
    public let positionEmbedding: Tensor       // block × C
    public let blocks: [TransformerBlock]
    public let finalNorm: LayerNorm

    /// nanoGPT's initialization: N(0, 0.02²) for embeddings and matrices, N(0, (0.02/√(2L))²)
    /// for the two projections that write into the residual stream, zero biases.
    public init(configuration: GPTConfiguration, vocabularySize: Int, seed: UInt) {
        let generator = RandomGenerator(seed: seed)
        let c = configuration.width
        self.configuration = configuration
        tokenEmbedding = Tensor((0..<(vocabularySize * c)).map { _ in generator.gaussian(standardDeviation: 0.02) },
                                shape: [vocabularySize, c])
        positionEmbedding = Tensor((0..<(configuration.blockSize * c)).map { _ in generator.gaussian(standardDeviation: 0.02) },
                                   shape: [configuration.blockSize, c])
        blocks = (0..<configuration.layers).map { _ in TransformerBlock(configuration: configuration, generator: generator) }
        finalNorm = LayerNorm(width: c)
    }

    public var vocabularySize: Int { tokenEmbedding.shape[0] }

    /// Every trainable tensor, in a fixed order (optimizer state is kept by position).
    public var parameters: [Tensor] {
        [tokenEmbedding, positionEmbedding] + blocks.flatMap(\.parameters) + finalNorm.parameters
    }

    // listing: gpt-forward
    /// Logits ((sequences·length) × V) for `sequences` rows of `length` token ids, and each
    /// layer's attention weights (one length × length matrix per sequence and head).
    public func forward(_ tokens: [Int], sequences: Int) -> (logits: Tensor, attention: [[Tensor]]) {
        let length = tokens.count / sequences
        precondition(length * sequences == tokens.count && length <= configuration.blockSize,
                     "\(tokens.count) tokens as \(sequences) sequences of at most \(configuration.blockSize)")
        let positions = (0..<sequences).flatMap { _ in 0..<length }
        var x = tokenEmbedding.rows(at: tokens) + positionEmbedding.rows(at: positions)
        var attention: [[Tensor]] = []
        for block in blocks {
            let (output, weights) = block(x, sequences: sequences, length: length)
            x = output
            attention.append(weights)
        }
        return (finalNorm(x).matmul(tokenEmbedding.transposed()), attention)
    }
    // end listing

    /// Mean cross-entropy of predicting each target from the tokens up to it.
    public func loss(inputs: [Int], targets: [Int], sequences: Int) -> Tensor {
        forward(inputs, sequences: sequences).logits.crossEntropy(targets: targets)
    }

    /// Mean loss over windows (each `length` long), evaluated `chunk` windows at a time.
    public func meanLoss(inputs: [Int], targets: [Int], length: Int, chunk: Int = 32) -> Double {
        let windows = inputs.count / length
        var total = 0.0
        for start in stride(from: 0, to: windows, by: chunk) {
            let n = min(chunk, windows - start), range = (start * length)..<((start + n) * length)
            total += loss(inputs: Array(inputs[range]), targets: Array(targets[range]), sequences: n).scalar * Double(n)
        }
        return total / Double(windows)
    }
}
