@preconcurrency import CGSLOpenBLAS

/// The eigenvalues of a symmetric `n`×`n` matrix given row-major, in ascending order
/// (GSL's `gsl_eigen_symm`). Throws `GSLError` (`GSL_EINVAL`) unless n ≥ 1, there are n²
/// entries, all finite, and the matrix is symmetric (GSL would read only its lower triangle).
public func symmetricEigenvalues(of rowMajor: [Double], dimension n: Int) throws -> [Double] {
    guard n >= 1, n <= 1 << 16, rowMajor.count == n * n else {
        throw GSLError.invalidArgument("rowMajor.count = \(rowMajor.count): dimension \(n) needs 1 ≤ n ≤ 65536 and n² entries")
    }
    if let bad = rowMajor.firstIndex(where: { !$0.isFinite }) {
        throw GSLError.invalidArgument("rowMajor[\(bad)] = \(rowMajor[bad]): entries must be finite")
    }
    let scale = rowMajor.map(abs).max() ?? 0
    for i in 0..<n {
        for j in 0..<i where abs(rowMajor[i * n + j] - rowMajor[j * n + i]) > 1e-12 * scale {
            throw GSLError.invalidArgument("entries (\(i), \(j)) = \(rowMajor[i * n + j]) and (\(j), \(i)) = \(rowMajor[j * n + i]): the matrix must be symmetric")
        }
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
