/// What a practice workspace's stub throws in place of code the learner has not written yet
/// (`workbook practice start`): which exercise it is and what to write. The workbook's own
/// sources never throw it.
public struct ExerciseHole: Error, CustomStringConvertible, Equatable, Sendable {
    /// "M1.2": milestone 1, exercise 2.
    public let id: String
    /// What to write, as the source's exercise marker says it.
    public let task: String

    public init(_ id: String, _ task: String) {
        self.id = id
        self.task = task
    }

    public var description: String {
        "Exercise \(id) is not written yet: \(task). `workbook practice hint \(id)` gives a hint."
    }
}
