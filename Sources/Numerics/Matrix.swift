/// A dense row-major matrix of `Double`: just what the chapters need, written out plainly.
public struct Matrix: Equatable, Sendable {
    public let rows: Int
    public let columns: Int
    /// Row-major entries: element (r, c) is at `r * columns + c`.
    public private(set) var entries: [Double]

    public init(rows: Int, columns: Int, repeating value: Double = 0) {
        precondition(rows >= 0 && columns >= 0, "negative shape \(rows)x\(columns)")
        self.rows = rows
        self.columns = columns
        self.entries = Array(repeating: value, count: rows * columns)
    }

    public init(rows: Int, columns: Int, entries: [Double]) {
        precondition(entries.count == rows * columns,
                     "a \(rows)x\(columns) matrix needs \(rows * columns) entries, got \(entries.count)")
        self.rows = rows
        self.columns = columns
        self.entries = entries
    }

    /// A matrix from equally long rows.
    public init(_ rowArrays: [[Double]]) {
        let columns = rowArrays.first?.count ?? 0
        precondition(rowArrays.allSatisfy { $0.count == columns }, "rows differ in length")
        self.init(rows: rowArrays.count, columns: columns, entries: rowArrays.flatMap { $0 })
    }

    public subscript(row: Int, column: Int) -> Double {
        get { entries[row * columns + column] }
        set { entries[row * columns + column] = newValue }
    }

    public func row(_ index: Int) -> ArraySlice<Double> {
        entries[(index * columns)..<((index + 1) * columns)]
    }

    /// Lets `body` write the entries in place (for kernels written against raw memory).
    public mutating func withUnsafeMutableEntries<R>(_ body: (inout UnsafeMutableBufferPointer<Double>) throws -> R) rethrows -> R {
        try entries.withUnsafeMutableBufferPointer(body)
    }

    /// The rows at `indices`, in that order.
    public func selectingRows(_ indices: [Int]) -> Matrix {
        Matrix(rows: indices.count, columns: columns, entries: indices.flatMap { row($0) })
    }

    /// `self · v`.
    public func multiplied(by vector: [Double]) -> [Double] {
        precondition(vector.count == columns, "shape mismatch: \(rows)x\(columns) · \(vector.count)")
        return (0..<rows).map { r in dot(row(r), vector[...]) }
    }

    /// `selfᵀ · v`, without forming the transpose.
    public func transposeMultiplied(by vector: [Double]) -> [Double] {
        precondition(vector.count == rows, "shape mismatch: (\(rows)x\(columns))ᵀ · \(vector.count)")
        var result = Array(repeating: 0.0, count: columns)
        for r in 0..<rows where vector[r] != 0 {
            for c in 0..<columns { result[c] += entries[r * columns + c] * vector[r] }
        }
        return result
    }

    /// `selfᵀ · self`.
    public func gram() -> Matrix {
        var result = Matrix(rows: columns, columns: columns)
        for r in 0..<rows {
            for i in 0..<columns {
                for j in 0..<columns { result[i, j] += self[r, i] * self[r, j] }
            }
        }
        return result
    }
}

/// The dot product of two equally long vectors.
public func dot(_ a: ArraySlice<Double>, _ b: ArraySlice<Double>) -> Double {
    precondition(a.count == b.count, "dot of lengths \(a.count) and \(b.count)")
    var sum = 0.0
    for (x, y) in zip(a, b) { sum += x * y }
    return sum
}

public func dot(_ a: [Double], _ b: [Double]) -> Double { dot(a[...], b[...]) }

// MARK: - Entry-wise and row operations

extension Matrix {
    /// Sums of each column: (1 × columns) as an array.
    public func columnSums() -> [Double] {
        var sums = Array(repeating: 0.0, count: columns)
        for r in 0..<rows {
            for c in 0..<columns { sums[c] += entries[r * columns + c] }
        }
        return sums
    }

    /// Replaces every entry by `body(entry, other's entry)`: an entry-wise update in place.
    public mutating func combine(with other: Matrix, _ body: (Double, Double) -> Double) {
        precondition(rows == other.rows && columns == other.columns, "shape mismatch for an entry-wise update")
        for i in entries.indices { entries[i] = body(entries[i], other.entries[i]) }
    }

    /// `f` applied to every entry.
    public func map(_ f: (Double) -> Double) -> Matrix {
        Matrix(rows: rows, columns: columns, entries: entries.map(f))
    }

    /// The entry-wise product.
    public func hadamard(_ other: Matrix) -> Matrix {
        precondition(rows == other.rows && columns == other.columns, "shape mismatch for an entry-wise product")
        return Matrix(rows: rows, columns: columns, entries: zip(entries, other.entries).map(*))
    }

    /// Adds `vector` to every row.
    public func addingToEachRow(_ vector: [Double]) -> Matrix {
        precondition(vector.count == columns, "a row vector of \(vector.count) for \(columns) columns")
        var result = self
        for r in 0..<rows {
            for c in 0..<columns { result.entries[r * columns + c] += vector[c] }
        }
        return result
    }
}
