import Foundation
import AutogradEngine
import GSL
import Optimization
import ExperimentRecords
import Numerics
import GPT
import GPTFastPath

/// The GPT's correctness checks on small models: every parameter tensor against GSL, the
/// fused path against the engine, causality, the attention weights, and overfitting one batch.
public struct GPTChecks: @unchecked Sendable {
    /// Small enough for numeric differentiation of every tensor.
    public static let checkConfiguration = GPTConfiguration(layers: 2, heads: 2, width: 8, blockSize: 6, batchSize: 2)
    public static let checkVocabulary = 11
    public static let overfitSteps = 400
    public static let overfitRate = 3e-3

    /// Gradient check of each parameter tensor (four seeded coordinates each), named by layer.
    public let gradientChecks: [(name: String, check: GradientCheck)]
    /// Fused Double vs engine on one batch: relative loss difference, largest gradient
    /// difference relative to the largest gradient, largest weight difference after 3 AdamW steps.
    public let doubleLossDifference: Double, doubleGradientDifference: Double, doubleWeightDifference: Double
    /// The same for the Float path the workbook trains with (loss and gradient only).
    public let floatLossDifference: Double, floatGradientDifference: Double
    /// The largest gradient of the key part of any query/key/value bias, relative to the
    /// largest gradient: zero in exact arithmetic.
    public let keyBiasGradientRatio: Double
    /// Changing the token at position `changedPosition` changes no logit before it, on both paths.
    public let changedPosition: Int
    public let earlierLogitsUnchanged: Bool, laterLogitsChanged: Bool
    /// The largest |row sum − 1| and the largest weight above the diagonal, engine and fused.
    public let attentionRowSumError: Double, attentionAboveDiagonal: Double
    /// Loss on one fixed batch (16 windows of 32 characters) while training on it alone.
    public let overfitLosses: [Double]

    public init(corpus: CharacterCorpus) throws {
        let c = Self.checkConfiguration, v = Self.checkVocabulary
        let generator = RandomGenerator(seed: 11)
        let batch = try (0..<(2 * c.batchSize * c.blockSize)).map { _ in try generator.integer(below: v) }
        let inputs = Array(batch.prefix(c.batchSize * c.blockSize)), targets = Array(batch.suffix(c.batchSize * c.blockSize))
        let model = try GPTModel(configuration: c, vocabularySize: v, seed: 12)
        gradientChecks = try Self.gradientChecks(model, inputs: inputs, targets: targets, generator: generator)

        // The fused path, Double and Float, against the engine on the same weights and batch.
        let engineLoss = try model.loss(inputs: inputs, targets: targets, sequences: c.batchSize)
        try engineLoss.backward()
        let engineGradient = model.parameters.flatMap { $0.gradient ?? Array(repeating: 0, count: $0.count) }
        model.parameters.forEach { $0.zeroGradient() }
        let scale = engineGradient.map(abs).max()!
        let layout = try GPTParameterLayout(configuration: c, vocabularySize: v)
        keyBiasGradientRatio = layout.blocks.flatMap { block in
            engineGradient[(block.queryKeyValueBias + c.width)..<(block.queryKeyValueBias + 2 * c.width)].map(abs)
        }.max()! / scale
        let fusedDouble = try FusedGPT<Double>(copying: model), fusedFloat = try FusedGPT<Float>(copying: model)
        let lossDouble = try fusedDouble.forward(inputs, targets: targets, sequences: c.batchSize)!
        let lossFloat = try fusedFloat.forward(inputs, targets: targets, sequences: c.batchSize)!
        try fusedDouble.backward()
        try fusedFloat.backward()
        let reference = try engineLoss.scalar
        doubleLossDifference = abs(lossDouble - reference) / reference
        floatLossDifference = abs(lossFloat - reference) / reference
        doubleGradientDifference = zip(engineGradient, fusedDouble.gradientValues).map { abs($0 - $1) }.max()! / scale
        floatGradientDifference = zip(engineGradient, fusedFloat.gradientValues).map { abs($0 - Double($1)) }.max()! / scale
        var optimizer = try Adam(AdamWSettings.gpt)
        for step in 1...3 {
            _ = try model.trainingStep((inputs, targets), optimizer: &optimizer, learningRate: 1e-3, step: step)
            _ = try fusedDouble.trainingStep((inputs, targets), learningRate: 1e-3, step: step)
        }
        doubleWeightDifference = zip(model.parameters.flatMap(\.values), fusedDouble.parameterValues).map { abs($0 - $1) }.max()!

        // Causality: change one token; compare every row of logits before it.
        changedPosition = 4
        var altered = Array(inputs.prefix(c.blockSize))
        altered[changedPosition] = (altered[changedPosition] + 1) % v
        let original = Array(inputs.prefix(c.blockSize))
        let engineRows = try [original, altered].map { try model.forward($0, sequences: 1).logits.values }
        let fusedRows: [[Float]] = try [original, altered].map { tokens in
            try fusedFloat.forward(tokens, targets: nil, sequences: 1)
            return try (0..<c.blockSize).flatMap { try fusedFloat.logits(row: $0) }
        }
        let before = 0..<(changedPosition * v), after = (changedPosition * v)..<(c.blockSize * v)
        earlierLogitsUnchanged = engineRows[0][before] == engineRows[1][before] && fusedRows[0][before] == fusedRows[1][before]
        laterLogitsChanged = engineRows[0][after] != engineRows[1][after] && fusedRows[0][after] != fusedRows[1][after]

        // Attention weights of both paths: rows sum to 1, nothing above the diagonal.
        let engineWeights = try model.forward(inputs, sequences: c.batchSize).attention.joined().map(\.values)
        try fusedFloat.forward(inputs, targets: nil, sequences: c.batchSize)
        let fusedWeights = try (0..<c.layers).flatMap { l in
            try (0..<c.batchSize).flatMap { s in try (0..<c.heads).map { h in try fusedFloat.attentionWeights(layer: l, sequence: s, head: h).map(Double.init) } }
        }
        var rowSumError = 0.0, aboveDiagonal = 0.0
        let t = c.blockSize
        for w in engineWeights + fusedWeights {
            for r in 0..<t {
                let row: ArraySlice<Double> = w[(r * t)..<((r + 1) * t)]
                rowSumError = max(rowSumError, abs(row.reduce(0, +) - 1))
                for j in (r + 1)..<t { aboveDiagonal = max(aboveDiagonal, abs(row[r * t + j])) }
            }
        }
        attentionRowSumError = rowSumError
        attentionAboveDiagonal = aboveDiagonal

        // Overfit one batch of real text with the configuration the comparison trains.
        let overfitModel = try FusedGPT<Float>(configuration: GPTMainRun.configuration, vocabularySize: corpus.vocabularySize, seed: 1)
        let fixed = try corpus.randomWindows(count: GPTMainRun.configuration.batchSize, length: GPTMainRun.configuration.blockSize,
                                         generator: RandomGenerator(seed: 9))
        overfitLosses = try (1...Self.overfitSteps).map { try overfitModel.trainingStep(fixed, learningRate: Self.overfitRate, step: $0).loss }
    }

    /// Numeric derivatives (GSL) of the loss for four seeded coordinates of every tensor.
    static func gradientChecks(_ model: GPTModel, inputs: [Int], targets: [Int],
                               generator: RandomGenerator) throws -> [(name: String, check: GradientCheck)] {
        let sequences = model.configuration.batchSize
        let loss = try model.loss(inputs: inputs, targets: targets, sequences: sequences)
        try loss.backward()
        let gradients = model.parameters.map { $0.gradient ?? Array(repeating: 0, count: $0.count) }
        model.parameters.forEach { $0.zeroGradient() }
        return try zip(model.parameters, parameterNames(layers: model.configuration.layers)).enumerated().map { k, pair in
            let (tensor, name) = pair
            let picked = try Array(generator.permutation(of: tensor.count).prefix(4))     // distinct coordinates
            let original = picked.map { tensor.values[$0] }
            let check = try GradientCheck(function: { point in
                try tensor.update { θ, _ in for (i, x) in zip(picked, point) { θ[i] = x } }
                let loss = try model.loss(inputs: inputs, targets: targets, sequences: sequences).scalar
                try tensor.update { θ, _ in for (i, x) in zip(picked, original) { θ[i] = x } }
                return loss
            }, gradient: picked.map { gradients[k][$0] }, at: original, relativeTolerance: 1e-6)
            return (name, check)
        }
    }

    /// Names of `GPTModel.parameters`, in order.
    static func parameterNames(layers: Int) -> [String] {
        ["token embedding (and head)", "position embedding"]
            + (1...layers).flatMap { l in
                ["LayerNorm 1 gain", "LayerNorm 1 bias", "query/key/value weights", "query/key/value bias", "attention projection weights",
                 "attention projection bias", "LayerNorm 2 gain", "LayerNorm 2 bias", "MLP expand weights", "MLP expand bias",
                 "MLP contract weights", "MLP contract bias"].map { "block \(l) \($0)" }
            }
            + ["final LayerNorm gain", "final LayerNorm bias"]
    }
}
