import Foundation
import Numerics
import ExperimentRecords
import LiterateChapters

/// Every practice exercise of the workbook, read from its sources (`// exercise:` markers),
/// its chapters (`<!-- hint M1.2 -->` … `<!-- end hint -->`) and the per-exercise check's
/// record of which outcome tests notice each hole (`Fixtures/practice/exercise-checks.json`).
public struct ExerciseCatalog: Sendable {
    public let exercises: [ExerciseRegion]
    /// Hint text by exercise id.
    public let hints: [String: String]
    /// The outcome tests that failed with the exercise punched, by exercise id.
    public let checks: ExerciseChecks

    /// Where the per-exercise check writes what it measured, relative to the package root.
    public static let checksPath = "Fixtures/practice/exercise-checks.json"
    /// Chapter hint blocks.
    public static let hintMarkers = RegionMarkers(beginPrefix: "<!-- hint ", endLine: "<!-- end hint -->")

    /// Reads the catalog under `root` (a workbook checkout or its reference copy).
    public init(root: URL) throws {
        var found: [ExerciseRegion] = []
        for path in try Self.swiftFiles(below: root.appendingPathComponent("Sources"), root: root) {
            let text = try FileFormatError.readText(root.appendingPathComponent(path))
            guard text.contains("// exercise: ") else { continue }
            found += try ExerciseRegion.all(in: text, file: path)
        }
        exercises = found.sorted { ($0.milestone, $0.position) < ($1.milestone, $1.position) }
        var seen = Set<String>()
        for exercise in exercises where !seen.insert(exercise.id).inserted {
            throw FileFormatError(file: exercise.file, line: exercise.lineNumber, problem: "exercise \(exercise.id) is marked twice")
        }
        var hints: [String: String] = [:]
        for milestone in ExperimentRecords.Milestone.all {
            let file = milestone.chapter
            let text = try FileFormatError.readText(root.appendingPathComponent(file))
            for region in try Self.hintMarkers.regions(in: text, file: file) {
                // "> **Exercise M1.2** (practice mode): … \n> *Hint:* …": the hint is what follows "*Hint:*".
                let text = region.body.map { $0.hasPrefix("> ") ? String($0.dropFirst(2)) : $0 }.joined(separator: "\n")
                let hint = text.range(of: "*Hint:*").map { String(text[$0.upperBound...]) } ?? text
                hints[region.argument] = hint.trimmingCharacters(in: .whitespacesAndNewlines)
            }
        }
        self.hints = hints
        let checksFile = root.appendingPathComponent(Self.checksPath)
        checks = FileManager.default.fileExists(atPath: checksFile.path)
            ? try ExerciseChecks.read(from: checksFile) : ExerciseChecks(checkedCommit: "", exercises: [:])
    }

    public func exercise(_ id: String) throws -> ExerciseRegion {
        guard let found = exercises.first(where: { $0.id == id }) else {
            throw ArgumentError(parameter: "exercise", value: id,
                                allowed: "one of the workbook's exercises, M1.1 to M\(exercises.last?.milestone ?? 0).\(exercises.last?.position ?? 0) (`workbook practice status` lists them)")
        }
        return found
    }

    public func exercises(of milestone: Int) -> [ExerciseRegion] { exercises.filter { $0.milestone == milestone } }

    /// The outcome suite's module for a milestone: "LogisticRegressionTests" for M1.
    public static func suiteModule(_ milestone: Int) -> String {
        let chapter = ExperimentRecords.Milestone.all[milestone - 1].chapter
        let file = URL(fileURLWithPath: chapter).deletingPathExtension().lastPathComponent
        return String(file.drop { $0 != "-" }.dropFirst()) + "Tests"
    }

    /// Swift files below `directory`, as paths relative to `root`, sorted.
    static func swiftFiles(below directory: URL, root: URL) throws -> [String] {
        guard let walker = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil, options: [.skipsHiddenFiles]) else { return [] }
        let prefix = root.standardizedFileURL.path + "/"
        return walker.compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" }
            .map { String($0.standardizedFileURL.path.dropFirst(prefix.count)) }.sorted()
    }
}

/// What the per-exercise check measured: for each exercise, the outcome tests that failed
/// while it was a hole (and every other exercise of its milestone was solved).
public struct ExerciseChecks: Codable, Equatable, Sendable {
    public struct Noticed: Codable, Equatable, Sendable {
        /// Test display names, sorted.
        public var failingTests: [String]
        /// Test IDs without their source location (`key(ofTestID:)`), in the same order.
        public var failingTestIDs: [String]
    }

    /// The workbook commit the check ran on ("-dirty" when it had uncommitted changes).
    public var checkedCommit: String
    public var exercises: [String: Noticed]

    /// A test ID without its source location ("Suite/test()" for "Suite/test()/File.swift:13:6"),
    /// so moving a test within its file does not break the record.
    public static func key(ofTestID id: String) -> String {
        guard let slash = id.lastIndex(of: "/"), id[slash...].contains(".swift:") else { return id }
        return String(id[..<slash])
    }

    public static func read(from file: URL) throws -> ExerciseChecks {
        do {
            return try JSONDecoder().decode(ExerciseChecks.self, from: Data(contentsOf: file))
        } catch {
            throw FileFormatError(file: file.lastPathComponent, line: 1, problem: "not a per-exercise check record (\(error))")
        }
    }

    public func write(to file: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try (encoder.encode(self) + Data("\n".utf8)).write(to: file, options: .atomic)
    }
}
