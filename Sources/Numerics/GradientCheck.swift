import GSL

/// An analytic gradient judged against GSL's numeric differentiation, one coordinate at a time.
///
/// Coordinate i passes when |analytic − numeric| ≤ gslError + relativeTolerance · max(|analytic|, |numeric|):
/// GSL's own error estimate for the central difference, plus a stated relative bound.
public struct GradientCheck: Sendable {
    public struct Coordinate: Sendable {
        public let index: Int
        public let analytic: Double
        public let numeric: Double
        public let gslErrorEstimate: Double
        public let allowedDifference: Double

        public var difference: Double { abs(analytic - numeric) }
        public var passes: Bool { difference <= allowedDifference }
        /// |analytic − numeric| / max(|analytic|, |numeric|); 0 when both are exactly 0.
        public var relativeError: Double {
            let scale = max(abs(analytic), abs(numeric))
            return scale == 0 ? 0 : difference / scale
        }
    }

    public let coordinates: [Coordinate]
    public let relativeTolerance: Double

    /// Checks `gradient`, claimed to be ∇f at `point`.
    public init(
        function f: ([Double]) -> Double,
        gradient: [Double],
        at point: [Double],
        relativeTolerance: Double,
        initialStep: Double = 1e-4
    ) throws {
        precondition(gradient.count == point.count, "gradient has \(gradient.count) entries for \(point.count) parameters")
        self.relativeTolerance = relativeTolerance
        // listing: gradient-check-rule
        coordinates = try point.indices.map { i in
            let numeric = try centralDerivative(of: { xi in
                var shifted = point
                shifted[i] = xi
                return f(shifted)
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
