/// A dense row-major matrix of `Double`: just what the chapters need, written out plainly.
/// Shapes a caller passes are checked (`ArgumentError` names the one that does not fit);
/// subscripts trap on an index outside the matrix, as an array's do.
public struct Matrix: Equatable, Sendable {
    public let rows: Int
    public let columns: Int
    /// Row-major entries: element (r, c) is at `r * columns + c`.
    public private(set) var entries: [Double]

    /// A rows × columns matrix with every entry `value`; throws for a negative size.
    public init(rows: Int, columns: Int, repeating value: Double = 0) throws {
        try ArgumentError.require(rows >= 0 && columns >= 0, "shape", "\(rows)x\(columns)", allowed: "sizes must be ≥ 0")
        self.init(validRows: rows, columns: columns, entries: Array(repeating: value, count: try ArgumentError.checkedProduct([rows, columns], "shape")))
    }

    /// A rows × columns matrix of row-major `entries`; throws unless there are rows·columns.
    public init(rows: Int, columns: Int, entries: [Double]) throws {
        try ArgumentError.require(rows >= 0 && columns >= 0, "shape", "\(rows)x\(columns)", allowed: "sizes must be ≥ 0")
        let expected = try ArgumentError.checkedProduct([rows, columns], "shape")
        try ArgumentError.require(entries.count == expected, "entries.count", entries.count,
                                  allowed: "a \(rows)x\(columns) matrix needs \(expected) entries")
        self.init(validRows: rows, columns: columns, entries: entries)
    }

    /// A matrix from equally long rows; throws for a row of another length.
    public init(_ rowArrays: [[Double]]) throws {
        let columns = rowArrays.first?.count ?? 0
        if let row = rowArrays.firstIndex(where: { $0.count != columns }) {
            throw ArgumentError(parameter: "rows[\(row)].count", value: "\(rowArrays[row].count)",
                                allowed: "every row needs \(columns) entries, as row 0 has")
        }
        self.init(validRows: rowArrays.count, columns: columns, entries: rowArrays.flatMap { $0 })
    }

    /// A rows × columns matrix of zeros, for sizes the workbook's own code has checked.
    package static func zeros(_ rows: Int, _ columns: Int) -> Matrix {
        Matrix(validRows: rows, columns: columns, entries: Array(repeating: 0, count: rows * columns))
    }

    /// A matrix whose shape the workbook's own code has already made consistent.
    package init(validRows rows: Int, columns: Int, entries: [Double]) {
        precondition(rows >= 0 && columns >= 0 && entries.count == rows * columns, "internal: inconsistent matrix shape")
        self.rows = rows
        self.columns = columns
        self.entries = entries
    }

    /// Entry (row, column); traps, as an array does, outside the matrix (a column past the
    /// end would otherwise alias the next row's entry).
    public subscript(row: Int, column: Int) -> Double {
        get {
            precondition((0..<rows).contains(row) && (0..<columns).contains(column), "entry (\(row), \(column)) outside a \(rows)x\(columns) matrix")
            return entries[row * columns + column]
        }
        set {
            precondition((0..<rows).contains(row) && (0..<columns).contains(column), "entry (\(row), \(column)) outside a \(rows)x\(columns) matrix")
            entries[row * columns + column] = newValue
        }
    }

    public func row(_ index: Int) -> ArraySlice<Double> {
        entries[(index * columns)..<((index + 1) * columns)]
    }

    /// Lets `body` write the entries in place (for kernels written against raw memory).
    public mutating func withUnsafeMutableEntries<R>(_ body: (inout UnsafeMutableBufferPointer<Double>) throws -> R) rethrows -> R {
        try entries.withUnsafeMutableBufferPointer(body)
    }

    /// The rows at `indices`, in that order; throws for an index outside 0..<rows.
    public func selectingRows(_ indices: [Int]) throws -> Matrix {
        try ArgumentError.requireAll(indices, in: 0..<rows, "indices", meaning: "row indices")
        return Matrix(validRows: indices.count, columns: columns, entries: indices.flatMap { row($0) })
    }

    /// `self · v`; throws unless v has `columns` entries.
    public func multiplied(by vector: [Double]) throws -> [Double] {
        try ArgumentError.require(vector.count == columns, "vector.count", vector.count,
                                  allowed: "a \(rows)x\(columns) matrix multiplies a vector of \(columns)")
        return (0..<rows).map { r in unsafeDot(row(r), vector[...]) }
    }

    /// `selfᵀ · v`, without forming the transpose; throws unless v has `rows` entries.
    public func transposeMultiplied(by vector: [Double]) throws -> [Double] {
        try ArgumentError.require(vector.count == rows, "vector.count", vector.count,
                                  allowed: "the transpose of a \(rows)x\(columns) matrix multiplies a vector of \(rows)")
        var result = Array(repeating: 0.0, count: columns)
        for r in 0..<rows where vector[r] != 0 {
            for c in 0..<columns { result[c] += entries[r * columns + c] * vector[r] }
        }
        return result
    }

    /// `selfᵀ · self`.
    public func gram() -> Matrix {
        var result = Matrix.zeros(columns, columns)
        for r in 0..<rows {
            for i in 0..<columns {
                for j in 0..<columns { result[i, j] += self[r, i] * self[r, j] }
            }
        }
        return result
    }
}

/// The dot product of two equally long vectors; throws for lengths that differ.
public func dot(_ a: ArraySlice<Double>, _ b: ArraySlice<Double>) throws -> Double {
    try ArgumentError.require(a.count == b.count, "lengths", "\(a.count) and \(b.count)", allowed: "a dot product needs equally long vectors")
    return unsafeDot(a, b)
}

public func dot(_ a: [Double], _ b: [Double]) throws -> Double { try dot(a[...], b[...]) }

/// Σ aᵢbᵢ over the shorter of the two (callers have checked the lengths).
func unsafeDot(_ a: ArraySlice<Double>, _ b: ArraySlice<Double>) -> Double {
    var sum = 0.0
    for (x, y) in zip(a, b) { sum += x * y }
    return sum
}

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
    /// Throws unless both have the same shape.
    public mutating func combine(with other: Matrix, _ body: (Double, Double) -> Double) throws {
        try requireSameShape(other, "combine(with:)")
        for i in entries.indices { entries[i] = body(entries[i], other.entries[i]) }
    }

    /// `f` applied to every entry.
    public func map(_ f: (Double) -> Double) -> Matrix {
        Matrix(validRows: rows, columns: columns, entries: entries.map(f))
    }

    /// The entry-wise product; throws unless both have the same shape.
    public func hadamard(_ other: Matrix) throws -> Matrix {
        try requireSameShape(other, "hadamard(_:)")
        return Matrix(validRows: rows, columns: columns, entries: zip(entries, other.entries).map(*))
    }

    /// Adds `vector` to every row; throws unless it has `columns` entries.
    public func addingToEachRow(_ vector: [Double]) throws -> Matrix {
        try ArgumentError.require(vector.count == columns, "vector.count", vector.count,
                                  allowed: "a row vector for a \(rows)x\(columns) matrix has \(columns) entries")
        var result = self
        for r in 0..<rows {
            for c in 0..<columns { result.entries[r * columns + c] += vector[c] }
        }
        return result
    }

    func requireSameShape(_ other: Matrix, _ operation: String) throws {
        try ArgumentError.require(rows == other.rows && columns == other.columns, "shapes for \(operation)",
                                  "\(rows)x\(columns) and \(other.rows)x\(other.columns)", allowed: "must be equal")
    }
}
