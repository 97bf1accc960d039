import Foundation
import CGSLOpenBLAS

/// Which code computes matrix products: the hand-written loops the chapters teach, or
/// OpenBLAS's `dgemm`. Both give the same products up to rounding (a test checks it on
/// random shapes); OpenBLAS is 10–20× faster at the sizes the chapters train with.
/// `WORKBOOK_KERNELS=reference` selects the hand-written loops for a whole process.
public enum MatrixKernel: String, Sendable, Codable {
    case reference
    case openBLAS = "OpenBLAS"

    /// The process's kernel, read once from `WORKBOOK_KERNELS`. OpenBLAS runs on one thread:
    /// test suites already run in parallel, and one thread keeps its sums in a fixed order.
    public static let active: MatrixKernel = {
        openblas_set_num_threads(1)
        return ProcessInfo.processInfo.environment["WORKBOOK_KERNELS"] == "reference" ? .reference : .openBLAS
    }()

    /// The kernels OpenBLAS chose for this CPU ("SkylakeX", "Haswell", "Prescott", …) and its build.
    public static var openBLASConfiguration: String {
        "\(String(cString: openblas_get_corename())) kernels (\(String(cString: openblas_get_config()).trimmingCharacters(in: .whitespaces)))"
    }

    /// Lets OpenBLAS use `threads` threads from now on (the benchmark measures 1 and 2);
    /// throws `ArgumentError` for fewer than 1 (OpenBLAS would read 0 as "all cores").
    public static func setOpenBLASThreads(_ threads: Int) throws {
        try ArgumentError.requireAtLeast(1, threads, "threads")
        _ = active
        openblas_set_num_threads(Int32(threads))
    }
}

extension Matrix {
    /// `self · other`; throws unless `columns == other.rows`.
    public func multiplied(by other: Matrix, kernel: MatrixKernel = .active) throws -> Matrix {
        try ArgumentError.require(columns == other.rows, "shapes", "\(rows)x\(columns) · \(other.rows)x\(other.columns)",
                                  allowed: "A·B needs A's columns equal to B's rows")
        return product(other, kernel: kernel)
    }

    /// `selfᵀ · other`, without forming the transpose; throws unless `rows == other.rows`.
    public func transposeMultiplied(by other: Matrix, kernel: MatrixKernel = .active) throws -> Matrix {
        try ArgumentError.require(rows == other.rows, "shapes", "(\(rows)x\(columns))ᵀ · \(other.rows)x\(other.columns)",
                                  allowed: "Aᵀ·B needs A's rows equal to B's rows")
        return transposeProduct(other, kernel: kernel)
    }

    /// `self · otherᵀ`, without forming the transpose; throws unless `columns == other.columns`.
    public func multipliedByTranspose(of other: Matrix, kernel: MatrixKernel = .active) throws -> Matrix {
        try ArgumentError.require(columns == other.columns, "shapes", "\(rows)x\(columns) · (\(other.rows)x\(other.columns))ᵀ",
                                  allowed: "A·Bᵀ needs A's columns equal to B's columns")
        return productWithTranspose(other, kernel: kernel)
    }

    /// `self · other` for shapes the workbook's own code has made agree.
    package func product(_ other: Matrix, kernel: MatrixKernel = .active) -> Matrix {
        precondition(columns == other.rows, "internal: product shapes")
        switch kernel {
        case .reference: return referenceProduct(other)
        case .openBLAS: return gemm(self, transposeA: false, other, transposeB: false, rows: rows, columns: other.columns, inner: columns)
        }
    }

    /// `selfᵀ · other` for shapes the workbook's own code has made agree.
    package func transposeProduct(_ other: Matrix, kernel: MatrixKernel = .active) -> Matrix {
        precondition(rows == other.rows, "internal: transpose-product shapes")
        switch kernel {
        case .reference: return referenceTransposeProduct(other)
        case .openBLAS: return gemm(self, transposeA: true, other, transposeB: false, rows: columns, columns: other.columns, inner: rows)
        }
    }

    /// `self · otherᵀ` for shapes the workbook's own code has made agree.
    package func productWithTranspose(_ other: Matrix, kernel: MatrixKernel = .active) -> Matrix {
        precondition(columns == other.columns, "internal: product-with-transpose shapes")
        switch kernel {
        case .reference: return referenceProductWithTranspose(other)
        case .openBLAS: return gemm(self, transposeA: false, other, transposeB: true, rows: rows, columns: other.rows, inner: columns)
        }
    }

    func referenceProduct(_ other: Matrix) -> Matrix {
        var result = Matrix.zeros(rows, other.columns)
        result.withUnsafeMutableEntries { c in
            entries.withUnsafeBufferPointer { a in
                other.entries.withUnsafeBufferPointer { b in
                    referenceMatrixProduct(a, b, into: c, rows: rows, inner: columns, columns: other.columns)
                }
            }
        }
        return result
    }

    /// C = Aᵀ·B: row r of A scatters into every row of C.
    func referenceTransposeProduct(_ other: Matrix) -> Matrix {
        var result = Matrix.zeros(columns, other.columns)
        let n = other.columns
        result.withUnsafeMutableEntries { c in
            entries.withUnsafeBufferPointer { a in
                other.entries.withUnsafeBufferPointer { b in
                    for r in 0..<rows {
                        for i in 0..<columns {
                            let ari = a[r * columns + i]
                            for j in 0..<n { c[i * n + j] += ari * b[r * n + j] }
                        }
                    }
                }
            }
        }
        return result
    }

    /// C = A·Bᵀ: each entry is the dot product of a row of A and a row of B.
    func referenceProductWithTranspose(_ other: Matrix) -> Matrix {
        var result = Matrix.zeros(rows, other.rows)
        let inner = columns
        result.withUnsafeMutableEntries { c in
            entries.withUnsafeBufferPointer { a in
                other.entries.withUnsafeBufferPointer { b in
                    for i in 0..<rows {
                        for j in 0..<other.rows {
                            var sum = 0.0
                            for k in 0..<inner { sum += a[i * inner + k] * b[j * inner + k] }
                            c[i * other.rows + j] = sum
                        }
                    }
                }
            }
        }
        return result
    }
}

// listing: reference-matmul
/// C = A·B in i-k-j order: the inner loop walks a row of B and a row of C, both contiguous.
/// Generic so the benchmark's fp32 figures come from the same loop as the fp64 ones.
func referenceMatrixProduct<T: FloatingPoint>(
    _ a: UnsafeBufferPointer<T>, _ b: UnsafeBufferPointer<T>, into c: UnsafeMutableBufferPointer<T>,
    rows: Int, inner: Int, columns n: Int
) {
    for i in 0..<rows {
        for k in 0..<inner {
            let aik = a[i * inner + k]
            for j in 0..<n { c[i * n + j] += aik * b[k * n + j] }
        }
    }
}
// end listing

/// C (rows × columns) = op(A)·op(B) by OpenBLAS, every matrix row-major as stored.
private func gemm(_ a: Matrix, transposeA: Bool, _ b: Matrix, transposeB: Bool, rows: Int, columns: Int, inner: Int) -> Matrix {
    var result = Matrix.zeros(rows, columns)
    guard rows > 0, columns > 0, inner > 0 else { return result }
    result.withUnsafeMutableEntries { c in
        cblas_dgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                    Int32(rows), Int32(columns), Int32(inner), 1, a.entries, Int32(a.columns),
                    b.entries, Int32(b.columns), 0, c.baseAddress, Int32(columns))
    }
    return result
}

// MARK: - Single precision, for the benchmark

/// C = A·B for n×n row-major Float matrices: the reference loops (as `referenceProduct`) or
/// OpenBLAS's `sgemm`. The workbook trains in Double; this exists so `workbook bench` can
/// report fp32 figures beside fp64 ones.
/// Throws unless n ≥ 0 and both have n² entries.
public func squareProductFloat(_ a: [Float], _ b: [Float], n: Int, kernel: MatrixKernel) throws -> [Float] {
    try ArgumentError.require(n >= 0, "n", n, allowed: "must be ≥ 0")
    let entries = try ArgumentError.checkedProduct([n, n], "n")
    try ArgumentError.require(a.count == entries && b.count == entries, "entry counts", "n = \(n), \(a.count) and \(b.count)",
                              allowed: "two n×n matrices need n² entries each")
    var c = [Float](repeating: 0, count: n * n)
    switch kernel {
    case .openBLAS:
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(n), Int32(n), Int32(n), 1, a, Int32(n), b, Int32(n), 0, &c, Int32(n))
    case .reference:
        c.withUnsafeMutableBufferPointer { c in
            a.withUnsafeBufferPointer { a in
                b.withUnsafeBufferPointer { b in referenceMatrixProduct(a, b, into: c, rows: n, inner: n, columns: n) }
            }
        }
    }
    return c
}
