@preconcurrency import CGSLOpenBLAS

/// The eigenvalues of a symmetric `n`×`n` matrix given row-major, in ascending order
/// (GSL's `gsl_eigen_symm`). Throws `GSLError` (`GSL_EINVAL`) unless n ≥ 1 and there are n² entries.
public func symmetricEigenvalues(of rowMajor: [Double], dimension n: Int) throws -> [Double] {
    guard n >= 1, rowMajor.count == n * n else {
        throw GSLError.invalidArgument("rowMajor.count = \(rowMajor.count): dimension \(n) needs n ≥ 1 and n² entries")
    }
    GSLRuntime.prepare()
    var entries = rowMajor
    guard let values = gsl_vector_alloc(n), let workspace = gsl_eigen_symm_alloc(n) else {
        fatalError("GSL allocation failed: out of memory")
    }
    defer {
        gsl_vector_free(values)
        gsl_eigen_symm_free(workspace)
    }
    let status = entries.withUnsafeMutableBufferPointer { buffer -> Int32 in
        var view = gsl_matrix_view_array(buffer.baseAddress, n, n)
        return gsl_eigen_symm(&view.matrix, values, workspace)
    }
    try GSLRuntime.check(status, "gsl_eigen_symm on a \(n)x\(n) matrix")
    return (0..<n).map { gsl_vector_get(values, $0) }.sorted()
}
