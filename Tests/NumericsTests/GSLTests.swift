import Foundation
import GSL
import Testing
import Numerics

@Suite("Numerics · GSL layer")
struct GSLTests {
    @Test("gsl_deriv_central differentiates x·sin x at 1 within its own error estimate")
    func centralDifference() throws {
        let derivative = try centralDerivative(of: { $0 * sin($0) }, at: 1)
        let exact = sin(1.0) + cos(1.0)
        #expect(abs(derivative.value - exact) <= derivative.absoluteErrorEstimate)
        #expect(abs(derivative.value - exact) < 1e-9)
    }

    @Test("The gradient check accepts an exact gradient and rejects a wrong one")
    func gradientCheck() throws {
        // f(x, y) = x² y + sin y, ∇f = (2xy, x² + cos y)
        let f: ([Double]) -> Double = { $0[0] * $0[0] * $0[1] + sin($0[1]) }
        let point = [1.5, -0.7]
        let exact = [2 * 1.5 * -0.7, 1.5 * 1.5 + cos(-0.7)]
        #expect(try GradientCheck(function: f, gradient: exact, at: point, relativeTolerance: 1e-6).passes)
        let wrong = [exact[0], exact[1] * (1 + 1e-4)]
        let check = try GradientCheck(function: f, gradient: wrong, at: point, relativeTolerance: 1e-6)
        #expect(!check.passes)
        #expect(check.failures.map(\.index) == [1])
    }

    @Test("A seed fixes the random stream; another seed changes it")
    func seededGenerator() throws {
        let draws = { (seed: UInt) in
            let generator = RandomGenerator(seed: seed)
            return (0..<5).map { _ in generator.gaussian() } + [Double(try generator.integer(below: 1000))]
        }
        #expect(try draws(42) == draws(42))
        #expect(try draws(42) != draws(43))
    }

    @Test("A permutation holds every index exactly once")
    func permutation() throws {
        let order = try RandomGenerator(seed: 1).permutation(of: 100)
        #expect(order.sorted() == Array(0..<100))
        #expect(order != Array(0..<100))
    }

    @Test("Eigenvalues of a hand-worked symmetric matrix: [[2, 1], [1, 2]] has 1 and 3")
    func eigenvalues() throws {
        let values = try symmetricEigenvalues(of: [2, 1, 1, 2], dimension: 2)
        #expect(abs(values[0] - 1) < 1e-12 && abs(values[1] - 3) < 1e-12)
    }

    @Test("A GSL failure becomes a Swift error with GSL's message")
    func errorMessage() {
        let error = GSLError(status: 1, operation: "gsl_example")
        #expect(error.description == "GSL error 1 in gsl_example: input domain error")
    }
}
