import Foundation
import AutogradEngine
import GSL
import Numerics

/// A GPT on Chapter 3's engine: token and position embeddings, a stack of transformer
/// blocks, a final LayerNorm, and a head tied to the token embedding (logits = h·Eᵀ).
public struct GPTModel {
    public let configuration: GPTConfiguration
    public let tokenEmbedding: Tensor          // V × C, also the output head
    public let positionEmbedding: Tensor       // block × C
    public let blocks: [TransformerBlock]
    public let finalNorm: LayerNorm

    /// nanoGPT's initialization: N(0, 0.02²) for embeddings and matrices, N(0, (0.02/√(2L))²)
    /// for the two projections that write into the residual stream, zero biases. Throws
    /// `ArgumentError` for a configuration `validate()` refuses or a vocabulary below 1.
    public init(configuration: GPTConfiguration, vocabularySize: Int, seed: UInt) throws {
        try configuration.validate()
        try GPTConfiguration.validate(vocabularySize: vocabularySize)
        let generator = RandomGenerator(seed: seed)
        let c = configuration.width
        self.configuration = configuration
        tokenEmbedding = try Tensor((0..<(vocabularySize * c)).map { _ in generator.gaussian(standardDeviation: 0.02) },
                                shape: [vocabularySize, c])
        positionEmbedding = try Tensor((0..<(configuration.blockSize * c)).map { _ in generator.gaussian(standardDeviation: 0.02) },
                                   shape: [configuration.blockSize, c])
        blocks = try (0..<configuration.layers).map { _ in try TransformerBlock(configuration: configuration, generator: generator) }
        finalNorm = try LayerNorm(width: c)
    }

    public var vocabularySize: Int { tokenEmbedding.shape[0] }

    /// Every trainable tensor, in a fixed order (optimizer state is kept by position).
    public var parameters: [Tensor] {
        [tokenEmbedding, positionEmbedding] + blocks.flatMap(\.parameters) + finalNorm.parameters
    }

    // listing: gpt-forward
    /// Logits ((sequences·length) × V) for `sequences` rows of `length` token ids, and each
    /// layer's attention weights (one length × length matrix per sequence and head). Throws
    /// `ArgumentError` for a batch `GPTConfiguration.batchLength` refuses.
    public func forward(_ tokens: [Int], sequences: Int) throws -> (logits: Tensor, attention: [[Tensor]]) {
        let length = try configuration.batchLength(tokens: tokens, targets: nil, sequences: sequences, vocabularySize: vocabularySize)
        // exercise: M8.3 write the GPT forward pass: token + position embeddings, every block, the final LayerNorm, logits through the tied embedding (Chapter 8, the model)
        let positions = (0..<sequences).flatMap { _ in 0..<length }
        var x = try tokenEmbedding.rows(at: tokens) + positionEmbedding.rows(at: positions)
        var attention: [[Tensor]] = []
        for block in blocks {
            let (output, weights) = try block(x, sequences: sequences, length: length)
            x = output
            attention.append(weights)
        }
        return try (finalNorm(x).matmul(tokenEmbedding.transposed()), attention)
        // end exercise
    }
    // end listing

    /// Mean cross-entropy of predicting each target from the tokens up to it (throws as `forward`).
    public func loss(inputs: [Int], targets: [Int], sequences: Int) throws -> Tensor {
        _ = try configuration.batchLength(tokens: inputs, targets: targets, sequences: sequences, vocabularySize: vocabularySize)
        return try forward(inputs, sequences: sequences).logits.crossEntropy(targets: targets)
    }

    /// Mean loss over windows (each `length` long), evaluated `chunk` windows at a time.
    /// Throws `ArgumentError` unless the inputs are whole windows (at least one) with a target
    /// each and `chunk` ≥ 1, and as `forward` for the windows themselves.
    public func meanLoss(inputs: [Int], targets: [Int], length: Int, chunk: Int = 32) throws -> Double {
        try ArgumentError.requireAtLeast(1, chunk, "chunk")
        try ArgumentError.require(length >= 1 && !inputs.isEmpty && inputs.count % length == 0, "inputs.count", inputs.count,
                                  allowed: "whole windows of length \(length), at least one")
        try ArgumentError.require(targets.count == inputs.count, "targets.count", targets.count, allowed: "one per input (\(inputs.count))")
        let windows = inputs.count / length
        var total = 0.0
        for start in stride(from: 0, to: windows, by: chunk) {
            let n = min(chunk, windows - start), range = (start * length)..<((start + n) * length)
            total += try loss(inputs: Array(inputs[range]), targets: Array(targets[range]), sequences: n).scalar * Double(n)
        }
        return total / Double(windows)
    }
}
