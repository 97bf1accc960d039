import GSL

/// Feature rows with an integer class label each, every label in 0..<classes (binary data:
/// 0 and 1, never −1 and 1).
public struct LabeledDataset: Equatable, Sendable {
    public let features: Matrix
    public let labels: [Int]
    public let classes: Int

    /// Throws `ArgumentError` unless there is one label per row and each is in 0..<classes.
    public init(features: Matrix, labels: [Int], classes: Int = 2) throws {
        try ArgumentError.require(features.rows == labels.count, "labels.count", labels.count,
                                  allowed: "one label per feature row (\(features.rows))")
        try ArgumentError.requireAtLeast(2, classes, "classes")
        try ArgumentError.requireAll(labels, in: 0..<classes, "labels", meaning: "class labels")
        self.features = features
        self.labels = labels
        self.classes = classes
    }

    public var count: Int { labels.count }

    /// The rows at `indices`, in that order; throws for an index outside 0..<count.
    public func selecting(_ indices: [Int]) throws -> LabeledDataset {
        try LabeledDataset(features: features.selectingRows(indices), labels: indices.map { labels[$0] }, classes: classes)
    }
}

/// A seeded train/test partition of one data set.
public struct TrainTestSplit: Equatable, Sendable {
    public let train: LabeledDataset
    public let test: LabeledDataset
    /// Which rows of the original data set went to each part, in the parts' order.
    public let trainIndices: [Int]
    public let testIndices: [Int]

    /// Shuffles with `generator` and puts the first `trainFraction` of rows in `train`; throws
    /// unless the fraction is in (0, 1).
    public init(_ data: LabeledDataset, trainFraction: Double, generator: RandomGenerator) throws {
        try ArgumentError.require(trainFraction > 0 && trainFraction < 1, "trainFraction", trainFraction, allowed: "must be in (0, 1)")
        let order = try generator.permutation(of: data.count)
        let trainCount = Int((Double(data.count) * trainFraction).rounded())
        trainIndices = Array(order[..<trainCount])
        testIndices = Array(order[trainCount...])
        train = try data.selecting(trainIndices)
        test = try data.selecting(testIndices)
    }
}

extension TrainTestSplit {
    /// A 2-D data set as CSV (`x1,x2,label,split`), one row per point in the original order;
    /// throws for data that is not 2-D.
    public func csv() throws -> String {
        try ArgumentError.require(train.features.columns == 2, "features.columns", train.features.columns, allowed: "csv() writes 2-D data sets")
        var rows = Array(repeating: "", count: train.count + test.count)
        for (part, indices, name) in [(train, trainIndices, "train"), (test, testIndices, "test")] {
            for (position, index) in indices.enumerated() {
                rows[index] = "\(part.features[position, 0]),\(part.features[position, 1]),\(part.labels[position]),\(name)"
            }
        }
        return "x1,x2,label,split\n" + rows.map { $0 + "\n" }.joined()
    }
}
