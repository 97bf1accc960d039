import AutogradEngine
import Numerics

// listing: clipping
/// Scales all gradients together so that their joint (global) L2 norm is at most `maxNorm`,
/// keeping the update's direction and bounding its size. Returns the norm before clipping,
/// computed without overflow (`euclideanNorm`: gradients of 1e200 have the finite norm
/// 1.41e200, not ∞). A norm that is NaN or ∞ means a gradient already is: with
/// `errorIfNonFinite` (PyTorch's `clip_grad_norm_` flag, on by default here) that throws
/// `NonFiniteValueError` instead of scaling every gradient to 0 or NaN. Throws
/// `ArgumentError` for a `maxNorm` that is not a finite number above 0.
@discardableResult
public func clipGradientNorm(_ parameters: [Tensor], maxNorm: Double, errorIfNonFinite: Bool = true) throws -> Double {
    try ArgumentError.requirePositive(maxNorm, "maxNorm")
    let norm = euclideanNorm(parameters.map { $0.gradient ?? [] })
    if errorIfNonFinite { try NonFiniteValueError.check([norm], "gradient norm", step: nil) }
    if norm > maxNorm {
        let factor = maxNorm / (norm + 1e-6)
        parameters.forEach { $0.scaleGradient(by: factor) }
    }
    return norm
}
// end listing
