import Numerics

/// AdamW's hyper-parameters with the global gradient-norm clip applied before each step:
/// defined once here, used by the engine's `Adam` and by the fused GPT's update.
public struct AdamWSettings: Sendable, Equatable {
    public var beta1: Double
    public var beta2: Double
    public var epsilon: Double
    /// Decoupled decay λ (θ ← θ − ηλθ), on matrices and embeddings only.
    public var weightDecay: Double
    /// The gradient's global L2 norm is scaled down to this before the update.
    public var clipNorm: Double

    public init(beta1: Double, beta2: Double, epsilon: Double, weightDecay: Double, clipNorm: Double) {
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        self.clipNorm = clipNorm
    }

    /// The GPT's (nanoGPT's Shakespeare-character setting): β = 0.9, 0.99 (a shorter memory of
    /// squared gradients than Adam's usual 0.999, for small batches), ε = 10⁻⁸, λ = 0.1, clip 1.
    public static let gpt = AdamWSettings(beta1: 0.9, beta2: 0.99, epsilon: 1e-8, weightDecay: 0.1, clipNorm: 1)

    /// Throws `ArgumentError` unless β₁, β₂ are in [0, 1), ε and the clip norm are finite and
    /// above 0, and the decay is finite and ≥ 0.
    public func validate() throws {
        try validateDecay(beta1, "beta1")
        try validateDecay(beta2, "beta2")
        try ArgumentError.requirePositive(epsilon, "epsilon")
        try ArgumentError.require(weightDecay.isFinite && weightDecay >= 0, "weightDecay", weightDecay, allowed: "must be finite and ≥ 0")
        try ArgumentError.requirePositive(clipNorm, "clipNorm")
    }
}

extension Adam {
    /// Adam with these settings' β, ε and decay (clipping is the caller's, see `clipGradientNorm`).
    public init(_ settings: AdamWSettings) throws {
        try self.init(beta1: settings.beta1, beta2: settings.beta2, epsilon: settings.epsilon, weightDecay: settings.weightDecay)
    }
}
