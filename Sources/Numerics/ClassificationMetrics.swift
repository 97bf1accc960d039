/// The fraction of predictions equal to their labels; throws unless there are equally many,
/// at least one.
public func accuracy(predictions: [Int], labels: [Int]) throws -> Double {
    try ArgumentError.require(predictions.count == labels.count && !labels.isEmpty, "predictions.count", predictions.count,
                              allowed: "one prediction per label (\(labels.count)), at least one")
    let correct = zip(predictions, labels).filter { $0 == $1 }.count
    return Double(correct) / Double(labels.count)
}

/// Counts of (true class, predicted class) pairs.
public struct ConfusionMatrix: Equatable, Sendable, Codable {
    public let classNames: [String]
    /// `counts[actual][predicted]`.
    public let counts: [[Int]]

    /// Throws unless there are equally many predictions and labels, all in 0..<classNames.count.
    public init(predictions: [Int], labels: [Int], classNames: [String]) throws {
        try ArgumentError.require(predictions.count == labels.count, "predictions.count", predictions.count,
                                  allowed: "one prediction per label (\(labels.count))")
        try ArgumentError.requireAll(labels, in: 0..<classNames.count, "labels", meaning: "classes")
        try ArgumentError.requireAll(predictions, in: 0..<classNames.count, "predictions", meaning: "classes")
        var counts = Array(repeating: Array(repeating: 0, count: classNames.count), count: classNames.count)
        for (predicted, actual) in zip(predictions, labels) { counts[actual][predicted] += 1 }
        self.classNames = classNames
        self.counts = counts
    }
}
