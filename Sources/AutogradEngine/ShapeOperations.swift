import Numerics

extension Tensor {
    // listing: matmul
    /// The matrix product of two rank-2 tensors. With G = ∂L/∂(A·B):
    ///   ∂L/∂A = G·Bᵀ   and   ∂L/∂B = Aᵀ·G   (Chapter 2's dense-layer rule).
    public func matmul(_ other: Tensor) -> Tensor {
        precondition(rank == 2 && other.rank == 2 && shape[1] == other.shape[0],
                     "matmul of shapes \(shape) and \(other.shape)")
        let a = matrix, b = other.matrix
        let product = a.multiplied(by: b)
        return Tensor(values: product.entries, shape: [product.rows, product.columns], operation: "matmul", parents: [self, other]) { [self] out in
            let g = Matrix(rows: product.rows, columns: product.columns, entries: out.gradient!)
            self.accumulate(g.multipliedByTranspose(of: b).entries)
            other.accumulate(a.transposeMultiplied(by: g).entries)
        }
    }
    // end listing

    /// The same values in a new shape with as many entries.
    public func reshaped(_ newShape: [Int]) -> Tensor {
        precondition(elementCount(newShape) == count, "cannot reshape \(shape) to \(newShape)")
        let input = self
        return Tensor(values: values, shape: newShape, operation: "reshape", parents: [self]) { out in
            input.accumulate(out.gradient!)
        }
    }

    /// The transpose of a rank-2 tensor.
    public func transposed() -> Tensor {
        precondition(rank == 2, "transposed() needs a rank-2 tensor, not \(shape)")
        let (rows, columns) = (shape[0], shape[1])
        let input = self
        let values = (0..<count).map { i in self.values[(i % rows) * columns + i / rows] }
        return Tensor(values: values, shape: [columns, rows], operation: "transpose", parents: [self]) { out in
            input.accumulate((0..<input.count).map { j in out.gradient![(j % columns) * rows + j / columns] })
        }
    }

    /// A rank-2 tensor's values as a `Matrix`.
    var matrix: Matrix { Matrix(rows: shape[0], columns: shape[1], entries: values) }
}
