import Numerics
extension Tensor {
    // listing: embedding
    /// Rows of a table (V × D) picked by index: an (indices.count × D) tensor. The table's
    /// gradient adds each output row's gradient into the row it came from, so an index
    /// that appears twice gets both contributions.
    /// Throws `ArgumentError` for a table that is not rank 2 or an index outside 0..<V.
    public func rows(at indices: [Int]) throws -> Tensor {
        try requireRank2("rows(at:)")
        let width = shape[1]
        try ArgumentError.requireAll(indices, in: 0..<shape[0], "indices", meaning: "row indices")
        let table = self
        let picked = indices.flatMap { self.values[($0 * width)..<(($0 + 1) * width)] }
        return Tensor(values: picked, shape: [indices.count, width], operation: "rows", parents: [self]) { out in
            var g = Array(repeating: 0.0, count: table.count)
            for (position, index) in indices.enumerated() {
                for j in 0..<width { g[index * width + j] += out.gradient![position * width + j] }
            }
            table.accumulate(g)
        }
    }
    // end listing
}
