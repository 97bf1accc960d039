/// The nearest-rank `q`-quantile of `values` (q in (0, 1]): the smallest value with at least
/// a fraction q of the values at or below it, so always one of the values (Hyndman & Fan's
/// definition 1; p90 of ten latencies is the ninth smallest); 0 for none.
public func quantile(_ values: [Double], _ q: Double) -> Double {
    guard !values.isEmpty else { return 0 }
    let sorted = values.sorted()
    let rank = max(1, Int((q * Double(sorted.count)).rounded(.up)))
    return sorted[min(rank, sorted.count) - 1]
}
