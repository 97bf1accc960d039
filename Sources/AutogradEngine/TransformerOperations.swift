import Numerics
import Foundation

/// The operations a transformer adds to Chapter 3's: picking and joining columns (attention
/// heads), normalizing rows (LayerNorm), and hiding the future (the causal mask).
extension Tensor {
    /// The columns `range` of a rank-2 tensor. The gradient goes back into those columns.
    /// Throws `ArgumentError` for another rank or a range outside the columns.
    public func columns(_ range: Range<Int>) throws -> Tensor {
        try requireRank2("columns(_:)")
        try ArgumentError.require(range.lowerBound >= 0 && range.upperBound <= shape[1], "range", range,
                                  allowed: "must lie in 0..<\(shape[1]), the columns of \(shape)")
        let (rows, width) = (shape[0], range.count)
        let input = self
        let values = (0..<rows).flatMap { r in self.values[(r * shape[1] + range.lowerBound)..<(r * shape[1] + range.upperBound)] }
        return Tensor(values: values, shape: [rows, width], operation: "columns", parents: [self]) { out in
            var g = Array(repeating: 0.0, count: input.count)
            for r in 0..<rows {
                for c in 0..<width { g[r * input.shape[1] + range.lowerBound + c] = out.gradient![r * width + c] }
            }
            input.accumulate(g)
        }
    }

    /// Rank-2 tensors with the same number of rows, side by side (else throws `ArgumentError`).
    public static func concatenateColumns(_ parts: [Tensor]) throws -> Tensor {
        try ArgumentError.require(!parts.isEmpty && parts.allSatisfy { $0.rank == 2 && $0.shape[0] == parts[0].shape[0] },
                                  "parts' shapes", parts.map(\.shape), allowed: "at least one, all rank 2 with equally many rows")
        let rows = parts[0].shape[0]
        let widths = parts.map { $0.shape[1] }, width = widths.reduce(0, +)
        let offsets = widths.indices.map { widths[..<$0].reduce(0, +) }
        var values = Array(repeating: 0.0, count: rows * width)
        for (part, offset) in zip(parts, offsets) {
            for r in 0..<rows {
                for c in 0..<part.shape[1] { values[r * width + offset + c] = part.values[r * part.shape[1] + c] }
            }
        }
        return Tensor(values: values, shape: [rows, width], operation: "concat columns", parents: parts) { out in
            for (part, offset) in zip(parts, offsets) {
                part.accumulate((0..<part.count).map { i in out.gradient![(i / part.shape[1]) * width + offset + i % part.shape[1]] })
            }
        }
    }

    /// Rank-2 tensors with the same number of columns, one under the other (else throws `ArgumentError`).
    public static func concatenateRows(_ parts: [Tensor]) throws -> Tensor {
        try ArgumentError.require(!parts.isEmpty && parts.allSatisfy { $0.rank == 2 && $0.shape[1] == parts[0].shape[1] },
                                  "parts' shapes", parts.map(\.shape), allowed: "at least one, all rank 2 with equally many columns")
        let width = parts[0].shape[1]
        let offsets = parts.indices.map { i in parts[..<i].reduce(0) { $0 + $1.count } }
        return Tensor(values: parts.flatMap(\.values), shape: [parts.reduce(0) { $0 + $1.shape[0] }, width],
                      operation: "concat rows", parents: parts) { out in
            for (part, offset) in zip(parts, offsets) { part.accumulate(Array(out.gradient![offset..<(offset + part.count)])) }
        }
    }

    // listing: normalized-rows
    /// Each row (last axis) shifted to mean 0 and scaled to variance 1: (x − μ) / √(σ² + ε),
    /// the heart of LayerNorm, composed from operations whose gradients are already checked.
    /// Throws `ArgumentError` for another rank or an ε that is negative or not finite.
    public func normalizedRows(epsilon: Double = 1e-5) throws -> Tensor {
        try requireRank2("normalizedRows()")
        try ArgumentError.require(epsilon.isFinite && epsilon >= 0, "epsilon", epsilon, allowed: "must be finite and ≥ 0")
        let rows = shape[0]
        let centered = try self - mean(axis: 1).reshaped([rows, 1])
        let variance = try (centered * centered).mean(axis: 1).reshaped([rows, 1])
        return try centered / (variance + epsilon).sqrt()
    }
    // end listing

    // listing: causal-mask
    /// A square matrix of attention scores with every entry above the diagonal set to −∞, so
    /// that after a softmax position t gives weight 0 to every later position. No gradient
    /// flows to the masked entries: their value never depended on the input.
    /// Throws `ArgumentError` unless the tensor is a square matrix.
    public func causallyMasked() throws -> Tensor {
        try ArgumentError.require(rank == 2 && shape[0] == shape[1], "shape for causallyMasked()", shape,
                                  allowed: "needs a square matrix of scores")
        let n = shape[0]
        let input = self
        let values = (0..<count).map { i in i % n > i / n ? -Double.infinity : self.values[i] }
        return Tensor(values: values, shape: shape, operation: "causal mask", parents: [self]) { out in
            input.accumulate((0..<input.count).map { i in i % n > i / n ? 0 : out.gradient![i] })
        }
    }
    // end listing
}
