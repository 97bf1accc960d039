import Foundation
import Testing
import GSL
import Numerics
import WorkbookTesting

/// What the numeric core refuses, and the non-finite values it no longer lets pass.
@Suite("Numerics · what the core refuses")
struct NumericsRefusals {
    @Test("A gradient check whose numeric derivative is −∞ fails and says why; its summary is ∞, not hidden")
    func nonFiniteGradientCheckFails() throws {
        // log at 10⁻³ with a step of 10⁻³: the central difference reaches log(0) = −∞.
        let check = try GradientCheck(function: { log($0[0]) }, gradient: [0], at: [1e-3], relativeTolerance: 1e-6, initialStep: 1e-3)
        #expect(!check.passes)
        #expect(check.maxRelativeError == .infinity)
        #expect(check.failures.first?.failureReason?.contains("not finite") == true, "\(check.failures.first?.failureReason ?? "no reason")")
        let wrong = try GradientCheck(function: { $0[0] * $0[0] }, gradient: [.nan], at: [2], relativeTolerance: 1e-6)
        #expect(!wrong.passes && wrong.maxRelativeError == .infinity)
        #expect(throws: ArgumentError(parameter: "gradient.count", value: "2", allowed: "one partial derivative per coordinate of the point (1)")) {
            try GradientCheck(function: { $0[0] }, gradient: [1, 2], at: [0], relativeTolerance: 1e-6)
        }
    }

    @Test("The Euclidean norm of [1e200, 1e200] is 1.41e200, not ∞; NaN and ∞ entries give NaN and ∞")
    func normWithoutOverflow() {
        let norm = euclideanNorm([[1e200], [1e200]])
        #expect(abs(norm / (2.0.squareRoot() * 1e200) - 1) < 1e-15)
        #expect(euclideanNorm([[3, 4]]) == 5)
        #expect(abs(euclideanNorm([[3e-200, 4e-200]]) / 5e-200 - 1) < 1e-15, "no underflow either")
        #expect(euclideanNorm([[]]) == 0)
        #expect(euclideanNorm([[1, .nan]]).isNaN)
        #expect(euclideanNorm([[1, -.infinity]]) == .infinity)
    }

    @Test("Labels outside 0..<classes are refused where a data set is built, naming the row and the value")
    func labelsOutsideTheClasses() throws {
        let features = try Matrix([[0, 1], [1, 0], [2, 2]])
        #expect(throws: ArgumentError(parameter: "labels[0]", value: "-1", allowed: "class labels must be in 0..<2")) {
            try LabeledDataset(features: features, labels: [-1, 1, 1])
        }
        #expect(throws: ArgumentError(parameter: "labels[2]", value: "3", allowed: "class labels must be in 0..<3")) {
            try LabeledDataset(features: features, labels: [0, 2, 3], classes: 3)
        }
        #expect(throws: ArgumentError.self) { try LabeledDataset(features: features, labels: [0, 1]) }
        #expect(throws: ArgumentError.self) { try ConfusionMatrix(predictions: [0, 2], labels: [0, 1], classNames: ["a", "b"]) }
    }

    @Test("An ArgumentError says the parameter, the value and what is allowed")
    func messageNamesEverything() {
        let error = ArgumentError(parameter: "targets[1]", value: "11", allowed: "token ids must be in 0..<11")
        #expect(error.description == "targets[1] = 11: token ids must be in 0..<11")
    }

    @Test("Sampling refuses probabilities that are not a distribution and never draws a zero-probability index")
    func sampleIndexRefusals() throws {
        let generator = RandomGenerator(seed: 3)
        #expect(throws: ArgumentError.self) { try sampleIndex([], generator: generator) }
        #expect(throws: ArgumentError.self) { try sampleIndex([0.5, .nan, 0.5], generator: generator) }
        #expect(throws: ArgumentError.self) { try sampleIndex([0.5, 0.6], generator: generator) }
        #expect(throws: ArgumentError.self) { try sampleIndex([1.5, -0.5], generator: generator) }
        for _ in 0..<1000 { #expect(try sampleIndex([0.3, 0.7, 0], generator: generator) != 2) }
    }

    @Test("Edge cases a search for breaking inputs found: sizes that overflow, bounds GSL cannot draw, NaN starts, asymmetric matrices")
    func searchedEdgeCases() throws {
        #expect(throws: ArgumentError.self) { try Matrix(rows: Int.max, columns: 2) }
        #expect(throws: ArgumentError.self) { try Matrix(rows: Int.max, columns: 2, entries: []) }
        #expect(throws: ArgumentError.self) { try squareProductFloat([], [], n: Int.max, kernel: .reference) }
        #expect(throws: GSLError.self) { try RandomGenerator(seed: 1).integer(below: 1 << 40) }
        #expect(try RandomGenerator(seed: 1).integer(below: 1 << 32) >= 0)
        #expect(throws: GSLError.self) { try minimizeBFGS(start: [.nan]) { x in (x[0] * x[0], [2 * x[0]]) } }
        #expect(throws: GSLError.self) { try minimizeBFGS(start: [1]) { _ in (.nan, [1]) } }
        #expect(throws: GSLError.self) { try symmetricEigenvalues(of: [0, 1, 0, 0], dimension: 2) }
        #expect(throws: GSLError.self) { try symmetricEigenvalues(of: [], dimension: Int.max) }
        #expect(throws: GSLError.self) { try centralDerivative(of: { $0 }, at: .nan) }
    }

    @Test("Property: 200 seeded random shape mismatches in Matrix products and constructors are refused, never a crash")
    func randomShapeMismatches() {
        expectEveryDrawRefused(draws: 200, seed: 21, "matrix shapes") { g in
            let (m, k, n) = (1 + (try g.integer(below: 5)), 1 + (try g.integer(below: 5)), 1 + (try g.integer(below: 5)))
            let other = k + 1 + (try g.integer(below: 3))
            let a = try Matrix(rows: m, columns: k), b = try Matrix(rows: other, columns: n)
            switch try g.integer(below: 7) {
            case 0: _ = try a.multiplied(by: b)
            case 1: _ = try a.transposeMultiplied(by: Matrix(rows: m + 1, columns: n))
            case 2: _ = try a.multipliedByTranspose(of: Matrix(rows: n, columns: other))
            case 3: _ = try a.multiplied(by: Array(repeating: 1, count: other))
            case 4: _ = try Matrix(rows: m, columns: k, entries: Array(repeating: 0, count: m * k + 1))
            case 5: _ = try a.selectingRows([try g.invalidIndex(below: m)])
            default: _ = try Matrix(rows: -m, columns: k)
            }
        }
    }
}
