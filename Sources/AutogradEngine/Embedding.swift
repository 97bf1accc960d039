extension Tensor {
    // listing: embedding
    /// Rows of a table (V × D) picked by index: an (indices.count × D) tensor. The table's
    /// gradient adds each output row's gradient into the row it came from, so an index
    /// that appears twice gets both contributions.
    public func rows(at indices: [Int]) -> Tensor {
        precondition(rank == 2, "rows(at:) picks from a rank-2 table, not \(shape)")
        let width = shape[1]
        precondition(indices.allSatisfy { $0 >= 0 && $0 < shape[0] }, "an index outside 0..<\(shape[0])")
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
