import Numerics

/// One practice exercise as its source marks it: the body a learner writes, between
/// `// exercise: M1.2 write lossAndGradient(on:), …` and `// end exercise`, inside a throwing
/// function (its hole throws `ExerciseHole`, so a stub compiles and fails the tests that use it).
public struct ExerciseRegion: Equatable, Sendable {
    /// "M1.2".
    public let id: String
    /// The marker's words after the id: what to write.
    public let task: String
    /// Path relative to the package root.
    public let file: String
    /// 1-based line of the begin marker.
    public let lineNumber: Int
    /// The reference solution: the lines between the markers.
    public let body: [String]

    /// The milestone number (1 for "M1.2").
    public var milestone: Int { Self.milestone(of: id) }
    /// The milestone number of an exercise id (1 for "M1.2").
    public static func milestone(of id: String) -> Int { Int(id.dropFirst().prefix { $0 != "." }) ?? 0 }
    /// The exercise's position in its milestone (2 for "M1.2").
    public var position: Int { Int(id.split(separator: ".").last ?? "") ?? 0 }

    /// `// exercise: ID TASK` … `// end exercise` in a Swift source.
    public static let markers = RegionMarkers(beginPrefix: "// exercise: ", endLine: "// end exercise")

    /// The hole: one line, indented like the body, that throws `ExerciseHole`.
    public var stub: [String] {
        let indent = body.first { !$0.trimmingSpaces.isEmpty }.map { String($0.prefix { $0 == " " }) } ?? "        "
        let quoted = task.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return [indent + "throw ExerciseHole(\"\(id)\", \"\(quoted)\")"]
    }

    /// Every exercise in `text`; `file` is its path relative to the package root.
    public static func all(in text: String, file: String) throws -> [ExerciseRegion] {
        try markers.regions(in: text, file: file).map { region in
            let words = region.argument.split(separator: " ", maxSplits: 1)
            guard let id = words.first, isExerciseID(id), words.count == 2 else {
                throw FileFormatError(file: file, line: region.lineNumber,
                                      problem: "an exercise marker needs an id like M1.2 and what to write: '// exercise: M1.2 write …'")
            }
            return ExerciseRegion(id: String(id), task: String(words[1]), file: file, lineNumber: region.lineNumber, body: region.body)
        }
    }

    /// True for "M<milestone>.<position>" with both numbers at least 1.
    public static func isExerciseID<S: StringProtocol>(_ text: S) -> Bool {
        let parts = text.dropFirst().split(separator: ".", omittingEmptySubsequences: false)
        return text.first == "M" && parts.count == 2 && parts.allSatisfy { Int($0).map { $0 >= 1 } ?? false }
    }

    /// `text` with the exercises whose ids `holes` returns punched: each body replaced by its stub.
    public static func punching(_ text: String, file: String, where holes: (ExerciseRegion) -> Bool) throws -> String {
        let exercises = try all(in: text, file: file)
        return try markers.rewriting(text, file: file) { region in
            let exercise = exercises.first { $0.lineNumber == region.lineNumber }!
            return holes(exercise) ? exercise.stub : nil
        }
    }

    /// `text` with the bodies of the exercises named in `bodies` replaced by those lines (a
    /// learner's work carried into a newer version of the file, or a reference solution).
    public static func filling(_ text: String, file: String, with bodies: [String: [String]]) throws -> String {
        let exercises = try all(in: text, file: file)
        return try markers.rewriting(text, file: file) { region in
            bodies[exercises.first { $0.lineNumber == region.lineNumber }!.id]
        }
    }

    /// True when `body` is still this exercise's hole.
    public func isHole(_ body: [String]) -> Bool {
        body.map(\.trimmingSpaces) == stub.map(\.trimmingSpaces)
    }
}
