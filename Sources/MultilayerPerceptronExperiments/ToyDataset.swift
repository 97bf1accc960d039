import Foundation
import GSL
import ExperimentRecords
import Numerics
import LogisticRegressionExperiments

/// M2's seeded 2-D data sets: none of them can be separated by a line.
public struct ToyDataset: Equatable, Sendable {
    public enum Shape: Equatable, Sendable {
        /// Four Gaussian clusters at (±1, ±1); opposite corners share a class.
        case xor(spread: Double)
        /// Two interleaved half circles with Gaussian noise (as scikit-learn's make_moons).
        case twoMoons(noise: Double)
        /// Two interleaved spirals of `turns` turns, radius growing to 1, with Gaussian noise.
        case twoSpirals(turns: Double, noise: Double)
    }

    public var name: String
    public var shape: Shape
    public var pointsPerClass: Int
    public var trainFraction: Double
    public var seed: UInt

    public static let xor = ToyDataset(name: "xor", shape: .xor(spread: 0.15), pointsPerClass: 100, trainFraction: 0.8, seed: 2)
    public static let twoMoons = ToyDataset(name: "two_moons", shape: .twoMoons(noise: 0.15), pointsPerClass: 250, trainFraction: 0.8, seed: 3)
    public static let twoSpirals = ToyDataset(name: "two_spirals", shape: .twoSpirals(turns: 2, noise: 0.05), pointsPerClass: 200, trainFraction: 0.8, seed: 4)
    public static let all = [xor, twoMoons, twoSpirals]

    /// Draws the points (class 0 first) and splits them, all from one seeded generator.
    public func generate() throws -> TrainTestSplit {
        let generator = RandomGenerator(seed: seed)
        var rows: [[Double]] = []
        var labels: [Int] = []
        for label in 0...1 {
            for index in 0..<pointsPerClass {
                try rows.append(point(label: label, index: index, generator))
                labels.append(label)
            }
        }
        return try TrainTestSplit(LabeledDataset(features: Matrix(rows), labels: labels),
                              trainFraction: trainFraction, generator: generator)
    }

    private func point(label: Int, index: Int, _ generator: RandomGenerator) throws -> [Double] {
        switch shape {
        case .xor(let spread):
            // Class 0 at (−1, −1) and (1, 1); class 1 at (−1, 1) and (1, −1); alternate corners.
            let corner = index % 2 == 0 ? -1.0 : 1.0
            let center = label == 0 ? [corner, corner] : [corner, -corner]
            return center.map { generator.gaussian(mean: $0, standardDeviation: spread) }
        case .twoMoons(let noise):
            let t = Double.pi * generator.uniform()
            let base = label == 0 ? [cos(t), sin(t)] : [1 - cos(t), 0.5 - sin(t)]
            return base.map { generator.gaussian(mean: $0, standardDeviation: noise) }
        case .twoSpirals(let turns, let noise):
            // √u spreads points evenly along the spiral's area; the second arm is the first turned by π.
            let fraction = generator.uniform().squareRoot()
            let angle = fraction * turns * 2 * .pi + Double(label) * .pi
            return [fraction * cos(angle), fraction * sin(angle)].map { generator.gaussian(mean: $0, standardDeviation: noise) }
        }
    }

    public var fixturePath: String { "Fixtures/m2_\(name).csv" }

    public func csv() throws -> String { try generate().csv() }

    /// A one-line description for the log's Setup section.
    public var summary: String {
        let described: String
        switch shape {
        case .xor(let spread): described = "XOR: four Gaussian clusters at (±1, ±1), σ = \(compact(spread))"
        case .twoMoons(let noise): described = "two moons, noise σ = \(compact(noise))"
        case .twoSpirals(let turns, let noise): described = "two spirals of \(compact(turns)) turns, noise σ = \(compact(noise))"
        }
        return "\(described), \(pointsPerClass) points per class, seed \(seed), \(Int(trainFraction * 100))/\(100 - Int(trainFraction * 100)) split; `\(fixturePath)`"
    }
}
