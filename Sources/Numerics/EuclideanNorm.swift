import Foundation

// listing: euclidean-norm
/// √(Σ xᵢ²) over every entry of `parts`, without overflow or underflow: each entry is first
/// divided by the largest |xᵢ| = m, so the squares lie in [0, 1], and the root is multiplied
/// by m again (the scaling LAPACK's `dnrm2` uses). NaN if an entry is NaN, ∞ if one is ±∞.
public func euclideanNorm(_ parts: [[Double]]) -> Double {
    var largest = 0.0
    for part in parts {
        for x in part {
            if x.isNaN { return .nan }
            largest = max(largest, abs(x))
        }
    }
    guard largest > 0, largest.isFinite else { return largest }
    var sum = 0.0
    for part in parts {
        for x in part { sum += (x / largest) * (x / largest) }
    }
    return largest * sum.squareRoot()
}
// end listing
