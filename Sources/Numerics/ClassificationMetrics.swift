/// The fraction of predictions equal to their labels.
public func accuracy(predictions: [Int], labels: [Int]) -> Double {
    precondition(predictions.count == labels.count && !labels.isEmpty, "need equally many, at least one")
    let correct = zip(predictions, labels).filter { $0 == $1 }.count
    return Double(correct) / Double(labels.count)
}

/// Counts of (true class, predicted class) pairs.
public struct ConfusionMatrix: Equatable, Sendable, Codable {
    public let classNames: [String]
    /// `counts[actual][predicted]`.
    public let counts: [[Int]]

    public init(predictions: [Int], labels: [Int], classNames: [String]) {
        precondition(predictions.count == labels.count, "need equally many predictions and labels")
        var counts = Array(repeating: Array(repeating: 0, count: classNames.count), count: classNames.count)
        for (predicted, actual) in zip(predictions, labels) { counts[actual][predicted] += 1 }
        self.classNames = classNames
        self.counts = counts
    }
}
