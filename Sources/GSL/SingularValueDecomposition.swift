@preconcurrency import CGSLOpenBLAS

/// A thin singular value decomposition M = U·diag(σ)·Vᵀ of an m × n matrix: U is m × k, V is
/// n × k (row-major), σ has k = min(m, n) values in descending order, all ≥ 0.
public struct SingularValueDecomposition: Sendable {
    public let rows: Int, columns: Int
    public let u: [Double]
    public let singularValues: [Double]
    public let v: [Double]

    /// Decomposes a row-major `rows` × `columns` matrix with GSL's one-sided Jacobi method
    /// (`gsl_linalg_SV_decomp_jacobi`, accurate to rounding even for small singular values;
    /// a wide matrix is decomposed as its transpose). Throws `GSLError` (`GSL_EINVAL`) unless
    /// both sizes are 1 to 4096, there are rows·columns entries and all are finite.
    public init(_ rowMajor: [Double], rows m: Int, columns n: Int) throws {
        guard (1...4096).contains(m), (1...4096).contains(n), rowMajor.count == m * n else {
            throw GSLError.invalidArgument("rowMajor.count = \(rowMajor.count): a \(m) × \(n) matrix needs sizes 1 to 4096 and m·n entries")
        }
        if let bad = rowMajor.firstIndex(where: { !$0.isFinite }) {
            throw GSLError.invalidArgument("rowMajor[\(bad)] = \(rowMajor[bad]): entries must be finite")
        }
        rows = m
        columns = n
        // GSL needs at least as many rows as columns: a wide M is decomposed as Mᵀ = V·σ·Uᵀ.
        let tall = m >= n, (r, c) = tall ? (m, n) : (n, m)
        var a = tall ? rowMajor : (0..<(m * n)).map { rowMajor[($0 % m) * n + $0 / m] }
        var vt = [Double](repeating: 0, count: c * c), s = [Double](repeating: 0, count: c)
        GSLRuntime.prepare()
        let status = a.withUnsafeMutableBufferPointer { ab in
            vt.withUnsafeMutableBufferPointer { vb in
                s.withUnsafeMutableBufferPointer { sb -> Int32 in
                    var am = gsl_matrix_view_array(ab.baseAddress, r, c)
                    var vm = gsl_matrix_view_array(vb.baseAddress, c, c)
                    var sv = gsl_vector_view_array(sb.baseAddress, c)
                    return gsl_linalg_SV_decomp_jacobi(&am.matrix, &vm.matrix, &sv.vector)
                }
            }
        }
        try GSLRuntime.check(status, "gsl_linalg_SV_decomp_jacobi on a \(r)x\(c) matrix")
        // GSL leaves the left factor (r × c) in `a` and the right one (c × c) in `vt`.
        singularValues = s
        u = tall ? a : vt
        v = tall ? vt : a
    }

    /// The rank-`rank` truncation U_r·diag(σ_r)·V_rᵀ (row-major, rows × columns): by the
    /// Eckart–Young theorem the closest matrix of that rank in the Frobenius norm. Throws
    /// `GSLError` (`GSL_EINVAL`) for a rank outside 0...min(rows, columns).
    public func truncated(rank: Int) throws -> [Double] {
        let k = singularValues.count
        guard (0...k).contains(rank) else { throw GSLError.invalidArgument("rank = \(rank): must be in 0...\(k)") }
        var result = [Double](repeating: 0, count: rows * columns)
        for i in 0..<rows {
            for j in 0..<columns {
                var sum = 0.0
                for l in 0..<rank { sum += u[i * k + l] * singularValues[l] * v[j * k + l] }
                result[i * columns + j] = sum
            }
        }
        return result
    }

    /// ‖M − M_r‖_F for the rank-`rank` truncation: the norm of the discarded singular values,
    /// √(σ²_{r+1} + … + σ²_k) (Eckart–Young). Throws as `truncated(rank:)`.
    public func truncationError(rank: Int) throws -> Double {
        guard (0...singularValues.count).contains(rank) else {
            throw GSLError.invalidArgument("rank = \(rank): must be in 0...\(singularValues.count)")
        }
        return singularValues[rank...].reduce(0) { $0 + $1 * $1 }.squareRoot()
    }
}
