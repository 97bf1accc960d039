import Testing
import GSL
import Numerics
import Retrieval
import RetrievalExperiments
import WorkbookTesting

@Suite("M11 · Retrieval: an HNSW index written by hand")
struct HNSWTests {
    @Test("The graph keeps its invariants: at most 2M links on layer 0, none to itself, none twice")
    func graphInvariants() throws {
        let data = try ClusteredVectors(dimension: 32, count: 2_000, clusters: 20, latentDimension: 4, seed: 5)
        let index = try HNSWIndex(dimension: 32, maximumConnections: 8, constructionBreadth: 40)
        for i in 0..<data.count { try index.add(data.vector(i)) }
        for (node, links) in index.baseLayerLinks.enumerated() {
            #expect(!links.isEmpty && links.count <= 16, "node \(node): \(links.count) links")
            #expect(!links.contains(node) && Set(links).count == links.count, "node \(node)")
        }
        #expect(index.topLayer >= 1)
        // Every stored vector finds itself first.
        for i in stride(from: 0, to: data.count, by: 97) { #expect(try index.nearest(1, to: data.vector(i)).first?.index == i) }
    }

    @Test("The same seed builds the same graph")
    func deterministic() throws {
        let data = try ClusteredVectors(dimension: 16, count: 500, clusters: 5, latentDimension: 4, seed: 6)
        let graphs = try (0..<2).map { _ in
            let index = try HNSWIndex(dimension: 16, maximumConnections: 6, constructionBreadth: 20, seed: 3)
            for i in 0..<data.count { try index.add(data.vector(i)) }
            return index.baseLayerLinks
        }
        #expect(graphs[0] == graphs[1])
    }

    @Test("The index refuses what it cannot use, naming it")
    func refusals() throws {
        #expect(throws: ArgumentError.self) { try HNSWIndex(dimension: 0) }
        #expect(throws: ArgumentError.self) { try HNSWIndex(dimension: 4, maximumConnections: 1) }
        #expect(throws: ArgumentError.self) { try HNSWIndex(dimension: 4, maximumConnections: 8, constructionBreadth: 4) }
        let index = try HNSWIndex(dimension: 4)
        #expect(try index.nearest(3, to: [1, 0, 0, 0]).isEmpty)
        let wrong = #expect(throws: ArgumentError.self) { try index.add([1, 0, 0]) }
        #expect(wrong?.parameter == "vector.count")
        let nan = #expect(throws: ArgumentError.self) { try index.add([1, .nan, 0, 0]) }
        #expect(nan?.parameter == "vector[1]")
        try index.add([1, 0, 0, 0])
        #expect(throws: ArgumentError.self) { try index.nearest(0, to: [1, 0, 0, 0]) }
        #expect(throws: ArgumentError.self) { try index.nearest(1, to: [1, 0, 0, 0], breadth: 0) }
        #expect(throws: ArgumentError.self) { try index.nearest(1, to: [.infinity, 0, 0, 0]) }
    }
}
