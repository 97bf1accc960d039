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
    let evaluate: ([Double]) -> (value: Double, gradient: [Double])
    let dimension: Int
    init(_ evaluate: @escaping ([Double]) -> (value: Double, gradient: [Double]), dimension: Int) {
        self.evaluate = evaluate
        self.dimension = dimension
    }

    func call(_ x: UnsafePointer<gsl_vector>?) -> (Double, [Double]) {
        evaluate((0..<dimension).map { gsl_vector_get(x, $0) })
    }
}

/// Minimizes a smooth function with GSL's `vector_bfgs2` until the gradient norm falls
/// below `gradientTolerance` (GSL's `gsl_multimin_test_gradient`) or `maxIterations` pass.
public func minimizeBFGS(
    start: [Double], gradientTolerance: Double = 1e-8, maxIterations: Int = 10_000,
    _ evaluate: @escaping ([Double]) -> (value: Double, gradient: [Double])
) throws -> Minimum {
    GSLRuntime.prepare()
    let n = start.count
    let box = Unmanaged.passRetained(ObjectiveBox(evaluate, dimension: n))
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
        if status == Int32(GSL_ENOPROG) { break }   // no further progress possible: at the minimum to machine precision
        try GSLRuntime.check(status, "gsl_multimin_fdfminimizer_iterate (iteration \(iterations))")
        if gsl_multimin_test_gradient(minimizer.pointee.gradient, gradientTolerance) == Int32(GSL_SUCCESS) { break }
    }
    let point = (0..<n).map { gsl_vector_get(minimizer.pointee.x, $0) }
    return Minimum(point: point, value: minimizer.pointee.f, iterations: iterations,
                   gradientNorm: gsl_blas_dnrm2(minimizer.pointee.gradient))
}
