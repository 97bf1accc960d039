import Foundation
import Numerics

/// What a practice workspace remembers between commands (`.practice/state.json`).
public struct PracticeState: Codable, Equatable, Sendable {
    /// One test's verdict in the latest run that included it.
    public struct Verdict: Codable, Equatable, Sendable {
        public var displayName: String
        public var passed: Bool
        /// The first issue it recorded, if it failed.
        public var firstIssue: String?
    }

    /// The workbook commit the workspace was last brought up to date with.
    public var workbookCommit: String
    /// Milestones in practice, ascending.
    public var started: [Int] = []
    /// Started milestones whose exercises are all written and whose suite passed in full.
    public var solved: [Int] = []
    /// Exercises whose reference solution was shown.
    public var revealed: [String] = []
    /// By test ID, from the latest run of each suite.
    public var verdicts: [String: Verdict] = [:]
    /// When the latest test run ended (ISO 8601), if any.
    public var lastRun: String?

    /// Milestones later chapters build on as reference code: started and not solved.
    public var referenceMilestones: [Int] { started.filter { !solved.contains($0) } }

    static let path = ".practice/state.json"

    static func read(in workspace: URL) throws -> PracticeState {
        let file = workspace.appendingPathComponent(path)
        guard let data = FileManager.default.contents(atPath: file.path) else {
            throw PracticeError("\(workspace.path) is not a practice workspace (no \(path)); start one with `workbook practice start M1`")
        }
        do { return try JSONDecoder().decode(PracticeState.self, from: data) } catch {
            throw PracticeError("\(file.path) is damaged (\(Self.reason(error))); your code is untouched. Restore it from the workspace's history: `git -C \(workspace.path) checkout HEAD -- \(path)`")
        }
    }

    static func reason(_ error: Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): return "no '\(key.stringValue)' field"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context), DecodingError.dataCorrupted(let context):
            return context.debugDescription
        default: return "\(error)"
        }
    }

    public func write(in workspace: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let file = workspace.appendingPathComponent(Self.path)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try encoder.encode(self).write(to: file, options: .atomic)
    }
}

/// A practice command that cannot do what was asked: one sentence of what and what to do.
public struct PracticeError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
