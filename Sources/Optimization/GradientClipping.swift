import AutogradEngine

// listing: clipping
/// Scales all gradients together so that their joint (global) L2 norm is at most `maxNorm`,
/// keeping the update's direction and bounding its size. Returns the norm before clipping.
@discardableResult
public func clipGradientNorm(_ parameters: [Tensor], maxNorm: Double) -> Double {
    let norm = parameters.reduce(0) { sum, p in sum + (p.gradient ?? []).reduce(0) { $0 + $1 * $1 } }.squareRoot()
    if norm > maxNorm {
        let factor = maxNorm / (norm + 1e-6)
        parameters.forEach { $0.scaleGradient(by: factor) }
    }
    return norm
}
// end listing
