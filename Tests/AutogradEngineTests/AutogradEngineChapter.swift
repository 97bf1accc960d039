import Foundation
import Testing
import WorkbookCore
import WorkbookTesting
@testable import AutogradEngine

@Suite("M3 · Autograd engine: chapter and building blocks")
struct AutogradEngineChapter {
    @Test("Chapter 3's listings match their sources")
    func listingsMatchSources() throws {
        try expectListingsMatchSources(chapter: "Chapters/03-AutogradEngine.md", minimum: 5)
    }

    @Test("Broadcasting follows numpy's rule on hand-worked shapes")
    func broadcasting() {
        #expect(broadcastShape([3, 4], [4]) == [3, 4])
        #expect(broadcastShape([3, 1], [1, 4]) == [3, 4])
        #expect(broadcastShape([2, 3, 4], [3, 1]) == [2, 3, 4])
        #expect(broadcastIndices(from: [3, 1], to: [3, 2]) == [0, 0, 1, 1, 2, 2])
        #expect(broadcastIndices(from: [2], to: [3, 2]) == [0, 1, 0, 1, 0, 1])
    }

    @Test("Hand-worked forward values: softmax rows sum to 1, cross-entropy of uniform logits is ln C")
    func forwardValues() {
        let logits = Tensor([1, 2, 3, 1000, 1000, 1000], shape: [2, 3])
        let p = logits.softmax().values
        #expect(abs(p[0] + p[1] + p[2] - 1) < 1e-15 && abs(p[3] - 1.0 / 3) < 1e-15)
        #expect(abs(Tensor(Array(repeating: 0, count: 8), shape: [2, 4]).crossEntropy(targets: [0, 3]).scalar - log(4)) < 1e-15)
        #expect(Tensor([1, 2, 3, 4, 5, 6], shape: [2, 3]).transposed().values == [1, 4, 2, 5, 3, 6])
        #expect(Tensor([1, 2, 3, 4, 5, 6], shape: [2, 3]).sum(axis: 0).values == [5, 7, 9])
    }
}
