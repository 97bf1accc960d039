import Testing
import GSL
import Numerics
import Retrieval
import WorkbookTesting

@Suite("M11 · Retrieval: exact vector search and rank fusion")
struct SearchTests {
    @Test("Exact search on BLAS returns the same neighbours as a loop over every vector")
    func exactSearchEqualsBruteForce() throws {
        let g = RandomGenerator(seed: 11), d = 16
        var index = try ExactVectorIndex(dimension: d), stored: [[Float]] = []
        for _ in 0..<500 {
            let v = (0..<d).map { _ in Float(g.gaussian()) }, norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
            stored.append(v.map { $0 / norm })
            try index.add(stored.last!)
        }
        for _ in 0..<20 {
            let q = stored[try g.integer(below: stored.count)].map { $0 + Float(0.1 * g.gaussian()) }
            let brute = stored.indices.map { i in (i, zip(stored[i], q).reduce(Float(0)) { $0 + $1.0 * $1.1 }) }
                .sorted { ($0.1, -$0.0) > ($1.1, -$1.0) }.prefix(10)
            let found = try index.nearest(10, to: q)
            #expect(found.map(\.index) == brute.map(\.0))
            for (a, b) in zip(found, brute) { #expect(abs(a.similarity - b.1) <= 1e-5) }
        }
    }

    @Test("Reciprocal rank fusion, worked by hand: 1/(60 + rank) summed over the rankings")
    func fusionByHand() throws {
        let fused = try ReciprocalRankFusion.scores([["a", "b", "c"], ["b", "d"]])
        #expect(abs(fused["b"]! - (1.0 / 62 + 1.0 / 61)) <= 1e-15)
        #expect(abs(fused["a"]! - 1.0 / 61) <= 1e-15)
        #expect(fused["b"]! > fused["a"]! && fused["a"]! > fused["d"]! && fused["d"]! > fused["c"]!)
    }

    @Test("Search and fusion refuse what they cannot use, naming it")
    func refusals() throws {
        var index = try ExactVectorIndex(dimension: 3)
        #expect(throws: ArgumentError.self) { try ExactVectorIndex(dimension: 0) }
        #expect(throws: ArgumentError.self) { try index.add([1, 2]) }
        let error = #expect(throws: ArgumentError.self) { try index.add([1, .nan, 0]) }
        #expect(error?.parameter == "vector[1]")
        #expect(throws: ArgumentError.self) { try index.nearest(0, to: [1, 0, 0]) }
        #expect(throws: ArgumentError.self) { try ReciprocalRankFusion.scores([["a", "a"]]) }
        #expect(throws: ArgumentError.self) { try ReciprocalRankFusion.scores([["a"]], k: -1) }
        #expect(try index.nearest(3, to: [1, 0, 0]).isEmpty)
    }
}
