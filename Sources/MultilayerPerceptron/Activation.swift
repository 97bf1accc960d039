import Foundation
import Numerics

/// A hidden layer's nonlinearity φ, applied entry by entry, and its derivative.
public enum Activation: String, CaseIterable, Sendable, Codable {
    case tanh, relu, sigmoid

    // listing: activations
    public func callAsFunction(_ z: Double) -> Double {
        switch self {
        case .tanh: Foundation.tanh(z)
        case .relu: max(z, 0)
        case .sigmoid: Numerics.sigmoid(z)
        }
    }

    /// φ′(z), from the pre-activation z and the output h = φ(z) the forward pass kept:
    /// tanh′ = 1 − h², σ′ = h(1 − h), relu′ = 1 where z > 0 (0 at the kink itself).
    public func derivative(at z: Double, output h: Double) -> Double {
        switch self {
        case .tanh: 1 - h * h
        case .relu: z > 0 ? 1 : 0
        case .sigmoid: h * (1 - h)
        }
    }
    // end listing
}
