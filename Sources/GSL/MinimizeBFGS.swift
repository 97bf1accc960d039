@preconcurrency import CGSLOpenBLAS

/// Where GSL's BFGS minimizer stopped.
public struct Minimum: Sendable {
    public let point: [Double]
    public let value: Double
    public let iterations: Int
    /// The gradient's Euclidean norm at `point`.
    public let gradientNorm: Double
}

/// A function with its gradient, carried through GSL's `void *params`.
private final class ObjectiveBox {
    let evaluate: ([Double]) throws -> (value: Double, gradient: [Double])
    let dimension: Int
    /// The first error `evaluate` threw (GSL's callbacks cannot throw; GSL then sees NaN).
    var error: Error?
    /// The length of the first gradient that did not have `dimension` entries, if any.
    var wrongGradientLength: Int?
    init(_ evaluate: @escaping ([Double]) throws -> (value: Double, gradient: [Double]), dimension: Int) {
        self.evaluate = evaluate
        self.dimension = dimension
    }

    /// The function's value and gradient at x; a gradient of the wrong length is recorded
    /// (GSL's callbacks cannot throw) and padded or cut to `dimension`, so nothing is written
    /// outside GSL's vector.
    func call(_ x: UnsafePointer<gsl_vector>?) -> (Double, [Double]) {
        let point = (0..<dimension).map { gsl_vector_get(x, $0) }
        guard error == nil else { return (.nan, Array(repeating: .nan, count: dimension)) }
        let value: Double, gradient: [Double]
        do { (value, gradient) = try evaluate(point) } catch {
            self.error = error
            return (.nan, Array(repeating: .nan, count: dimension))
        }
        guard gradient.count != dimension else { return (value, gradient) }
        if wrongGradientLength == nil { wrongGradientLength = gradient.count }
        return (value, Array((gradient + Array(repeating: 0, count: dimension)).prefix(dimension)))
    }
}

/// Minimizes a smooth function with GSL's `vector_bfgs2` until the gradient norm falls
/// below `gradientTolerance` (GSL's `gsl_multimin_test_gradient`) or `maxIterations` pass.
/// Throws `GSLError` (`GSL_EINVAL`) for an empty start, a tolerance that is not positive, no
/// iterations, or an `evaluate` whose gradient does not have one entry per coordinate.
public func minimizeBFGS(
    start: [Double], gradientTolerance: Double = 1e-8, maxIterations: Int = 10_000,
    _ evaluate: @escaping ([Double]) throws -> (value: Double, gradient: [Double])
) throws -> Minimum {
    GSLRuntime.prepare()
    let n = start.count
    guard n >= 1 else { throw GSLError.invalidArgument("start.count = 0: BFGS needs at least one coordinate") }
    if let bad = start.firstIndex(where: { !$0.isFinite }) {
        throw GSLError.invalidArgument("start[\(bad)] = \(start[bad]): the starting point must be finite")
    }
    guard gradientTolerance > 0 else { throw GSLError.invalidArgument("gradientTolerance = \(gradientTolerance): must be above 0") }
    guard maxIterations >= 1 else { throw GSLError.invalidArgument("maxIterations = \(maxIterations): must be at least 1") }
    let objective = ObjectiveBox(evaluate, dimension: n)
    let box = Unmanaged.passRetained(objective)
    defer { box.release() }
    // GSL keeps a pointer to this struct for the minimizer's lifetime: it lives on the heap.
    let function = UnsafeMutablePointer<gsl_multimin_function_fdf>.allocate(capacity: 1)
    defer { function.deallocate() }
    function.initialize(to: gsl_multimin_function_fdf(
        f: { x, params in Unmanaged<ObjectiveBox>.fromOpaque(params!).takeUnretainedValue().call(x).0 },
        df: { x, params, g in
            let gradient = Unmanaged<ObjectiveBox>.fromOpaque(params!).takeUnretainedValue().call(x).1
            for (i, value) in gradient.enumerated() { gsl_vector_set(g, i, value) }
        },
        fdf: { x, params, f, g in
            let (value, gradient) = Unmanaged<ObjectiveBox>.fromOpaque(params!).takeUnretainedValue().call(x)
            f!.pointee = value
            for (i, component) in gradient.enumerated() { gsl_vector_set(g, i, component) }
        },
        n: n, params: box.toOpaque()))

    guard let x0 = gsl_vector_alloc(n), let minimizer = gsl_multimin_fdfminimizer_alloc(gsl_multimin_fdfminimizer_vector_bfgs2, n) else {
        fatalError("GSL allocation failed: out of memory")
    }
    defer {
        gsl_vector_free(x0)
        gsl_multimin_fdfminimizer_free(minimizer)
    }
    for (i, value) in start.enumerated() { gsl_vector_set(x0, i, value) }
    try GSLRuntime.check(gsl_multimin_fdfminimizer_set(minimizer, function, x0, 0.01, 0.1), "gsl_multimin_fdfminimizer_set")

    var iterations = 0
    while iterations < maxIterations {
        iterations += 1
        let status = gsl_multimin_fdfminimizer_iterate(minimizer)
        if let thrown = objective.error { throw thrown }
        guard minimizer.pointee.f.isFinite else {
            throw GSLError.invalidArgument("evaluate returned \(minimizer.pointee.f) at iteration \(iterations + 1): the objective must stay finite")
        }
        if status == Int32(GSL_ENOPROG) { break }   // no further progress possible: at the minimum to machine precision
        try GSLRuntime.check(status, "gsl_multimin_fdfminimizer_iterate (iteration \(iterations))")
        if gsl_multimin_test_gradient(minimizer.pointee.gradient, gradientTolerance) == Int32(GSL_SUCCESS) { break }
    }
    if let thrown = objective.error { throw thrown }
    if let length = objective.wrongGradientLength {
        throw GSLError.invalidArgument("gradient.count = \(length): evaluate must return one partial derivative per coordinate (\(n))")
    }
    let point = (0..<n).map { gsl_vector_get(minimizer.pointee.x, $0) }
    return Minimum(point: point, value: minimizer.pointee.f, iterations: iterations,
                   gradientNorm: gsl_blas_dnrm2(minimizer.pointee.gradient))
}
