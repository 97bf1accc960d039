import Foundation
import AutogradEngine

/// An update rule: moves parameters (engine leaves holding gradients) against their gradients.
/// Parameters are passed in the same order at every step; state is kept per position.
public protocol Optimizer {
    var name: String { get }
    /// One update with this step's learning rate (a schedule may change it between steps).
    mutating func step(_ parameters: [Tensor], learningRate: Double)
}

/// Per-parameter state, created as zeros on first use.
struct OptimizerState {
    private var buffers: [[Double]] = []

    mutating func buffer(_ index: Int, count: Int) -> [Double] {
        while buffers.count <= index { buffers.append([]) }
        if buffers[index].isEmpty { buffers[index] = Array(repeating: 0, count: count) }
        return buffers[index]
    }

    mutating func store(_ index: Int, _ values: [Double]) { buffers[index] = values }
}

// listing: optimizers
/// θ ← θ − η g
public struct SGD: Optimizer {
    public let name = "SGD"
    public init() {}

    public mutating func step(_ parameters: [Tensor], learningRate: Double) {
        for p in parameters {
            p.update { θ, g in for i in θ.indices { θ[i] -= learningRate * g[i] } }
        }
    }
}

/// v ← μv + g;  θ ← θ − ηv
public struct Momentum: Optimizer {
    public let name = "SGD + momentum"
    public let momentum: Double
    private var velocity = OptimizerState()
    public init(momentum: Double = 0.9) { self.momentum = momentum }

    public mutating func step(_ parameters: [Tensor], learningRate: Double) {
        for (k, p) in parameters.enumerated() {
            var v = velocity.buffer(k, count: p.count)
            p.update { θ, g in
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
    public init(decay: Double = 0.9, epsilon: Double = 1e-8) { self.decay = decay; self.epsilon = epsilon }

    public mutating func step(_ parameters: [Tensor], learningRate: Double) {
        for (k, p) in parameters.enumerated() {
            var s = squares.buffer(k, count: p.count)
            p.update { θ, g in
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

    public init(beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8, weightDecay: Double = 0) {
        self.beta1 = beta1; self.beta2 = beta2; self.epsilon = epsilon; self.weightDecay = weightDecay
        name = weightDecay == 0 ? "Adam" : "AdamW"
    }

    public mutating func step(_ parameters: [Tensor], learningRate: Double) {
        t += 1
        let correction1 = 1 - pow(beta1, Double(t)), correction2 = 1 - pow(beta2, Double(t))
        for (k, p) in parameters.enumerated() {
            var m = first.buffer(k, count: p.count), v = second.buffer(k, count: p.count)
            let decays = weightDecay > 0 && p.rank >= 2      // biases are not decayed
            p.update { θ, g in
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
    }
}
// end listing
