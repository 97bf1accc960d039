import GSL

/// Feature rows with an integer class label each.
public struct LabeledDataset: Equatable, Sendable {
    public let features: Matrix
    public let labels: [Int]

    public init(features: Matrix, labels: [Int]) {
        precondition(features.rows == labels.count,
                     "\(features.rows) feature rows but \(labels.count) labels")
        self.features = features
        self.labels = labels
    }

    public var count: Int { labels.count }

    public func selecting(_ indices: [Int]) -> LabeledDataset {
        LabeledDataset(features: features.selectingRows(indices), labels: indices.map { labels[$0] })
    }
}

/// A seeded train/test partition of one data set.
public struct TrainTestSplit: Equatable, Sendable {
    public let train: LabeledDataset
    public let test: LabeledDataset
    /// Which rows of the original data set went to each part, in the parts' order.
    public let trainIndices: [Int]
    public let testIndices: [Int]

    /// Shuffles with `generator` and puts the first `trainFraction` of rows in `train`.
    public init(_ data: LabeledDataset, trainFraction: Double, generator: RandomGenerator) {
        precondition(trainFraction > 0 && trainFraction < 1, "trainFraction must be in (0, 1)")
        let order = generator.permutation(of: data.count)
        let trainCount = Int((Double(data.count) * trainFraction).rounded())
        trainIndices = Array(order[..<trainCount])
        testIndices = Array(order[trainCount...])
        train = data.selecting(trainIndices)
        test = data.selecting(testIndices)
    }
}

extension TrainTestSplit {
    /// A 2-D data set as CSV (`x1,x2,label,split`), one row per point in the original order.
    public func csv() -> String {
        precondition(train.features.columns == 2, "csv() writes 2-D data sets")
        var rows = Array(repeating: "", count: train.count + test.count)
        for (part, indices, name) in [(train, trainIndices, "train"), (test, testIndices, "test")] {
            for (position, index) in indices.enumerated() {
                rows[index] = "\(part.features[position, 0]),\(part.features[position, 1]),\(part.labels[position]),\(name)"
            }
        }
        return "x1,x2,label,split\n" + rows.map { $0 + "\n" }.joined()
    }
}
