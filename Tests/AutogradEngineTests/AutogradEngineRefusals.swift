import Testing
import AutogradEngine
import GSL
import Numerics
import WorkbookTesting

/// What the engine refuses: a second backward pass through a released graph, and shapes
/// that do not fit an operation.
@Suite("M3 · Autograd engine: what the engine refuses")
struct AutogradEngineRefusals {
    /// t = [1], k = 2t, l₁ = Σ 2k, l₂ = Σ 3k: ∂(l₁ + l₂)/∂t = 4 + 6 = 10.
    static func sharedGraph() throws -> (t: Tensor, l1: Tensor, l2: Tensor) {
        let t = try Tensor([1], shape: [1])
        let k = t * 2
        return (t, try (k * 2).sum(), try (k * 3).sum())
    }

    @Test("A second backward pass through a released graph throws, naming the node, and changes no gradient")
    func secondPassThroughAReleasedGraph() throws {
        let (t, l1, l2) = try Self.sharedGraph()
        try l1.backward()
        #expect(t.gradient == [4])
        #expect(throws: ReleasedGraphError(operation: "×", shape: [1])) { try l2.backward() }
        #expect(t.gradient == [4], "the refused pass left the leaf alone")
    }

    @Test("With retainingGraph the second pass adds its share: t's gradient is 4 + 6 = 10")
    func retainedGraphAccumulates() throws {
        let (t, l1, l2) = try Self.sharedGraph()
        try l1.backward(retainingGraph: true)
        try l2.backward()
        #expect(t.gradient == [10])
        let (u, m1, _) = try Self.sharedGraph()
        try m1.backward(retainingGraph: true)
        try m1.backward()
        #expect(u.gradient == [8], "the same loss twice: leaves accumulate, intermediate gradients start afresh")
    }

    @Test("backward() starts from a scalar, and only leaves are updated in place")
    func scalarsAndLeaves() throws {
        let x = try Tensor([1, 2], shape: [2])
        #expect(throws: ArgumentError.self) { try (x * x).backward() }
        #expect(throws: ArgumentError.self) { try (x * 2).update { _, _ in } }
        #expect(throws: ArgumentError.self) { try x.scalar }
    }

    @Test("Edge cases a search for breaking inputs found: an empty axis broadcasts, sizes that overflow and updates that resize are refused")
    func searchedEdgeCases() throws {
        #expect(try (Tensor([], shape: [0, 2]) + Tensor([1, 2], shape: [2])).shape == [0, 2])
        #expect(try (Tensor([], shape: [0]) * 2).shape == [0])
        #expect(throws: ArgumentError.self) { try Tensor([], shape: [Int.max, 2]) }
        #expect(throws: ArgumentError.self) { try Tensor([], shape: [0]).reshaped([Int.max, 2, 0]) }
        let t = try Tensor([1, 2], shape: [2])
        #expect(throws: ArgumentError.self) { try t.update { values, _ in values = [] } }
        #expect(t.values == [1, 2], "a refused update leaves the values as they were")
    }

    @Test("Property: 300 seeded random shape mismatches and bad indices are refused by every operation, never a crash")
    func randomInvalidShapes() {
        expectEveryDrawRefused(draws: 300, seed: 31, "tensor operation") { g in
            let (m, n) = (1 + (try g.integer(below: 4)), 2 + (try g.integer(below: 4)))
            let a = try Tensor(Array(repeating: 0.5, count: m * n), shape: [m, n])
            let wrong = try Tensor(Array(repeating: 1, count: (n + 1) * 2), shape: [n + 1, 2])
            switch try g.integer(below: 11) {
            case 0: _ = try a + Tensor(Array(repeating: 1, count: n + 1), shape: [n + 1])      // n ≥ 2: neither size is 1
            case 1: _ = try a.matmul(wrong)
            case 2: _ = try a.rows(at: [try g.invalidIndex(below: m)])
            case 3: _ = try a.crossEntropy(targets: try g.corrupting(Array(repeating: 0, count: m), below: n))
            case 4: _ = try a.crossEntropy(targets: Array(repeating: 0, count: m + 1))
            case 5: _ = try a.reshaped([m * n + 1])
            case 6: _ = try a.sum(axis: try g.invalidIndex(below: 2))
            case 7: _ = try a.columns(0..<(n + 1))
            case 8: _ = try Tensor.concatenateRows([a, wrong.transposed()])          // widths n and n + 1
            case 9: _ = try Tensor(Array(repeating: 0, count: m * n + 1), shape: [m, n])
            default: _ = try Tensor(scalar: 1).softmax()
            }
        }
    }
}
