import GSL
import ExperimentRecords
import Numerics

/// M1's data: two Gaussian blobs in the plane, one per class, split 80/20 into train and test.
public struct GaussianBlobs: Equatable, Sendable {
    public var negativeCenter: [Double]
    public var positiveCenter: [Double]
    public var standardDeviation: Double
    public var pointsPerClass: Int
    public var trainFraction: Double
    public var seed: UInt

    /// The configuration the chapter and the experiments log use.
    public static let chapterDefault = GaussianBlobs(
        negativeCenter: [-5, -5], positiveCenter: [5, 5], standardDeviation: 1,
        pointsPerClass: 100, trainFraction: 0.8, seed: 42)

    /// Draws the points (class 0 first, then class 1) and splits them, all from one seeded generator.
    public func generate() throws -> TrainTestSplit {
        let generator = RandomGenerator(seed: seed)
        var rows: [[Double]] = []
        var labels: [Int] = []
        for (label, center) in [negativeCenter, positiveCenter].enumerated() {
            for _ in 0..<pointsPerClass {
                rows.append(center.map { generator.gaussian(mean: $0, standardDeviation: standardDeviation) })
                labels.append(label)
            }
        }
        let data = try LabeledDataset(features: Matrix(rows), labels: labels)
        return try TrainTestSplit(data, trainFraction: trainFraction, generator: generator)
    }

    /// The data set as CSV (`x1,x2,label,split`), one row per point in generation order.
    public func csv() throws -> String { try generate().csv() }

    /// Where the CSV is committed, relative to the package root.
    public static let fixturePath = "Fixtures/m1_gaussian_blobs.csv"

    /// A one-line description for the log's Setup section.
    public var summary: String {
        "two Gaussian blobs, centres (\(negativeCenter.map(compact).joined(separator: ", "))) and (\(positiveCenter.map(compact).joined(separator: ", "))), σ = \(compact(standardDeviation)), \(pointsPerClass) points per class, seed \(seed)"
    }
}
