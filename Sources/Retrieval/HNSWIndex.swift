@preconcurrency import CGSLOpenBLAS
import Foundation
import GSL
import Numerics

/// Approximate nearest-neighbour search with a hierarchical navigable small-world graph
/// (HNSW; Malkov and Yashunin 2018, arXiv:1603.09320), over unit vectors with the dot
/// product as similarity.
///
/// Every vector is a node on layer 0; a node reaches layer l with probability M^−l (its top
/// layer is ⌊−ln U · m_L⌋ with m_L = 1/ln M, U uniform in (0, 1], seeded). On each layer a
/// node keeps at most M links (2M on layer 0). A search starts at the entry point on the top
/// layer, walks greedily down to layer 1, then keeps the `breadth` (ef) best nodes it has seen
/// on layer 0 and returns the k best of them. Larger ef: higher recall, slower queries.
/// Insertion searches the same way with ef = `constructionBreadth` and links the new node to
/// neighbours chosen by the paper's heuristic (Algorithm 4): a candidate is kept only if it
/// is closer to the new node than to every neighbour already kept, so links point in
/// different directions instead of into one cluster.
///
/// A class, like the indexes of hnswlib and faiss: adding changes it in place. Not for use
/// from several threads at once.
public final class HNSWIndex {
    public let dimension: Int
    /// M, the links per node on the layers above 0 (2M on layer 0).
    public let maximumConnections: Int
    /// ef during construction.
    public let constructionBreadth: Int
    /// The vectors, row by row, in insertion order.
    public private(set) var vectors: [Float] = []
    /// links[node][layer]: the node's neighbours on that layer.
    var links: [[[Int32]]] = []
    var entryPoint = -1
    /// visitStamp[node] == currentStamp marks a node seen by the search in progress, so no
    /// search allocates or clears a set.
    var visitStamp: [UInt32] = [], currentStamp: UInt32 = 0
    let levelMultiplier: Double
    /// Draws the nodes' top layers (GSL's default generator, seeded).
    let generator: RandomGenerator

    public var count: Int { links.count }
    /// The top layer of the graph (−1 while empty).
    public var topLayer: Int { entryPoint < 0 ? -1 : links[entryPoint].count - 1 }

    /// Throws `ArgumentError` for a dimension below 1, M below 2 or an ef below M.
    public init(dimension: Int, maximumConnections: Int = 16, constructionBreadth: Int = 100, seed: UInt = 1) throws {
        try ArgumentError.requireAtLeast(1, dimension, "dimension")
        try ArgumentError.requireAtLeast(2, maximumConnections, "maximumConnections")
        try ArgumentError.requireAtLeast(maximumConnections, constructionBreadth, "constructionBreadth")
        self.dimension = dimension
        self.maximumConnections = maximumConnections
        self.constructionBreadth = constructionBreadth
        levelMultiplier = 1 / Foundation.log(Double(maximumConnections))
        generator = RandomGenerator(seed: seed)
    }

    /// The links a node keeps on `layer`: 2M on layer 0, M above.
    func capacity(_ layer: Int) -> Int { layer == 0 ? 2 * maximumConnections : maximumConnections }

    func similarity(_ a: Int, _ query: UnsafePointer<Float>) -> Float {
        vectors.withUnsafeBufferPointer { cblas_sdot(Int32(dimension), $0.baseAddress! + a * dimension, 1, query, 1) }
    }

    // listing: hnsw-insert
    /// Adds one vector (node `count`). Throws `ArgumentError` for a length other than
    /// `dimension` or a value that is not finite, naming its position.
    public func add(_ vector: [Float]) throws {
        try ArgumentError.require(vector.count == dimension, "vector.count", vector.count, allowed: "must equal the dimension (\(dimension))")
        if let bad = vector.firstIndex(where: { !$0.isFinite }) {
            throw ArgumentError(parameter: "vector[\(bad)]", value: "\(vector[bad])", allowed: "values must be finite")
        }
        // exercise: M11.3 write HNSW insertion: draw the node's level, descend greedily to it, then on each layer search with ef = efConstruction and link both ways (Chapter 11, HNSW)
        let node = count
        let level = Int(-Foundation.log(1 - generator.uniform()) * levelMultiplier)
        vectors += vector
        links.append(Array(repeating: [], count: level + 1))
        visitStamp.append(0)
        guard entryPoint >= 0 else { entryPoint = node; return }
        vector.withUnsafeBufferPointer { q in
            let query = q.baseAddress!
            var nearest = entryPoint
            // Above the new node's level: one greedy step per layer towards it.
            for layer in stride(from: topLayer, to: level, by: -1) { nearest = greedyClosest(from: nearest, to: query, layer: layer) }
            // From its level down: search with ef = constructionBreadth, link both ways.
            var entries = [nearest]
            for layer in stride(from: min(level, topLayer), through: 0, by: -1) {
                let candidates = searchLayer(query, entries: entries, breadth: constructionBreadth, layer: layer)
                let chosen = selectNeighbours(candidates, count: maximumConnections)
                links[node][layer] = chosen.map { Int32($0.node) }
                for neighbour in chosen { link(neighbour.node, to: node, similarity: neighbour.similarity, layer: layer) }
                entries = candidates.map(\.node)
            }
        }
        if level > topLayer { entryPoint = node }
        // end exercise
    }

    /// Adds `node` to `neighbour`'s links; when they overflow, the heuristic picks again
    /// among the old links and the new one.
    func link(_ neighbour: Int, to node: Int, similarity: Float, layer: Int) {
        links[neighbour][layer].append(Int32(node))
        guard links[neighbour][layer].count > capacity(layer) else { return }
        let base = neighbour * dimension
        let candidates = vectors.withUnsafeBufferPointer { v in
            links[neighbour][layer].map { (node: Int($0), similarity: cblas_sdot(Int32(dimension), v.baseAddress! + base, 1, v.baseAddress! + Int($0) * dimension, 1)) }
        }.sorted { ($0.similarity, -$0.node) > ($1.similarity, -$1.node) }
        links[neighbour][layer] = selectNeighbours(candidates, count: capacity(layer)).map { Int32($0.node) }
    }

    /// The heuristic of Malkov and Yashunin's Algorithm 4: walk the candidates from the most
    /// similar; keep one if it is more similar to the base than to every one kept so far. If
    /// fewer than `count` pass, fill up with the most similar of the rest (their
    /// keepPrunedConnections).
    func selectNeighbours(_ candidates: [(node: Int, similarity: Float)], count: Int) -> [(node: Int, similarity: Float)] {
        var kept: [(node: Int, similarity: Float)] = [], pruned: [(node: Int, similarity: Float)] = []
        vectors.withUnsafeBufferPointer { v in
            for c in candidates where kept.count < count {
                let diverse = kept.allSatisfy { k in
                    cblas_sdot(Int32(dimension), v.baseAddress! + c.node * dimension, 1, v.baseAddress! + k.node * dimension, 1) < c.similarity
                }
                if diverse { kept.append(c) } else { pruned.append(c) }
            }
        }
        return kept + pruned.prefix(count - kept.count)
    }
    // end listing

    /// One greedy walk on `layer`: move to the most similar neighbour until none is better.
    func greedyClosest(from start: Int, to query: UnsafePointer<Float>, layer: Int) -> Int {
        var current = start, best = similarity(start, query), moved = true
        while moved {
            moved = false
            for n in links[current][layer] {
                let s = similarity(Int(n), query)
                if s > best { best = s; current = Int(n); moved = true }
            }
        }
        return current
    }

    // listing: hnsw-search-layer
    /// The `breadth` nodes most similar to `query` that a best-first walk of `layer` finds
    /// from `entries`, most similar first (ties to the lower node). `candidates` holds the
    /// nodes still to expand, best first; the walk stops when the best of them is worse than
    /// the worst of the `breadth` found.
    func searchLayer(_ query: UnsafePointer<Float>, entries: [Int], breadth: Int, layer: Int) -> [(node: Int, similarity: Float)] {
        currentStamp &+= 1
        if currentStamp == 0 { for i in visitStamp.indices { visitStamp[i] = 0 }; currentStamp = 1 }
        for e in entries { visitStamp[e] = currentStamp }
        var candidates = Heap<Scored>()   // the most similar on top
        var found = Heap<Scored>()        // similarity negated: the least similar on top (of equals, the higher node)
        for e in entries {
            let s = similarity(e, query)
            candidates.push(Scored(similarity: s, node: e))
            found.push(Scored(similarity: -s, node: e))
        }
        while found.count > breadth { _ = found.pop() }
        while let best = candidates.pop() {
            if best.similarity < -found.top!.similarity { break }
            for n in links[best.node][layer] where visitStamp[Int(n)] != currentStamp {
                visitStamp[Int(n)] = currentStamp
                let s = similarity(Int(n), query)
                if found.count < breadth || s > -found.top!.similarity {
                    candidates.push(Scored(similarity: s, node: Int(n)))
                    found.push(Scored(similarity: -s, node: Int(n)))
                    if found.count > breadth { _ = found.pop() }
                }
            }
        }
        return found.elements.map { (node: $0.node, similarity: -$0.similarity) }
            .sorted { ($0.similarity, -$0.node) > ($1.similarity, -$1.node) }
    }
    // end listing

    /// The (approximately) `k` most similar stored vectors to `query`, most similar first,
    /// searching layer 0 with ef = max(`breadth`, k). Throws `ArgumentError` for k or breadth
    /// below 1, or a query of the wrong length or with a value that is not finite.
    public func nearest(_ k: Int, to query: [Float], breadth: Int = 64) throws -> [(index: Int, similarity: Float)] {
        try ArgumentError.requireAtLeast(1, k, "k")
        try ArgumentError.requireAtLeast(1, breadth, "breadth")
        try ArgumentError.require(query.count == dimension, "query.count", query.count, allowed: "must equal the dimension (\(dimension))")
        if let bad = query.firstIndex(where: { !$0.isFinite }) {
            throw ArgumentError(parameter: "query[\(bad)]", value: "\(query[bad])", allowed: "values must be finite")
        }
        guard entryPoint >= 0 else { return [] }
        return query.withUnsafeBufferPointer { q in
            var nearest = entryPoint
            for layer in stride(from: topLayer, to: 0, by: -1) { nearest = greedyClosest(from: nearest, to: q.baseAddress!, layer: layer) }
            return searchLayer(q.baseAddress!, entries: [nearest], breadth: max(breadth, k), layer: 0).prefix(k).map { ($0.node, $0.similarity) }
        }
    }

    /// The links of every node on layer 0, for tests of the graph's invariants.
    public var baseLayerLinks: [[Int]] { links.map { $0[0].map(Int.init) } }
}
