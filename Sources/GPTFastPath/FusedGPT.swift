import Foundation
import Numerics
import GPT

/// The GPT's fast path: the same model as `GPTModel`, with every layer's forward and backward
/// written as loops over buffers allocated once, matrix products on OpenBLAS, and the
/// weights, gradients and AdamW state in flat arrays. `GPTModel` on the engine stays the
/// reference: `FusedGPT<Double>` matches it to rounding error (tested), `FusedGPT<Float>` is
/// what the workbook trains with.
public final class FusedGPT<Scalar: GPTScalar> {
    public let configuration: GPTConfiguration
    public let vocabularySize: Int
    public let layout: GPTParameterLayout
    let parameters: Buffer<Scalar>, gradients: Buffer<Scalar>
    let firstMoment: Buffer<Scalar>, secondMoment: Buffer<Scalar>
    var adamSteps = 0
    /// Activation buffers per worker and batch shape (sequences, length), made on first use.
    private var activationsByShape: [[Int]: FusedActivations<Scalar>] = [:]
    /// The second worker's gradient, added into `gradients` after each data-parallel step.
    private(set) lazy var workerGradients = Buffer<Scalar>(layout.count)
    /// Workers for a training step: 2 splits each batch into halves that run forward and
    /// backward on the two cores at once (OpenBLAS stays on one thread per worker). The same
    /// seed and worker count give the same numbers every run; 1 and 2 workers differ by
    /// rounding (the gradient is summed in another order). Set with `useWorkers(_:)`.
    public private(set) var workers = 1
    /// The buffers of the last forward pass.
    var lastActivations: FusedActivations<Scalar>?
    /// Unmerged low-rank terms by layer and matrix, added in the forward pass (`setLowRankTerms`).
    private(set) var lowRankTerms: [Int: [BlockMatrix: LowRankTerm<Scalar>]] = [:]

    /// A copy of the engine model's weights (throws as `GPTParameterLayout.init`, which a
    /// model `GPTModel.init` accepted never does).
    public convenience init(copying model: GPTModel) throws {
        try self.init(configuration: model.configuration, vocabularySize: model.vocabularySize,
                      parameters: model.parameters.flatMap(\.values).map { Scalar($0) })
    }

    /// A model with the given weights, in `GPTParameterLayout` order (a checkpoint's, another
    /// model's). Throws `ArgumentError` for a configuration or vocabulary the layout refuses,
    /// or a weight count other than the layout's.
    public init(configuration: GPTConfiguration, vocabularySize: Int, parameters values: [Scalar]) throws {
        _ = MatrixKernel.active        // OpenBLAS on one thread unless a benchmark asks for more
        self.configuration = configuration
        self.vocabularySize = vocabularySize
        layout = try GPTParameterLayout(configuration: configuration, vocabularySize: vocabularySize)
        try ArgumentError.require(values.count == layout.count, "parameters.count", values.count,
                                  allowed: "the layout's \(layout.count) weights for \(configuration), vocabulary \(vocabularySize)")
        parameters = Buffer(layout.count)
        parameters.pointer.update(from: values, count: values.count)
        gradients = Buffer(layout.count)
        firstMoment = Buffer(layout.count)
        secondMoment = Buffer(layout.count)
    }

    /// A fresh model with `GPTModel`'s initialization for this seed (throws as `GPTModel.init`).
    public convenience init(configuration: GPTConfiguration, vocabularySize: Int, seed: UInt) throws {
        try self.init(copying: GPTModel(configuration: configuration, vocabularySize: vocabularySize, seed: seed))
    }

    /// Low-rank terms (unmerged LoRA adapters) the forward pass adds to their matrices'
    /// outputs; an empty list removes them. Inference only: `backward()` and `trainingStep`
    /// refuse while terms are set. Throws `ArgumentError` for a layer outside the model, a
    /// term built for another width, or two terms on one matrix.
    public func setLowRankTerms(_ terms: [LowRankTerm<Scalar>]) throws {
        var byLayer: [Int: [BlockMatrix: LowRankTerm<Scalar>]] = [:]
        for (i, term) in terms.enumerated() {
            try ArgumentError.require((0..<configuration.layers).contains(term.layer), "terms[\(i)].layer", term.layer,
                                      allowed: "must be in 0..<\(configuration.layers)")
            let (inputs, outputs) = term.matrix.shape(width: configuration.width)
            try ArgumentError.require(term.a.count == inputs * term.rank && term.b.count == term.rank * outputs, "terms[\(i)]",
                                      "factors of \(term.a.count) and \(term.b.count) values",
                                      allowed: "\(term.matrix.rawValue) factors for this model, \(configuration.width) wide")
            try ArgumentError.require(byLayer[term.layer]?[term.matrix] == nil, "terms[\(i)]", "layer \(term.layer) \(term.matrix)",
                                      allowed: "one term per matrix")
            byLayer[term.layer, default: [:]][term.matrix] = term
        }
        lowRankTerms = byLayer
    }

    /// Overwrites weights `offset..<offset + values.count` of the flat array (a fine-tuner
    /// writing merged weights). Throws `ArgumentError` for a range outside the layout or a
    /// value that is not finite.
    @_specialize(exported: true, where Scalar == Float)
    @_specialize(exported: true, where Scalar == Double)
    public func replaceParameters(at offset: Int, with values: [Scalar]) throws {
        try ArgumentError.require(offset >= 0 && offset <= layout.count - values.count, "offset", offset,
                                  allowed: "\(values.count) weights from offset must fit in 0..<\(layout.count)")
        if let bad = values.firstIndex(where: { !$0.isFinite }) {
            throw ArgumentError(parameter: "values[\(bad)]", value: "\(values[bad])", allowed: "weights must be finite")
        }
        (parameters.pointer + offset).update(from: values, count: values.count)
    }

    /// Trains on 1 or 2 cores from the next step on; throws `ArgumentError` for another count.
    public func useWorkers(_ count: Int) throws {
        try ArgumentError.require(count == 1 || count == 2, "workers", count, allowed: "must be 1 or 2 (the fast path splits a batch in halves)")
        workers = count
    }

    /// The activations of the last forward pass; throws `ArgumentError` before the first one.
    func lastForwardPass(_ reader: String) throws -> FusedActivations<Scalar> {
        guard let a = lastActivations else {
            throw ArgumentError(parameter: "forward pass", value: "none yet", allowed: "\(reader) reads the last forward(_:targets:sequences:)")
        }
        return a
    }

    public var parameterValues: [Scalar] {
        @_specialize(exported: true, where Scalar == Float)
        @_specialize(exported: true, where Scalar == Double)
        get { Array(UnsafeBufferPointer(start: parameters.pointer, count: layout.count)) }
    }
    public var gradientValues: [Scalar] {
        @_specialize(exported: true, where Scalar == Float)
        @_specialize(exported: true, where Scalar == Double)
        get { Array(UnsafeBufferPointer(start: gradients.pointer, count: layout.count)) }
    }

    /// Overwrites the gradient of the last backward pass (a data-parallel trainer writing the
    /// average of every process's gradient before `update`). Throws `ArgumentError` unless
    /// there is one finite value per weight.
    @_specialize(exported: true, where Scalar == Float)
    @_specialize(exported: true, where Scalar == Double)
    public func replaceGradients(with values: [Scalar]) throws {
        try ArgumentError.require(values.count == layout.count, "values.count", values.count, allowed: "one per weight (\(layout.count))")
        if let bad = values.firstIndex(where: { !$0.isFinite }) {
            throw ArgumentError(parameter: "values[\(bad)]", value: "\(values[bad])", allowed: "gradients must be finite")
        }
        gradients.pointer.update(from: values, count: values.count)
    }

    /// Bytes held by weights, gradients, optimizer state and activation buffers.
    public var allocatedBytes: Int {
        (4 * layout.count + activationsByShape.values.reduce(0) { $0 + $1.count }) * MemoryLayout<Scalar>.stride
    }

    func activations(sequences: Int, length: Int, worker: Int = 0) -> FusedActivations<Scalar> {
        let key = [worker, sequences, length]
        let a = activationsByShape[key]
            ?? FusedActivations<Scalar>(configuration: configuration, vocabularySize: vocabularySize, sequences: sequences, length: length)
        activationsByShape[key] = a
        lastActivations = a
        return a
    }
}

/// Everything the forward pass keeps for the backward pass, for one batch shape.
final class FusedActivations<Scalar: GPTScalar> {
    struct Layer {
        let attentionNorm, attentionNormMean, attentionNormRstd, queryKeyValue, attentionWeights, attentionOutput: Buffer<Scalar>
        let afterAttention, feedForwardNorm, feedForwardNormMean, feedForwardNormRstd, expanded, activated: Buffer<Scalar>
        /// Φ(x) of the GELU's input, kept so the backward pass need not compute erf again.
        let normalCDF: Buffer<Scalar>
    }

    let sequences: Int, length: Int
    let residuals: [Buffer<Scalar>]          // the block inputs, and the last block's output
    var loss = 0.0
    /// What the loss was divided by: the targets that count (not `ignoreIndex`); with two
    /// workers, half of both halves' count, so that averaging their gradients gives the whole
    /// batch's.
    var lossDenominator = 1.0
    let layers: [Layer]
    let finalNorm, finalNormMean, finalNormRstd, probabilities: Buffer<Scalar>
    // Gradient scratch, reused by every layer.
    let dResidual, dNorm, dQueryKeyValue, dAttentionOutput, dExpanded, dActivated, dLogits, attentionScratch: Buffer<Scalar>
    var targets: [Int] = []
    var tokens: [Int] = []
    /// The rows whose targets count, when some were ignored (nil: every row); the head ran on
    /// these only, their final-LayerNorm outputs gathered in `headInput`.
    var headRows: [Int]?
    let headInput: Buffer<Scalar>

    init(configuration c: GPTConfiguration, vocabularySize v: Int, sequences: Int, length: Int) {
        self.sequences = sequences
        self.length = length
        let n = sequences * length, w = c.width
        residuals = (0...c.layers).map { _ in Buffer(n * w) }
        layers = (0..<c.layers).map { _ in
            Layer(attentionNorm: Buffer(n * w), attentionNormMean: Buffer(n), attentionNormRstd: Buffer(n),
                  queryKeyValue: Buffer(n * 3 * w), attentionWeights: Buffer(sequences * c.heads * length * length),
                  attentionOutput: Buffer(n * w), afterAttention: Buffer(n * w),
                  feedForwardNorm: Buffer(n * w), feedForwardNormMean: Buffer(n), feedForwardNormRstd: Buffer(n),
                  expanded: Buffer(n * 4 * w), activated: Buffer(n * 4 * w), normalCDF: Buffer(n * 4 * w))
        }
        finalNorm = Buffer(n * w); finalNormMean = Buffer(n); finalNormRstd = Buffer(n); headInput = Buffer(n * w)
        probabilities = Buffer(n * v)
        dResidual = Buffer(n * w); dNorm = Buffer(n * w); dQueryKeyValue = Buffer(n * 3 * w)
        dAttentionOutput = Buffer(n * w); dExpanded = Buffer(n * 4 * w); dActivated = Buffer(n * 4 * w)
        dLogits = Buffer(n * v); attentionScratch = Buffer(length * length)
    }

    var count: Int {
        let perLayer = layers.first.map { l in
            [l.attentionNorm, l.attentionNormMean, l.attentionNormRstd, l.queryKeyValue, l.attentionWeights, l.attentionOutput,
             l.afterAttention, l.feedForwardNorm, l.feedForwardNormMean, l.feedForwardNormRstd, l.expanded, l.activated, l.normalCDF]
                .reduce(0) { $0 + $1.count }
        } ?? 0
        return residuals.reduce(0) { $0 + $1.count } + layers.count * perLayer
            + [finalNorm, finalNormMean, finalNormRstd, headInput, probabilities, dResidual, dNorm, dQueryKeyValue, dAttentionOutput,
               dExpanded, dActivated, dLogits, attentionScratch].reduce(0) { $0 + $1.count }
    }
}
