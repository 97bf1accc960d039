import Foundation
import GSL
import ExperimentRecords
import Numerics
import Optimization

/// The UCI handwritten digits (`Fixtures/digits/`): 8×8 images, pixels scaled to [0, 1].
public enum DigitsDataset {
    public static let path = "Fixtures/digits/digits.csv"
    public static let splitSeed: UInt = 2024
    public static let classNames = (0...9).map(String.init)

    /// Reads the CSV: 64 pixel counts in 0…16 and a label in 0…9 per line.
    public static func load(from url: URL) throws -> LabeledDataset {
        let text = try FileFormatError.readText(url)
        var pixels: [Double] = [], labels: [Int] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: true).enumerated() {
            let fields = line.split(separator: ",")
            guard fields.count == 65 else {
                throw FileFormatError(file: url.path, line: index + 1, problem: "expected 65 comma-separated values (64 pixels and a label), found \(fields.count)")
            }
            let numbers = fields.map { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard numbers.allSatisfy({ $0 != nil }) else {
                throw FileFormatError(file: url.path, line: index + 1, problem: "a value is not an integer")
            }
            let values = numbers.map { $0! }
            guard values.prefix(64).allSatisfy({ (0...16).contains($0) }), (0...9).contains(values[64]) else {
                throw FileFormatError(file: url.path, line: index + 1, problem: "pixels must lie in 0…16 and the label in 0…9")
            }
            pixels += values.prefix(64).map { Double($0) / 16 }
            labels.append(values[64])
        }
        guard !labels.isEmpty else { throw FileFormatError(file: url.path, line: 0, problem: "holds no rows") }
        return try LabeledDataset(features: Matrix(rows: labels.count, columns: 64, entries: pixels), labels: labels, classes: 10)
    }

    /// Train, validation and test parts, 60/20/20 by a seeded shuffle.
    public struct Split: Sendable {
        public let train: LabeledDataset
        public let validation: LabeledDataset
        public let test: LabeledDataset
    }

    public static func split(_ data: LabeledDataset, seed: UInt = splitSeed) throws -> Split {
        let order = try RandomGenerator(seed: seed).permutation(of: data.count)
        let trainEnd = data.count * 6 / 10, validationEnd = data.count * 8 / 10
        return Split(train: try data.selecting(Array(order[..<trainEnd])),
                     validation: try data.selecting(Array(order[trainEnd..<validationEnd])),
                     test: try data.selecting(Array(order[validationEnd...])))
    }

    /// The committed data set, split, read from the package root (the working directory of tests).
    public static func standardSplit(packageRoot: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)) throws -> Split {
        try split(load(from: packageRoot.appendingPathComponent(path)))
    }
}
