/// The median of `values`: the middle one, or the mean of the two middle ones for an even
/// count; NaN for none. (Timings are reported as medians: one slow outlier does not move it.)
public func median(_ values: [Double]) -> Double {
    let sorted = values.sorted(), n = sorted.count
    guard n > 0 else { return .nan }
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2
}
