/// What a training run went through, epoch by epoch.
public struct TrainingHistory: Equatable, Sendable {
    /// Training loss before each update, then after the last: `epochs + 1` values.
    public var losses: [Double]

    public init(losses: [Double]) {
        self.losses = losses
    }

    /// True when the loss never rose from one epoch to the next.
    public var decreasesMonotonically: Bool {
        zip(losses, losses.dropFirst()).allSatisfy { $1 <= $0 }
    }

    /// The first epoch whose loss is at or below `threshold`, if any.
    public func epochsToReach(_ threshold: Double) -> Int? {
        losses.firstIndex { $0 <= threshold }
    }
}
