extension Tensor {
    /// The sum of all entries (a scalar), or along one axis (which disappears).
    /// Its gradient copies the output gradient back to every entry that was summed.
    public func sum(axis: Int? = nil) -> Tensor {
        let input = self
        guard let axis else {
            return Tensor(values: [values.reduce(0, +)], shape: [], operation: "sum", parents: [self]) { out in
                input.accumulate(Array(repeating: out.gradient![0], count: input.count))
            }
        }
        precondition(axis >= 0 && axis < rank, "axis \(axis) of a rank-\(rank) tensor")
        let (map, outShape) = reductionMap(axis: axis)
        var sums = Array(repeating: 0.0, count: elementCount(outShape))
        for i in values.indices { sums[map[i]] += values[i] }
        return Tensor(values: sums, shape: outShape, operation: "sum(axis \(axis))", parents: [self]) { out in
            input.accumulate(map.map { out.gradient![$0] })
        }
    }

    /// The mean of all entries, or along one axis.
    public func mean(axis: Int? = nil) -> Tensor {
        let n = axis.map { shape[$0] } ?? count
        return sum(axis: axis) * (1 / Double(n))
    }

    /// For each entry, the flat index of the entry it reduces into when `axis` is removed.
    private func reductionMap(axis: Int) -> (map: [Int], shape: [Int]) {
        let inner = shape[(axis + 1)...].reduce(1, *), size = shape[axis]
        var outShape = shape
        outShape.remove(at: axis)
        let map = values.indices.map { i in (i / (size * inner)) * inner + i % inner }
        return (map, outShape)
    }
}
