@preconcurrency import CGSLOpenBLAS

/// A derivative estimated by GSL together with GSL's own bound on its absolute error.
public struct NumericDerivative: Sendable, Equatable {
    public let value: Double
    public let absoluteErrorEstimate: Double
}

/// Carries a Swift closure through GSL's `void *params`. GSL's callback cannot throw, so the
/// first error `function` throws is kept here (GSL gets NaN) and rethrown afterwards.
private final class ScalarFunctionBox {
    let function: (Double) throws -> Double
    var error: Error?
    init(_ function: @escaping (Double) throws -> Double) { self.function = function }

    func call(_ x: Double) -> Double {
        guard error == nil else { return .nan }
        do { return try function(x) } catch {
            self.error = error
            return .nan
        }
    }
}

/// The derivative of `f` at `x` by GSL's adaptive central difference (`gsl_deriv_central`):
/// a 5-point rule whose step is refined from `initialStep`, with an error estimate that
/// combines rounding and truncation error. Rethrows the first error `f` throws; throws
/// `GSLError` (`GSL_EINVAL`) for a step that is not a finite number above 0.
public func centralDerivative(
    of f: (Double) throws -> Double,
    at x: Double,
    initialStep: Double = 1e-4
) throws -> NumericDerivative {
    GSLRuntime.prepare()
    guard x.isFinite else { throw GSLError.invalidArgument("x = \(x): the point must be finite") }
    guard initialStep.isFinite, initialStep > 0 else {
        throw GSLError.invalidArgument("initialStep = \(initialStep): must be a finite number above 0")
    }
    return try withoutActuallyEscaping(f) { escapable in
        let box = ScalarFunctionBox(escapable)
        let context = Unmanaged.passRetained(box)
        defer { context.release() }
        var function = gsl_function(
            function: { x, params in
                Unmanaged<ScalarFunctionBox>.fromOpaque(params!).takeUnretainedValue().call(x)
            },
            params: context.toOpaque()
        )
        var value = 0.0
        var error = 0.0
        let status = gsl_deriv_central(&function, x, initialStep, &value, &error)
        if let thrown = box.error { throw thrown }
        try GSLRuntime.check(status, "gsl_deriv_central at x = \(x)")
        return NumericDerivative(value: value, absoluteErrorEstimate: error)
    }
}
