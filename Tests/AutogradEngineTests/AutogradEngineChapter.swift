import Foundation
import Testing
import ExperimentRecords
import Numerics
import WorkbookTesting
import AutogradEngine
import AutogradEngineExperiments

@Suite("M3 · Autograd engine: chapter and building blocks")
struct AutogradEngineChapter {
    @Test("Chapter 3's listings match their sources")
    func listingsMatchSources() throws {
        try expectListingsMatchSources(of: .autogradEngine, minimum: 5)
    }

    @Test("Broadcasting follows numpy's rule on hand-worked shapes")
    func broadcasting() throws {
        #expect(try broadcastShape([3, 4], [4], "+") == [3, 4])
        #expect(try broadcastShape([3, 1], [1, 4], "+") == [3, 4])
        #expect(try broadcastShape([2, 3, 4], [3, 1], "+") == [2, 3, 4])
        #expect(try broadcastIndices(from: [3, 1], to: [3, 2]) == [0, 0, 1, 1, 2, 2])
        #expect(try broadcastIndices(from: [2], to: [3, 2]) == [0, 1, 0, 1, 0, 1])
        #expect(throws: ArgumentError.self) { try broadcastIndices(from: [2], to: [3]) }
        #expect(throws: ArgumentError.self) { try broadcastIndices(from: [1, 3], to: [3]) }
    }

    @Test("Hand-worked forward values: softmax rows sum to 1, cross-entropy of uniform logits is ln C")
    func forwardValues() throws {
        let logits = try Tensor([1, 2, 3, 1000, 1000, 1000], shape: [2, 3])
        let p = try logits.softmax().values
        #expect(abs(p[0] + p[1] + p[2] - 1) < 1e-15 && abs(p[3] - 1.0 / 3) < 1e-15)
        #expect(try abs(Tensor(Array(repeating: 0, count: 8), shape: [2, 4]).crossEntropy(targets: [0, 3]).scalar - log(4)) < 1e-15)
        #expect(try Tensor([1, 2, 3, 4, 5, 6], shape: [2, 3]).transposed().values == [1, 4, 2, 5, 3, 6])
        #expect(try Tensor([1, 2, 3, 4, 5, 6], shape: [2, 3]).sum(axis: 0).values == [5, 7, 9])
    }

    @Test("Normalized rows have mean 0 and variance 1; a causally masked softmax puts weight 0 above the diagonal and sums to 1 per row")
    func transformerBuildingBlocks() throws {
        let x = try Tensor([1, 2, 3, 4, -10, 0, 10, 20], shape: [2, 4])
        let y = try x.normalizedRows(epsilon: 0).values
        for r in 0..<2 {
            let row = y[(r * 4)..<((r + 1) * 4)]
            #expect(abs(row.reduce(0, +)) < 1e-12 && abs(row.reduce(0) { $0 + $1 * $1 } / 4 - 1) < 1e-12)
        }
        let p = try Tensor((0..<16).map { Double($0) * 0.3 - 2 }, shape: [4, 4]).causallyMasked().softmax().values
        for r in 0..<4 {
            #expect(abs((0..<4).reduce(0) { $0 + p[r * 4 + $1] } - 1) < 1e-15)
            for c in (r + 1)..<4 { #expect(p[r * 4 + c] == 0) }
        }
        #expect(p[0] == 1)
    }
}

