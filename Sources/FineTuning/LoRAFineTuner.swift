import Foundation
import GSL
import GPT
import GPTFastPath
import Numerics
import Optimization

/// One adapter: the low-rank factors of one block matrix's update, in the workbook's x·W
/// layout. W is inputs × outputs, A is inputs × r, B is r × outputs, and the adapted weight
/// is W + (α/r)·A·B. (loralib and PyTorch store W as outputs × inputs and write the update
/// (α/r)·B·A; it is the same matrix transposed.)
public struct LoRAAdapter<Scalar: GPTScalar>: Sendable {
    public let layer: Int
    public let matrix: BlockMatrix
    public let offset: Int, inputs: Int, outputs: Int
    public internal(set) var a: [Scalar]
    public internal(set) var b: [Scalar]
    var aMoments: (first: [Scalar], second: [Scalar])
    var bMoments: (first: [Scalar], second: [Scalar])
}

/// LoRA fine-tuning of a fused GPT: every adapted matrix W₀ is frozen, and only its adapter's
/// A and B train; everything else (embeddings, LayerNorms, biases) is frozen too. B starts at
/// zero, so at step 0 the model is the base model exactly; A starts uniform in ±1/√inputs
/// (Kaiming's bound for a linear map, as loralib and Raschka's chapter use).
///
/// This implementation trains *merged*: the model's weights are W₀ + (α/r)·A·B, the fused
/// backward pass gives ∂L/∂W for that matrix, and the chain rule turns it into the factors'
/// gradients, ∂L/∂A = (α/r)·(∂L/∂W)·Bᵀ and ∂L/∂B = (α/r)·Aᵀ·(∂L/∂W). Only A and B have
/// optimizer state; W₀ is kept apart and never changes.
public final class LoRAFineTuner<Scalar: GPTScalar> {
    public let settings: LoRASettings
    /// The model with merged weights, used for every forward pass.
    public let model: FusedGPT<Scalar>
    /// The base weights (layout order), frozen.
    public let baseParameters: [Scalar]
    public private(set) var adapters: [LoRAAdapter<Scalar>]
    var adamSteps = 0

    /// Adapters on a copy of `base` (the base itself is not changed). Throws `ArgumentError`
    /// for settings `validate()` refuses or a rank above min(inputs, outputs) of an adapted matrix.
    public init(base: FusedGPT<Scalar>, settings: LoRASettings) throws {
        try settings.validate()
        let c = base.configuration
        for matrix in settings.matrices {
            let (inputs, outputs) = matrix.shape(width: c.width)
            try ArgumentError.require(settings.rank <= min(inputs, outputs), "rank", settings.rank,
                                      allowed: "at most min(inputs, outputs) = \(min(inputs, outputs)) for \(matrix.rawValue)")
        }
        self.settings = settings
        baseParameters = base.parameterValues
        model = try FusedGPT(configuration: c, vocabularySize: base.vocabularySize, parameters: baseParameters)
        let generator = RandomGenerator(seed: settings.seed), r = settings.rank
        adapters = base.layout.blocks.enumerated().flatMap { layer, block in
            settings.matrices.map { matrix in
                let (inputs, outputs) = matrix.shape(width: c.width), bound = 1 / Double(inputs).squareRoot()
                let zeros = { (count: Int) in [Scalar](repeating: 0, count: count) }
                return LoRAAdapter(layer: layer, matrix: matrix, offset: matrix.offset(in: block), inputs: inputs, outputs: outputs,
                                   a: (0..<(inputs * r)).map { _ in Scalar(bound * (2 * generator.uniform() - 1)) }, b: zeros(r * outputs),
                                   aMoments: (zeros(inputs * r), zeros(inputs * r)), bMoments: (zeros(r * outputs), zeros(r * outputs)))
            }
        }
        try merge()
    }

    /// Trainable weights: r·(inputs + outputs) per adapted matrix and layer.
    public var trainableParameterCount: Int { adapters.reduce(0) { $0 + $1.a.count + $1.b.count } }

    /// The count by formula: layers × r × Σ(inputs + outputs) over the adapted matrices, which
    /// for all four matrices of a block C wide is layers × r × 16C.
    public static func trainableParameterCount(configuration: GPTConfiguration, settings: LoRASettings) -> Int {
        configuration.layers * settings.rank
            * settings.matrices.reduce(0) { let (i, o) = $1.shape(width: configuration.width); return $0 + i + o }
    }

    /// Bytes of optimizer state: AdamW's two moments for the trainable weights only.
    public var optimizerStateBytes: Int { 2 * trainableParameterCount * MemoryLayout<Scalar>.stride }

    // listing: lora-merge
    /// Writes W₀ + (α/r)·A·B into the model for every adapter (loralib's merge for inference;
    /// here also how training reaches the fused forward pass).
    func merge() throws {
        // exercise: M9.1 write merge(): W = W₀ + (α/r)·A·B into the model for every adapter (Chapter 9, LoRA)
        let scale = Scalar(settings.scale), r = settings.rank
        for adapter in adapters {
            var merged = Array(baseParameters[adapter.offset..<(adapter.offset + adapter.inputs * adapter.outputs)])
            Scalar.gemm(transposeA: false, transposeB: false, m: adapter.inputs, n: adapter.outputs, k: r, alpha: scale,
                        adapter.a, r, adapter.b, adapter.outputs, beta: 1, &merged, adapter.outputs)
            try model.replaceParameters(at: adapter.offset, with: merged)
        }
        // end exercise
    }
    // end listing

    // listing: lora-gradients
    /// ∂L/∂A = (α/r)·G·Bᵀ and ∂L/∂B = (α/r)·Aᵀ·G for each adapter, where G = ∂L/∂W is the
    /// merged weight's gradient from the model's last backward pass.
    func factorGradients() throws -> [(a: [Scalar], b: [Scalar])] {
        // exercise: M9.2 write factorGradients(): ∂L/∂A = (α/r)·G·Bᵀ and ∂L/∂B = (α/r)·Aᵀ·G from the merged weight's gradient G (Chapter 9 derives them)
        let g = model.gradientValues, scale = Scalar(settings.scale), r = settings.rank
        return adapters.map { adapter in
            let (n, m) = (adapter.inputs, adapter.outputs)
            let w = Array(g[adapter.offset..<(adapter.offset + n * m)])
            var da = [Scalar](repeating: 0, count: n * r), db = [Scalar](repeating: 0, count: r * m)
            Scalar.gemm(transposeA: false, transposeB: true, m: n, n: r, k: m, alpha: scale, w, m, adapter.b, m, beta: 0, &da, r)
            Scalar.gemm(transposeA: true, transposeB: false, m: r, n: m, k: n, alpha: scale, adapter.a, r, w, m, beta: 0, &db, m)
            return (da, db)
        }
        // end exercise
    }
    // end listing

    /// The factors' gradients of the mean loss on one batch (for checks: nothing is updated).
    /// Throws as `FusedGPT.forward` for a batch it refuses.
    public func gradients(_ batch: (inputs: [Int], targets: [Int]), sequences: Int) throws -> (loss: Double, factors: [(a: [Scalar], b: [Scalar])]) {
        let loss = try model.forward(batch.inputs, targets: batch.targets, sequences: sequences)!
        try model.backward()
        return (loss, try factorGradients())
    }

    /// Replaces adapter `index`'s factors (a check perturbing them, or factors from an SVD) and
    /// merges. Throws `ArgumentError` for an index outside the adapters, factors of another
    /// size, or values that are not finite.
    public func setFactors(_ index: Int, a: [Scalar], b: [Scalar]) throws {
        try ArgumentError.require(adapters.indices.contains(index), "index", index, allowed: "must be in 0..<\(adapters.count)")
        try ArgumentError.require(a.count == adapters[index].a.count && a.allSatisfy(\.isFinite), "a.count", a.count,
                                  allowed: "\(adapters[index].a.count) finite values")
        try ArgumentError.require(b.count == adapters[index].b.count && b.allSatisfy(\.isFinite), "b.count", b.count,
                                  allowed: "\(adapters[index].b.count) finite values")
        adapters[index].a = a
        adapters[index].b = b
        try merge()
    }

    // listing: lora-step
    /// One step: forward and backward through the merged model, the factors' gradients, the
    /// global norm of those gradients clipped, AdamW on A and B (decay on both: they are
    /// matrices), and the new product merged. Returns the loss and the norm before clipping.
    /// Throws `ArgumentError` for a batch or settings the fused path refuses, and
    /// `NonFiniteValueError` with the step for a loss or norm that is not finite.
    @_specialize(exported: true, where Scalar == Float)
    @_specialize(exported: true, where Scalar == Double)
    public func trainingStep(_ batch: (inputs: [Int], targets: [Int]), learningRate: Double, step: Int,
                             optimizer: AdamWSettings = .gpt) throws -> (loss: Double, norm: Double) {
        try validateLearningRate(learningRate)
        try optimizer.validate()
        let sequences = batch.inputs.count / model.configuration.blockSize
        try ArgumentError.require(sequences >= 1 && sequences * model.configuration.blockSize == batch.inputs.count, "batch.inputs.count",
                                  batch.inputs.count, allowed: "whole blocks of \(model.configuration.blockSize) tokens, at least one")
        // exercise: M9.3 write the LoRA training step: the factors' gradients, their global norm clipped, AdamW on A and B, the product merged (Chapter 9, training)
        let (loss, gradients) = try self.gradients(batch, sequences: sequences)
        try NonFiniteValueError.check([loss], "training loss", step: step)
        let norm = euclideanNorm(gradients.flatMap { [$0.a.map(Double.init), $0.b.map(Double.init)] })
        try NonFiniteValueError.check([norm], "gradient norm", step: step)
        let clip = norm > optimizer.clipNorm ? optimizer.clipNorm / (norm + 1e-6) : 1
        adamSteps += 1
        for (k, g) in gradients.enumerated() {
            var adapter = adapters[k]
            Self.adamW(&adapter.a, &adapter.aMoments, gradient: g.a, clip: clip, rate: learningRate, step: adamSteps, settings: optimizer)
            Self.adamW(&adapter.b, &adapter.bMoments, gradient: g.b, clip: clip, rate: learningRate, step: adamSteps, settings: optimizer)
            adapters[k] = adapter
        }
        try merge()
        return (loss, norm)
        // end exercise
    }
    // end listing

    /// Chapter 4's AdamW update (bias-corrected moments, decoupled decay) on one factor.
    private static func adamW(_ θ: inout [Scalar], _ moments: inout (first: [Scalar], second: [Scalar]), gradient: [Scalar],
                              clip: Double, rate: Double, step adamSteps: Int, settings: AdamWSettings) {
        let (b1, b2) = (Scalar(settings.beta1), Scalar(settings.beta2))
        let c1 = Scalar(1 - pow(settings.beta1, Double(adamSteps))), c2 = Scalar(1 - pow(settings.beta2, Double(adamSteps)))
        let (eps, lr, decay, clip) = (Scalar(settings.epsilon), Scalar(rate), Scalar(rate * settings.weightDecay), Scalar(clip))
        for i in θ.indices {
            let g = gradient[i] * clip
            moments.first[i] = b1 * moments.first[i] + (1 - b1) * g
            moments.second[i] = b2 * moments.second[i] + (1 - b2) * g * g
            θ[i] = θ[i] - decay * θ[i] - lr * (moments.first[i] / c1) / ((moments.second[i] / c2).squareRoot() + eps)
        }
    }

    /// The base model with the adapters kept apart as low-rank terms (the "unmerged" form):
    /// y = x·W₀ + b + (α/r)·(x·A)·B, for inference.
    public func unmergedModel() throws -> FusedGPT<Scalar> {
        let unmerged = try FusedGPT(configuration: model.configuration, vocabularySize: model.vocabularySize, parameters: baseParameters)
        try unmerged.setLowRankTerms(adapters.map {
            try LowRankTerm(layer: $0.layer, matrix: $0.matrix, rank: settings.rank, scale: Scalar(settings.scale), a: $0.a, b: $0.b,
                            width: model.configuration.width)
        })
        return unmerged
    }
}
