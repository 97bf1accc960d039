import Numerics

extension Tensor {
    // listing: matmul
    /// The matrix product of two rank-2 tensors. With G = ∂L/∂(A·B):
    ///   ∂L/∂A = G·Bᵀ   and   ∂L/∂B = Aᵀ·G   (Chapter 2's dense-layer rule).
    /// Throws `ArgumentError` unless both are rank 2 with inner sizes that agree.
    public func matmul(_ other: Tensor) throws -> Tensor {
        try ArgumentError.require(rank == 2 && other.rank == 2 && shape[1] == other.shape[0], "matmul shapes",
                                  "\(shape) · \(other.shape)", allowed: "two rank-2 tensors, (m × k) · (k × n)")
        // exercise: M3.2 write matmul's forward product and its backward step: ∂L/∂A = G·Bᵀ, ∂L/∂B = Aᵀ·G (Chapter 3, matrix products)
        let a = matrix, b = other.matrix
        let product = a.product(b)
        return Tensor(values: product.entries, shape: [product.rows, product.columns], operation: "matmul", parents: [self, other]) { [self] out in
            let g = Matrix(validRows: product.rows, columns: product.columns, entries: out.gradient!)
            self.accumulate(g.productWithTranspose(b).entries)
            other.accumulate(a.transposeProduct(g).entries)
        }
        // end exercise
    }
    // end listing

    /// The same values in a new shape with as many entries (else throws `ArgumentError`).
    public func reshaped(_ newShape: [Int]) throws -> Tensor {
        try ArgumentError.require(newShape.allSatisfy { $0 >= 0 }, "newShape", newShape, allowed: "sizes must be ≥ 0")
        let entries = try ArgumentError.checkedProduct(newShape, "newShape")
        try ArgumentError.require(entries == count, "newShape", newShape,
                                  allowed: "sizes ≥ 0 with \(count) entries in all, as \(shape) has")
        let input = self
        return Tensor(values: values, shape: newShape, operation: "reshape", parents: [self]) { out in
            input.accumulate(out.gradient!)
        }
    }

    /// The transpose of a rank-2 tensor (else throws `ArgumentError`).
    public func transposed() throws -> Tensor {
        try requireRank2("transposed()")
        let (rows, columns) = (shape[0], shape[1])
        let input = self
        let values = (0..<count).map { i in self.values[(i % rows) * columns + i / rows] }
        return Tensor(values: values, shape: [columns, rows], operation: "transpose", parents: [self]) { out in
            input.accumulate((0..<input.count).map { j in out.gradient![(j % columns) * rows + j / columns] })
        }
    }

    /// A rank-2 tensor's values as a `Matrix`.
    var matrix: Matrix { Matrix(validRows: shape[0], columns: shape[1], entries: values) }

    /// Throws `ArgumentError` unless this tensor is a matrix.
    func requireRank2(_ operation: String) throws {
        try ArgumentError.require(rank == 2, "shape for \(operation)", shape, allowed: "needs a rank-2 tensor")
    }
}
