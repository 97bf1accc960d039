import Foundation

// listing: stable-sigmoid
/// σ(z) = 1 / (1 + e^(−z)), evaluated so that e^x is only ever taken of x ≤ 0:
/// for z ≥ 0 directly, for z < 0 as e^z / (1 + e^z). Never overflows, never returns NaN.
public func sigmoid(_ z: Double) -> Double {
    if z >= 0 {
        return 1 / (1 + exp(-z))
    } else {
        let ez = exp(z)
        return ez / (1 + ez)
    }
}

/// softplus(z) = log(1 + e^z) = max(z, 0) + log1p(e^(−|z|)): exact for large |z|,
/// where the naive form overflows (z ≫ 0) or loses every digit (z ≪ 0).
public func softplus(_ z: Double) -> Double {
    max(z, 0) + log1p(exp(-abs(z)))
}
// end listing

/// log Σ exp(xᵢ), shifted by the maximum so no term overflows.
public func logSumExp(_ values: [Double]) -> Double {
    guard let maximum = values.max() else { return -.infinity }
    guard maximum.isFinite else { return maximum }
    return maximum + log(values.reduce(0) { $0 + exp($1 - maximum) })
}
