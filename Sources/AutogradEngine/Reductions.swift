import Numerics
extension Tensor {
    /// The sum of all entries (a scalar), or along one axis (which disappears).
    /// Its gradient copies the output gradient back to every entry that was summed.
    /// Throws `ArgumentError` for an axis outside 0..<rank.
    public func sum(axis: Int? = nil) throws -> Tensor {
        let input = self
        guard let axis else {
            return Tensor(values: [values.reduce(0, +)], shape: [], operation: "sum", parents: [self]) { out in
                input.accumulate(Array(repeating: out.gradient![0], count: input.count))
            }
        }
        try ArgumentError.require((0..<rank).contains(axis), "axis", axis, allowed: "must be in 0..<\(rank) for shape \(shape)")
        let (map, outShape) = reductionMap(axis: axis)
        var sums = Array(repeating: 0.0, count: elementCount(outShape))
        for i in values.indices { sums[map[i]] += values[i] }
        return Tensor(values: sums, shape: outShape, operation: "sum(axis \(axis))", parents: [self]) { out in
            input.accumulate(map.map { out.gradient![$0] })
        }
    }

    /// The mean of all entries, or along one axis (throws as `sum(axis:)`, and for nothing to average).
    public func mean(axis: Int? = nil) throws -> Tensor {
        let total = try sum(axis: axis)
        let n = axis.map { shape[$0] } ?? count
        try ArgumentError.require(n > 0, "shape for mean", shape, allowed: "needs at least one entry to average")
        return total * (1 / Double(n))
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
