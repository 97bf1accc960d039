import Foundation
import GSL
import Testing
import Numerics

@Suite("Numerics · Stable math")
struct StableMathTests {
    @Test("Hand-worked values: σ(0) = 1/2, softplus(0) = ln 2, logsumexp(1000, 1000) = 1000 + ln 2")
    func handWorked() {
        #expect(sigmoid(0) == 0.5)
        #expect(softplus(0) == log(2))
        #expect(abs(logSumExp([1000, 1000]) - (1000 + log(2))) < 1e-12)
        #expect(logSumExp([]) == -.infinity)
    }

    @Test("No overflow, no NaN at extreme inputs", arguments: [-1e308, -1e4, -800, -30, 30, 800, 1e4, 1e308, -.infinity, .infinity])
    func extremes(z: Double) {
        let p = sigmoid(z)
        #expect(p >= 0 && p <= 1 && !p.isNaN)
        #expect(!softplus(z).isNaN && softplus(z) >= 0)
        #expect(!logSumExp([z, 0]).isNaN)
    }

    @Test("Identities hold at seeded random points: σ(−z) = 1 − σ(z), softplus(z) − softplus(−z) = z")
    func identities() {
        let generator = RandomGenerator(seed: 7)
        for _ in 0..<1_000 {
            let z = generator.gaussian(standardDeviation: 20)
            #expect(abs(sigmoid(-z) - (1 - sigmoid(z))) <= 1e-15)
            #expect(abs((softplus(z) - softplus(-z)) - z) <= 1e-12 * max(1, abs(z)))
        }
    }
}
