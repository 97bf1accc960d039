import Foundation
import CGSLOpenBLAS
import CVectorMath
import Numerics

/// A floating-point type the fused GPT can run in: Float for speed (OpenBLAS sgemm), Double
/// to compare with the engine to rounding error (dgemm).
public protocol GPTScalar: BinaryFloatingPoint, Sendable {
    static func exponential(_ x: Self) -> Self
    static func errorFunction(_ x: Self) -> Self
    /// C = α·op(A)·op(B) + β·C on row-major matrices with leading dimensions (CBLAS gemm).
    static func gemm(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Self,
                     _ a: UnsafePointer<Self>, _ lda: Int, _ b: UnsafePointer<Self>, _ ldb: Int,
                     beta: Self, _ c: UnsafeMutablePointer<Self>, _ ldc: Int)
    /// out = erf(x) and out = eˣ over arrays (`out` may be `x`).
    static func errorFunction(_ x: UnsafePointer<Self>, _ out: UnsafeMutablePointer<Self>, count: Int)
    static func exponential(_ x: UnsafePointer<Self>, _ out: UnsafeMutablePointer<Self>, count: Int)
}

private func transpose(_ flag: Bool) -> CBLAS_TRANSPOSE { flag ? CblasTrans : CblasNoTrans }

extension Float: GPTScalar {
    /// glibc's vector erff/expf (libmvec), within a few ulps of the scalar ones.
    public static func errorFunction(_ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, count: Int) {
        workbook_erff(x, out, count)
    }
    public static func exponential(_ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, count: Int) {
        workbook_expf(x, out, count)
    }
    public static func exponential(_ x: Float) -> Float { Foundation.exp(x) }
    public static func errorFunction(_ x: Float) -> Float { Foundation.erf(x) }
    public static func gemm(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Float,
                            _ a: UnsafePointer<Float>, _ lda: Int, _ b: UnsafePointer<Float>, _ ldb: Int,
                            beta: Float, _ c: UnsafeMutablePointer<Float>, _ ldc: Int) {
        cblas_sgemm(CblasRowMajor, transpose(transposeA), transpose(transposeB), Int32(m), Int32(n), Int32(k),
                    alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }
}

extension Double: GPTScalar {
    /// libm, element by element: the Double path must match the engine to rounding.
    public static func errorFunction(_ x: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>, count: Int) {
        for i in 0..<count { out[i] = Foundation.erf(x[i]) }
    }
    public static func exponential(_ x: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>, count: Int) {
        for i in 0..<count { out[i] = Foundation.exp(x[i]) }
    }
    public static func exponential(_ x: Double) -> Double { Foundation.exp(x) }
    public static func errorFunction(_ x: Double) -> Double { Foundation.erf(x) }
    public static func gemm(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Double,
                            _ a: UnsafePointer<Double>, _ lda: Int, _ b: UnsafePointer<Double>, _ ldb: Int,
                            beta: Double, _ c: UnsafeMutablePointer<Double>, _ ldc: Int) {
        cblas_dgemm(CblasRowMajor, transpose(transposeA), transpose(transposeB), Int32(m), Int32(n), Int32(k),
                    alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }
}

/// A fixed-size zero-initialized array that is allocated once and reused every step.
final class Buffer<Scalar: GPTScalar> {
    let pointer: UnsafeMutablePointer<Scalar>
    let count: Int

    init(_ count: Int) {
        self.count = count
        pointer = .allocate(capacity: max(count, 1))
        pointer.initialize(repeating: 0, count: max(count, 1))
    }

    deinit { pointer.deallocate() }

    func zero() { pointer.update(repeating: 0, count: count) }
}
