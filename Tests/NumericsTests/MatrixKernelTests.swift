import GSL
import Testing
import Numerics

@Suite("Numerics · OpenBLAS products equal the hand-written reference")
struct MatrixKernelTests {
    /// Shapes (m, k, n) including 1s, primes and sizes that straddle blocking boundaries.
    static let shapes = [(1, 1, 1), (1, 7, 1), (3, 5, 7), (17, 1, 9), (31, 33, 29), (64, 64, 64), (65, 127, 3), (200, 32, 33)]

    static func random(_ rows: Int, _ columns: Int, _ generator: RandomGenerator) throws -> Matrix {
        try Matrix(rows: rows, columns: columns, entries: (0..<(rows * columns)).map { _ in generator.gaussian() })
    }

    /// |fast − reference| ≤ k·ε·Σ|aᵢ bᵢ| per entry: the standard forward-error bound of a
    /// length-k dot product in double precision, whatever order the sums run in.
    static func expectClose(_ fast: Matrix, _ reference: Matrix, bound: Matrix, inner: Int, _ what: String) throws {
        #expect(fast.rows == reference.rows && fast.columns == reference.columns, "\(what): shape")
        let epsilon = Double.ulpOfOne
        for i in fast.entries.indices {
            let allowed = Double(inner) * epsilon * bound.entries[i]
            #expect(abs(fast.entries[i] - reference.entries[i]) <= allowed,
                    "\(what) entry \(i): \(fast.entries[i]) vs \(reference.entries[i]) (allowed \(allowed))")
        }
    }

    @Test("A·B, Aᵀ·B and A·Bᵀ agree within the dot-product error bound on random shapes", arguments: shapes)
    func productsAgree(m: Int, k: Int, n: Int) throws {
        let generator = RandomGenerator(seed: UInt(m * 10_000 + k * 100 + n))
        let a = try Self.random(m, k, generator), b = try Self.random(k, n, generator)
        let absolute = { (x: Matrix) in x.map(abs) }
        try Self.expectClose(a.multiplied(by: b, kernel: .openBLAS), a.multiplied(by: b, kernel: .reference),
                         bound: try absolute(a).multiplied(by: absolute(b), kernel: .reference), inner: k, "A·B \(m)x\(k)x\(n)")
        let at = try Self.random(k, m, generator)
        try Self.expectClose(at.transposeMultiplied(by: b, kernel: .openBLAS), at.transposeMultiplied(by: b, kernel: .reference),
                         bound: try absolute(at).transposeMultiplied(by: absolute(b), kernel: .reference), inner: k, "Aᵀ·B")
        let bt = try Self.random(n, k, generator)
        try Self.expectClose(a.multipliedByTranspose(of: bt, kernel: .openBLAS), a.multipliedByTranspose(of: bt, kernel: .reference),
                         bound: try absolute(a).multipliedByTranspose(of: absolute(bt), kernel: .reference), inner: k, "A·Bᵀ")
    }

    @Test("The reference product matches a hand-worked example")
    func handWorked() throws {
        let a = try Matrix([[1, 2, 3], [4, 5, 6]]), b = try Matrix([[7, 8], [9, 10], [11, 12]])
        for kernel in [MatrixKernel.reference, .openBLAS] {
            #expect(try a.multiplied(by: b, kernel: kernel) == Matrix([[58, 64], [139, 154]]))
            #expect(try a.transposeMultiplied(by: a, kernel: kernel) == Matrix([[17, 22, 27], [22, 29, 36], [27, 36, 45]]))
            #expect(try a.multipliedByTranspose(of: a, kernel: kernel) == Matrix([[14, 32], [32, 77]]))
        }
    }

    @Test("Empty shapes give empty or zero products")
    func emptyShapes() throws {
        let a = try Matrix(rows: 3, columns: 0), b = try Matrix(rows: 0, columns: 2)
        #expect(try a.multiplied(by: b, kernel: .openBLAS) == Matrix(rows: 3, columns: 2))
        #expect(try a.multiplied(by: b, kernel: .reference) == Matrix(rows: 3, columns: 2))
    }

    @Test("fp32 products (for the benchmark) agree between OpenBLAS and the reference loops")
    func singlePrecisionAgrees() throws {
        let generator = RandomGenerator(seed: 9)
        let n = 37
        let a = (0..<(n * n)).map { _ in Float(generator.gaussian()) }, b = (0..<(n * n)).map { _ in Float(generator.gaussian()) }
        let fast = try squareProductFloat(a, b, n: n, kernel: .openBLAS), reference = try squareProductFloat(a, b, n: n, kernel: .reference)
        for i in 0..<(n * n) {
            var bound: Float = 0
            for k in 0..<n { bound += abs(a[(i / n) * n + k] * b[k * n + i % n]) }
            #expect(abs(fast[i] - reference[i]) <= Float(n) * Float.ulpOfOne * bound, "entry \(i)")
        }
    }
}
