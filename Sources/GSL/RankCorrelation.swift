@preconcurrency import CGSLOpenBLAS

/// Spearman's rank correlation ρ of two samples (GSL's `gsl_stats_spearman`): Pearson's
/// correlation of their ranks, ties given their mean rank; 1 when the two order the items the
/// same way, −1 when reversed. Throws `GSLError` (`GSL_EINVAL`) unless the samples have the
/// same length, at least 2, and are finite. NaN when one sample is constant.
public func spearmanCorrelation(_ x: [Double], _ y: [Double]) throws -> Double {
    guard x.count == y.count, x.count >= 2 else {
        throw GSLError.invalidArgument("x.count = \(x.count), y.count = \(y.count): two samples of the same length, at least 2")
    }
    if let bad = (x + y).firstIndex(where: { !$0.isFinite }) {
        throw GSLError.invalidArgument("sample value \(bad) = \((x + y)[bad]): values must be finite")
    }
    GSLRuntime.prepare()
    var work = [Double](repeating: 0, count: 2 * x.count)
    return x.withUnsafeBufferPointer { a in
        y.withUnsafeBufferPointer { b in gsl_stats_spearman(a.baseAddress, 1, b.baseAddress, 1, x.count, &work) }
    }
}
