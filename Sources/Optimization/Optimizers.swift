import Foundation
import AutogradEngine
import Numerics

/// An update rule: moves parameters (engine leaves holding gradients) against their gradients.
/// Parameters are passed in the same order at every step; state is kept per position.
public protocol Optimizer {
    var name: String { get }
    /// One update with this step's learning rate (a schedule may change it between steps).
    /// Throws `ArgumentError` for a learning rate that is negative or not finite (a negative
    /// one climbs the loss), a parameter that is not a leaf, or a parameter whose size
    /// differs from the one at the same position in an earlier step.
    mutating func step(_ parameters: [Tensor], learningRate: Double) throws
}

/// Throws `ArgumentError` unless the learning rate is finite and ≥ 0 (every optimizer of the
/// workbook, the fused GPT's AdamW included, checks its rate with this).
public func validateLearningRate(_ learningRate: Double) throws {
    try ArgumentError.require(learningRate.isFinite && learningRate >= 0, "learningRate", learningRate,
                              allowed: "must be finite and ≥ 0 (a negative rate climbs the loss)")
}

/// Throws `ArgumentError` unless `value` lies in [0, 1) (a decay or β that forgets).
func validateDecay(_ value: Double, _ parameter: String) throws {
    try ArgumentError.require(value >= 0 && value < 1, parameter, value, allowed: "must be in [0, 1)")
}

/// Per-parameter state, created as zeros on first use.
struct OptimizerState {
    private var buffers: [[Double]] = []

    mutating func buffer(_ index: Int, count: Int) throws -> [Double] {
        while buffers.count <= index { buffers.append([]) }
        if buffers[index].isEmpty { buffers[index] = Array(repeating: 0, count: count) }
        try ArgumentError.require(buffers[index].count == count, "parameters[\(index)].count", count,
                                  allowed: "the parameter at this position had \(buffers[index].count) values in earlier steps")
        return buffers[index]
    }

    mutating func store(_ index: Int, _ values: [Double]) { buffers[index] = values }
}

// listing: optimizers
/// θ ← θ − η g
public struct SGD: Optimizer {
    public let name = "SGD"
    public init() {}

    public mutating func step(_ parameters: [Tensor], learningRate: Double) throws {
        try validateLearningRate(learningRate)
        for p in parameters {
            try p.update { θ, g in for i in θ.indices { θ[i] -= learningRate * g[i] } }
        }
    }
}

/// v ← μv + g;  θ ← θ − ηv
public struct Momentum: Optimizer {
    public let name = "SGD + momentum"
    public let momentum: Double
    private var velocity = OptimizerState()
    /// Throws `ArgumentError` unless momentum is in [0, 1).
    public init(momentum: Double = 0.9) throws {
        try validateDecay(momentum, "momentum")
        self.momentum = momentum
    }

    public mutating func step(_ parameters: [Tensor], learningRate: Double) throws {
        try validateLearningRate(learningRate)
        for (k, p) in parameters.enumerated() {
            var v = try velocity.buffer(k, count: p.count)
            try p.update { θ, g in
                for i in θ.indices { v[i] = momentum * v[i] + g[i]; θ[i] -= learningRate * v[i] }
            }
            velocity.store(k, v)
        }
    }
}

/// s ← ρs + (1 − ρ)g²;  θ ← θ − η g / (√s + ε): each coordinate's step is scaled by the
/// recent size of its own gradient.
public struct RMSProp: Optimizer {
    public let name = "RMSProp"
    public let decay: Double, epsilon: Double
    private var squares = OptimizerState()
    /// Throws `ArgumentError` unless decay is in [0, 1) and ε above 0.
    public init(decay: Double = 0.9, epsilon: Double = 1e-8) throws {
        try validateDecay(decay, "decay")
        try ArgumentError.requirePositive(epsilon, "epsilon")
        self.decay = decay; self.epsilon = epsilon
    }

    public mutating func step(_ parameters: [Tensor], learningRate: Double) throws {
        try validateLearningRate(learningRate)
        for (k, p) in parameters.enumerated() {
            var s = try squares.buffer(k, count: p.count)
            try p.update { θ, g in
                for i in θ.indices {
                    s[i] = decay * s[i] + (1 - decay) * g[i] * g[i]
                    θ[i] -= learningRate * g[i] / (s[i].squareRoot() + epsilon)
                }
            }
            squares.store(k, s)
        }
    }
}

/// Momentum on the gradient (m) and RMSProp's scale (v), both bias-corrected for their
/// start at zero:  m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ), θ ← θ − η m̂/(√v̂ + ε).
/// AdamW adds decoupled weight decay, θ ← θ − ηλθ, outside the adaptive scaling.
public struct Adam: Optimizer {
    public let name: String
    public let beta1: Double, beta2: Double, epsilon: Double, weightDecay: Double
    private var first = OptimizerState(), second = OptimizerState()
    private var t = 0

    /// Throws `ArgumentError` unless β₁, β₂ are in [0, 1), ε above 0 and the decay finite and ≥ 0.
    public init(beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8, weightDecay: Double = 0) throws {
        try AdamWSettings(beta1: beta1, beta2: beta2, epsilon: epsilon, weightDecay: weightDecay, clipNorm: 1).validate()
        self.beta1 = beta1; self.beta2 = beta2; self.epsilon = epsilon; self.weightDecay = weightDecay
        name = weightDecay == 0 ? "Adam" : "AdamW"
    }

    public mutating func step(_ parameters: [Tensor], learningRate: Double) throws {
        try validateLearningRate(learningRate)
        // exercise: M4.1 write Adam's step: the moments m and v, their bias corrections, the decoupled weight decay of AdamW (Chapter 4, Adam)
        t += 1
        let correction1 = 1 - pow(beta1, Double(t)), correction2 = 1 - pow(beta2, Double(t))
        for (k, p) in parameters.enumerated() {
            var m = try first.buffer(k, count: p.count), v = try second.buffer(k, count: p.count)
            let decays = weightDecay > 0 && p.rank >= 2      // biases are not decayed
            try p.update { θ, g in
                for i in θ.indices {
                    if decays { θ[i] -= learningRate * weightDecay * θ[i] }
                    m[i] = beta1 * m[i] + (1 - beta1) * g[i]
                    v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i]
                    θ[i] -= learningRate * (m[i] / correction1) / ((v[i] / correction2).squareRoot() + epsilon)
                }
            }
            first.store(k, m)
            second.store(k, v)
        }
        // end exercise
    }
}
// end listing
