@preconcurrency import CGSLOpenBLAS

/// A derivative estimated by GSL together with GSL's own bound on its absolute error.
public struct NumericDerivative: Sendable, Equatable {
    public let value: Double
    public let absoluteErrorEstimate: Double
}

/// Carries a Swift closure through GSL's `void *params`.
private final class ScalarFunctionBox {
    let function: (Double) -> Double
    init(_ function: @escaping (Double) -> Double) { self.function = function }
}

/// The derivative of `f` at `x` by GSL's adaptive central difference (`gsl_deriv_central`):
/// a 5-point rule whose step is refined from `initialStep`, with an error estimate that
/// combines rounding and truncation error.
public func centralDerivative(
    of f: (Double) -> Double,
    at x: Double,
    initialStep: Double = 1e-4
) throws -> NumericDerivative {
    GSLRuntime.prepare()
    return try withoutActuallyEscaping(f) { escapable in
        let box = ScalarFunctionBox(escapable)
        let context = Unmanaged.passRetained(box)
        defer { context.release() }
        var function = gsl_function(
            function: { x, params in
                Unmanaged<ScalarFunctionBox>.fromOpaque(params!).takeUnretainedValue().function(x)
            },
            params: context.toOpaque()
        )
        var value = 0.0
        var error = 0.0
        let status = gsl_deriv_central(&function, x, initialStep, &value, &error)
        try GSLRuntime.check(status, "gsl_deriv_central at x = \(x)")
        return NumericDerivative(value: value, absoluteErrorEstimate: error)
    }
}
