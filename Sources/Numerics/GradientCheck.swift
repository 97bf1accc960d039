import GSL

/// An analytic gradient judged against GSL's numeric differentiation, one coordinate at a time.
///
/// Coordinate i passes when |analytic − numeric| ≤ gslError + relativeTolerance · max(|analytic|, |numeric|):
/// GSL's own error estimate for the central difference, plus a stated relative bound. A
/// coordinate whose analytic or numeric value (or GSL's estimate) is not finite fails, and
/// its relative error counts as +∞: an infinite allowance would otherwise pass anything.
public struct GradientCheck: Sendable {
    public struct Coordinate: Sendable, CustomStringConvertible {
        public let index: Int
        public let analytic: Double
        public let numeric: Double
        public let gslErrorEstimate: Double
        public let allowedDifference: Double

        public var difference: Double { abs(analytic - numeric) }
        /// True when the analytic value, the numeric value and GSL's estimate are all finite.
        public var isFinite: Bool { analytic.isFinite && numeric.isFinite && gslErrorEstimate.isFinite }
        public var passes: Bool { isFinite && difference <= allowedDifference }
        /// |analytic − numeric| / max(|analytic|, |numeric|); 0 when both are exactly 0, +∞
        /// when a value is not finite.
        public var relativeError: Double {
            guard isFinite else { return .infinity }
            let scale = max(abs(analytic), abs(numeric))
            return scale == 0 ? 0 : difference / scale
        }
        /// Why the coordinate fails, or nil when it passes.
        public var failureReason: String? {
            if !isFinite {
                return "coordinate \(index): not finite (analytic \(analytic), numeric \(numeric), GSL estimate \(gslErrorEstimate))"
            }
            return passes ? nil : "coordinate \(index): |\(analytic) − \(numeric)| = \(difference) > allowed \(allowedDifference)"
        }
        /// One readable line (what a failing test prints for it): why it fails, or that it passes.
        public var description: String {
            failureReason ?? "coordinate \(index): analytic \(analytic) and numeric \(numeric) agree within \(allowedDifference)"
        }
    }

    public let coordinates: [Coordinate]
    public let relativeTolerance: Double

    /// Checks `gradient`, claimed to be ∇f at `point`. Throws `ArgumentError` unless the
    /// gradient has one entry per coordinate, the tolerance is finite and ≥ 0 and the step
    /// above 0; `GSLError` if GSL's differentiation fails.
    public init(
        function f: ([Double]) throws -> Double,
        gradient: [Double],
        at point: [Double],
        relativeTolerance: Double,
        initialStep: Double = 1e-4
    ) throws {
        try ArgumentError.require(gradient.count == point.count, "gradient.count", gradient.count,
                                  allowed: "one partial derivative per coordinate of the point (\(point.count))")
        try ArgumentError.require(relativeTolerance.isFinite && relativeTolerance >= 0, "relativeTolerance", relativeTolerance,
                                  allowed: "must be finite and ≥ 0")
        try ArgumentError.requirePositive(initialStep, "initialStep")
        self.relativeTolerance = relativeTolerance
        // listing: gradient-check-rule
        coordinates = try point.indices.map { i in
            let numeric = try centralDerivative(of: { xi in
                var shifted = point
                shifted[i] = xi
                return try f(shifted)
            }, at: point[i], initialStep: initialStep)
            let scale = max(abs(gradient[i]), abs(numeric.value))
            return Coordinate(
                index: i,
                analytic: gradient[i],
                numeric: numeric.value,
                gslErrorEstimate: numeric.absoluteErrorEstimate,
                allowedDifference: numeric.absoluteErrorEstimate + relativeTolerance * scale
            )
        }
        // end listing
    }

    public var passes: Bool { coordinates.allSatisfy(\.passes) }
    public var maxRelativeError: Double { coordinates.map(\.relativeError).max() ?? 0 }
    public var failures: [Coordinate] { coordinates.filter { !$0.passes } }
}
