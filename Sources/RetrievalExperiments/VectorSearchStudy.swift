import Foundation
import GSL
import Numerics
import Retrieval

/// Seeded unit vectors shaped like sentence embeddings: each is a cluster centre plus a
/// point of a low-dimensional subspace plus a little isotropic noise, normalised. Real
/// embeddings concentrate near low-dimensional structure too; pure isotropic Gaussians in 384
/// dimensions have none, and every index does badly on them.
public struct ClusteredVectors: Sendable {
    public let dimension: Int, count: Int, clusters: Int, latentDimension: Int, seed: UInt
    public let values: [Float]

    /// Throws `ArgumentError` for a dimension, count, cluster count or latent dimension below 1.
    public init(dimension: Int = 384, count: Int, clusters: Int = 100, latentDimension: Int = 16, seed: UInt) throws {
        for (name, value) in [("dimension", dimension), ("count", count), ("clusters", clusters), ("latentDimension", latentDimension)] {
            try ArgumentError.requireAtLeast(1, value, name)
        }
        (self.dimension, self.count, self.clusters, self.latentDimension, self.seed) = (dimension, count, clusters, latentDimension, seed)
        let g = RandomGenerator(seed: seed)
        let centres = (0..<(clusters * dimension)).map { _ in Float(g.gaussian()) }
        let basis = (0..<(latentDimension * dimension)).map { _ in Float(g.gaussian(standardDeviation: 0.5)) }
        var values = [Float](repeating: 0, count: count * dimension)
        for i in 0..<count {
            let c = try g.integer(below: clusters), z = (0..<latentDimension).map { _ in Float(g.gaussian()) }
            var v = (0..<dimension).map { j in centres[c * dimension + j] + Float(g.gaussian(standardDeviation: 0.3)) }
            for l in 0..<latentDimension { for j in 0..<dimension { v[j] += z[l] * basis[l * dimension + j] } }
            let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
            for j in 0..<dimension { values[i * dimension + j] = v[j] / norm }
        }
        self.values = values
    }

    public func vector(_ i: Int) -> [Float] { Array(values[(i * dimension)..<((i + 1) * dimension)]) }
}

/// HNSW measured against exact search: build the graph once, then for each ef the recall@10
/// of its answers against the exact top 10, and the mean query time of both.
public struct VectorSearchStudy: Sendable {
    public struct Point: Sendable { public let breadth: Int, recallAt10: Double, secondsPerQuery: Double }
    public let vectors: Int, queries: Int, dimension: Int
    public let maximumConnections: Int, constructionBreadth: Int
    public let buildSeconds: Double, exactSecondsPerQuery: Double
    public let points: [Point]
    /// Layer-0 links per node on average, and the graph's top layer.
    public let meanLinks: Double, topLayer: Int
    public static let breadths = [10, 16, 32, 64, 128, 256]
    /// The ef the chapter recommends, and the recall@10 the suite asserts there.
    public static let chosenBreadth = 64, requiredRecall = 0.95

    /// Indexes all but the last `queries` of `data` and searches for those last ones: queries
    /// of the same kind as the vectors, but not among them.
    public init(data: ClusteredVectors, queries: Int, breadths: [Int] = Self.breadths, maximumConnections: Int = 16,
                constructionBreadth: Int = 100, progress: ((Int) -> Void)? = nil) throws {
        try ArgumentError.require(queries >= 1 && queries < data.count, "queries", queries, allowed: "must be in 1..<\(data.count) (the vectors)")
        let stored = data.count - queries
        try self.init(vectors: (0..<stored).map(data.vector), queries: (stored..<data.count).map(data.vector), breadths: breadths,
                      maximumConnections: maximumConnections, constructionBreadth: constructionBreadth, progress: progress)
    }

    /// Builds HNSW over `vectors` (`progress` gets the count every 10,000) and measures it
    /// with `queries`, which may be stored vectors themselves. Throws `ArgumentError` for no
    /// vectors, no queries or no breadths, or for vectors the indexes refuse.
    public init(vectors stored: [[Float]], queries qs: [[Float]], breadths: [Int] = Self.breadths, maximumConnections: Int = 16,
                constructionBreadth: Int = 100, progress: ((Int) -> Void)? = nil) throws {
        try ArgumentError.require(!stored.isEmpty, "vectors", "[]", allowed: "at least one vector")
        try ArgumentError.require(!qs.isEmpty, "queries", "[]", allowed: "at least one query")
        try ArgumentError.require(!breadths.isEmpty, "breadths", "[]", allowed: "at least one ef")
        let d = stored[0].count
        var exact = try ExactVectorIndex(dimension: d)
        let hnsw = try HNSWIndex(dimension: d, maximumConnections: maximumConnections, constructionBreadth: constructionBreadth)
        let start = Date()
        for (i, v) in stored.enumerated() {
            try hnsw.add(v)
            if i % 10_000 == 9_999 { progress?(i + 1) }
        }
        buildSeconds = Date().timeIntervalSince(start)
        for v in stored { try exact.add(v) }
        let exactStart = Date()
        let truth = try qs.map { Set(try exact.nearest(10, to: $0).map(\.index)) }
        exactSecondsPerQuery = Date().timeIntervalSince(exactStart) / Double(qs.count)
        points = try breadths.map { ef in
            let t = Date()
            let found = try qs.map { try hnsw.nearest(10, to: $0, breadth: ef).map(\.index) }
            let seconds = Date().timeIntervalSince(t) / Double(qs.count)
            let hits = zip(found, truth).reduce(0) { $0 + $1.0.filter($1.1.contains).count }
            return Point(breadth: ef, recallAt10: Double(hits) / Double(truth.reduce(0) { $0 + $1.count }), secondsPerQuery: seconds)
        }
        let links = hnsw.baseLayerLinks
        meanLinks = Double(links.reduce(0) { $0 + $1.count }) / Double(links.count)
        topLayer = hnsw.topLayer
        (vectors, queries, dimension) = (stored.count, qs.count, d)
        (self.maximumConnections, self.constructionBreadth) = (maximumConnections, constructionBreadth)
    }

    /// The measurement at ef = `breadth`.
    public func point(_ breadth: Int) -> Point? { points.first { $0.breadth == breadth } }

    /// The measurement at the chapter's ef (a study measured without it has none: a programming error).
    public var chosen: Point { point(Self.chosenBreadth)! }
}
