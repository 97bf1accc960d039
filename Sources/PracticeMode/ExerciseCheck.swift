import Foundation
import ExperimentRecords
import ExperimentsLog
import Numerics
import LiterateChapters

/// rustlings' `dev check` for the workbook: for each exercise, punching its hole (every other
/// exercise of its milestone solved) must make at least one outcome test of its milestone fail.
///
/// It runs in a scratch practice workspace with every checked milestone on reference code for the
/// others, so round k can punch the k-th exercise of every milestone at once: a milestone's suite
/// then sees only its own hole. That the reference solutions pass every test is the suite itself.
public struct ExerciseCheck {
    public let workbook: URL
    public let scratch: URL

    public init(workbook: URL, scratch: URL) {
        self.workbook = workbook
        self.scratch = scratch
    }

    public struct Round: Sendable {
        public let punched: [String]
        public let seconds: Double
    }

    public struct Outcome: Sendable {
        public var checks: ExerciseChecks
        public var rounds: [Round] = []
        /// Exercises no outcome test noticed: defects of the suite.
        public var unnoticed: [String] = []
        /// Tests that failed in a milestone with no hole that round (they should not).
        public var unexpected: [String] = []
        public var passed: Bool { unnoticed.isEmpty && unexpected.isEmpty }
    }

    /// Checks the exercises of `milestones`, printing each round's progress through `log`.
    public func run(_ milestones: [Int], log: (String) -> Void) throws -> Outcome {
        let catalog = try ExerciseCatalog(root: workbook)
        let workspace = PracticeWorkspace(root: scratch, workbook: workbook)
        let commit = try ShellCommand.output(["git", "rev-parse", "--short", "HEAD"], in: workbook).trimmingCharacters(in: .whitespacesAndNewlines)
        let dirty = try !ShellCommand.output(["git", "status", "--porcelain", "--", "Sources", "Tests", "Chapters", "Fixtures", "Package.swift"], in: workbook).isEmpty
        var outcome = Outcome(checks: ExerciseChecks(checkedCommit: commit + (dirty ? "-dirty" : ""), exercises: [:]))
        // The scratch workspace starts from the workbook's current files, dirty ones included.
        _ = try workspace.start(milestones)
        let rounds = milestones.map { catalog.exercises(of: $0).count }.max() ?? 0
        for round in 1...max(rounds, 1) {
            let punched = milestones.compactMap { m in catalog.exercises(of: m).first { $0.position == round } }
            try workspace.fill(catalog.exercises.filter { milestones.contains($0.milestone) }, holes: Set(punched.map(\.id)))
            log("Round \(round) of \(rounds): punching \(punched.map(\.id).joined(separator: ", "))")
            let started = Date()
            let run = try workspace.runSuites(milestones, into: ".results.check", quiet: true).run
            let seconds = Date().timeIntervalSince(started)
            outcome.rounds.append(Round(punched: punched.map(\.id), seconds: seconds))
            for m in milestones {
                let suite = ExerciseCatalog.suiteModule(m) + "."
                let failing = run.tests.values.filter { $0.id.hasPrefix(suite) && $0.passed != true }.sorted { $0.displayName < $1.displayName }
                guard let exercise = punched.first(where: { $0.milestone == m }) else {
                    outcome.unexpected += failing.map { "M\(m) with no hole: \"\($0.displayName)\" failed" }
                    continue
                }
                if failing.isEmpty { outcome.unnoticed.append(exercise.id) }
                outcome.checks.exercises[exercise.id] = ExerciseChecks.Noticed(
                    failingTests: failing.map(\.displayName), failingTestIDs: failing.map { ExerciseChecks.key(ofTestID: $0.id) })
                log("  \(exercise.id): " + (failing.isEmpty ? "NOT NOTICED by any outcome test" : "\(failing.count) outcome test\(failing.count == 1 ? "" : "s") failed"))
            }
            log(String(format: "  round took %.0f s", seconds))
        }
        return outcome
    }
}

extension PracticeWorkspace {
    /// Sets each exercise's body: its stub when its id is in `holes`, the reference otherwise.
    func fill(_ exercises: [ExerciseRegion], holes: Set<String>) throws {
        for (file, group) in Dictionary(grouping: exercises, by: \.file) {
            let url = root.appendingPathComponent(file)
            let text = try FileFormatError.readText(url)
            try write(ExerciseRegion.filling(text, file: file, with: Dictionary(uniqueKeysWithValues: group.map {
                ($0.id, holes.contains($0.id) ? $0.stub : $0.body)
            })), to: url)
        }
    }

    /// Runs the outcome suites of `milestones` (every suite when empty) in the workspace as the
    /// main job does, with the event stream and attachments in `folder` (output to a log file
    /// there when quiet). Returns the exit status and the verdicts; throws when the run produced
    /// none (a compile error, usually).
    func runSuites(_ milestones: [Int], into folder: String, quiet: Bool) throws -> (status: Int32, run: TestRun) {
        let filter = milestones.isEmpty ? "" : " --filter '" + milestones.map { ExerciseCatalog.suiteModule($0) + "\\." }.joined(separator: "|") + "'"
        let status = try ShellCommand.interactive("""
            source Scripts/openblas-environment.sh && rm -rf \(folder) && mkdir -p \(folder)/attachments && \\
            swift test -c release --disable-testable-imports\(filter) \\
              --event-stream-output-path \(folder)/events.jsonl --event-stream-version 0 --attachments-path \(folder)/attachments \(quiet ? "> \(folder)/output.txt 2>&1" : "")
            """, in: root)
        let events = root.appendingPathComponent(folder + "/events.jsonl")
        guard let data = FileManager.default.contents(atPath: events.path), !data.isEmpty else {
            let output = quiet ? (try? String(contentsOf: root.appendingPathComponent(folder + "/output.txt"), encoding: .utf8)) ?? "" : ""
            throw PracticeError("the test run in \(root.path) produced no results (exit status \(status)), usually a compile error"
                                + (quiet ? "; its output ends:\n" + output.split(separator: "\n").suffix(30).joined(separator: "\n") : ", shown above with its file and line"))
        }
        return (status, try TestRun(eventStream: String(decoding: data, as: UTF8.self), file: events.path))
    }
}

extension ExerciseCheck {
    /// Modules every milestone's holes and tests rest on: a change there can change what any
    /// suite notices, so it calls for the full check.
    static let sharedModules = ["Numerics", "GSL", "CGSLOpenBLAS", "CVectorMath", "CMPI", "ExperimentRecords", "LiterateChapters",
                                "WorkbookTesting", "PracticeMode"]
    /// Lessons that are not their milestone's first (named after) lesson.
    static let otherLessons = ["GPTFastPath": 8]

    /// The milestones whose exercises a change to `paths` (relative to the package root) can
    /// affect; nil when a shared module or the manifest changed, so every milestone needs checking.
    public static func milestones(touchedBy paths: [String]) -> [Int]? {
        var touched = Set<Int>()
        for path in paths {
            if path == "Package.swift" { return nil }
            let parts = path.split(separator: "/").map(String.init)
            guard parts.count >= 2, parts[0] == "Sources" || parts[0] == "Tests" else { continue }
            let module = parts[1]
            if parts[0] == "Sources" && sharedModules.contains(module) { return nil }
            if let m = otherLessons[module] { touched.insert(m); continue }
            for m in 1...ExperimentRecords.Milestone.all.count {
                let suite = ExerciseCatalog.suiteModule(m), main = String(suite.dropLast("Tests".count))
                if [main, main + "Experiments", suite].contains(module) { touched.insert(m) }
            }
        }
        return touched.sorted()
    }
}
