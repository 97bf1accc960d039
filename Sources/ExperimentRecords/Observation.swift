/// One line of an entry's Observations. Most describe what the run measured and hold
/// whatever the verdict; an observation that states an outcome ("the gradient matched GSL")
/// names the outcome test that judges it and says what to write instead when that test
/// fails, so a failed entry never claims success.
public struct Observation: Codable, Equatable, Sendable, ExpressibleByStringInterpolation {
    /// What the run showed, said as the outcome being reached when `judgedBy` is set.
    public var text: String
    /// The display name of the outcome test whose verdict `text` states, if any.
    public var judgedBy: String?
    /// Said instead of `text` when that test failed (or did not judge this record).
    public var ifFailed: String?

    public init(stringLiteral text: String) {
        self.text = text
    }

    public init(stringInterpolation: DefaultStringInterpolation) {
        self.text = String(stringInterpolation: stringInterpolation)
    }

    /// An observation stating the outcome of the test named `test`: `passed` when it passed,
    /// `failed` (written from the same numbers) when it did not.
    public static func judged(by test: String, passed: String, failed: String) -> Observation {
        var observation = Observation(stringLiteral: passed)
        observation.judgedBy = test
        observation.ifFailed = failed
        return observation
    }
}
