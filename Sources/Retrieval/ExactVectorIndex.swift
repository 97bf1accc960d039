@preconcurrency import CGSLOpenBLAS
import Numerics

/// Exact nearest-neighbour search over unit vectors: every stored vector's dot product with
/// the query (its cosine similarity, the vectors being normalised) in one matrix-vector product
/// on OpenBLAS, then the k largest. The baseline an approximate index's recall is measured
/// against.
public struct ExactVectorIndex: Sendable {
    public let dimension: Int
    /// The vectors, row by row.
    public private(set) var vectors: [Float] = []
    public var count: Int { vectors.count / dimension }

    /// Throws `ArgumentError` for a dimension below 1.
    public init(dimension: Int) throws {
        try ArgumentError.require(dimension >= 1, "dimension", dimension, allowed: "must be at least 1")
        self.dimension = dimension
    }

    /// Adds one vector; throws `ArgumentError` for a length other than `dimension` or a value
    /// that is not finite, naming its position.
    public mutating func add(_ vector: [Float]) throws {
        try ArgumentError.require(vector.count == dimension, "vector.count", vector.count, allowed: "must equal the dimension (\(dimension))")
        if let bad = vector.firstIndex(where: { !$0.isFinite }) {
            throw ArgumentError(parameter: "vector[\(bad)]", value: "\(vector[bad])", allowed: "values must be finite")
        }
        vectors += vector
    }

    /// The `k` stored vectors with the largest dot product with `query`, largest first (ties
    /// to the lower index). Throws `ArgumentError` for k < 1 or a query of the wrong length.
    public func nearest(_ k: Int, to query: [Float]) throws -> [(index: Int, similarity: Float)] {
        try ArgumentError.require(k >= 1, "k", k, allowed: "must be at least 1")
        try ArgumentError.require(query.count == dimension, "query.count", query.count, allowed: "must equal the dimension (\(dimension))")
        guard count > 0 else { return [] }
        var similarities = [Float](repeating: 0, count: count)
        cblas_sgemv(CblasRowMajor, CblasNoTrans, Int32(count), Int32(dimension), 1, vectors, Int32(dimension), query, 1, 0, &similarities, 1)
        // The k best in one pass: a heap of the best so far with the worst on top.
        var best = Heap<Scored>()
        for i in similarities.indices {
            let entry = Scored(similarity: -similarities[i], node: i)   // worst on top: lowest similarity, then highest index
            if best.count < k { best.push(entry) } else if entry < best.top! { _ = best.pop(); best.push(entry) }
        }
        return best.elements.sorted().map { ($0.node, -$0.similarity) }
    }
}
