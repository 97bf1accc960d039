import Foundation
import ExperimentRecords
import ExperimentsLog
import LiterateChapters

/// How far the learner has come, from the workspace's files and its latest test runs.
public struct PracticeProgress: Sendable {
    public enum ExerciseStatus: Equatable, Sendable {
        /// Still the stub.
        case hole
        /// Written, and the tests that notice it passed in the latest run.
        case solved
        /// Written, but some of those tests failed (their names).
        case failing([String])
        /// Written, and not tested since.
        case untested
        /// Written; its failing tests are all ones that these holes of the same milestone break too.
        case waiting([String])
        /// Its file or markers cannot be read (the reason).
        case unreadable(String)
    }

    public struct Exercise: Sendable {
        public let exercise: ExerciseRegion
        public let status: ExerciseStatus
        public let revealed: Bool
    }

    public struct MilestoneProgress: Sendable {
        public let milestone: ExperimentRecords.Milestone
        public let started: Bool
        public let exercises: [Exercise]
        /// Failing tests of the milestone's suite in its latest run (display names).
        public let failingTests: [String]
        public var solvedCount: Int { exercises.filter { $0.status == .solved }.count }
    }

    public let milestones: [MilestoneProgress]
    public let lastRun: String?

    /// From `state` (the workspace's saved state when nil) and the workspace's files.
    public init(workspace: PracticeWorkspace, catalog: ExerciseCatalog, state: PracticeState? = nil) throws {
        let state = try state ?? workspace.state()
        lastRun = state.lastRun
        milestones = ExperimentRecords.Milestone.all.map { milestone in
            let suite = ExerciseCatalog.suiteModule(milestone.number) + "."
            let verdicts = state.verdicts.filter { $0.key.hasPrefix(suite) }
            let failing = verdicts.values.filter { !$0.passed }.map(\.displayName).sorted()
            let started = state.started.contains(milestone.number)
            // Each exercise's current body, read once: nil markers or an error when unreadable.
            let bodies = started ? Dictionary(uniqueKeysWithValues: catalog.exercises(of: milestone.number).map { exercise in
                (exercise.id, Result { try workspace.currentBody(exercise) })
            }) : [:]
            let holes = catalog.exercises(of: milestone.number).filter { e in
                (try? bodies[e.id]?.get()).flatMap { $0 }.map(e.isHole) ?? false
            }
            let exercises = catalog.exercises(of: milestone.number).map { exercise -> Exercise in
                guard started, let read = bodies[exercise.id] else { return Exercise(exercise: exercise, status: .untested, revealed: false) }
                let status: ExerciseStatus
                let body: [String]?
                do { body = try read.get() } catch {
                    return Exercise(exercise: exercise, status: .unreadable("\(error)"), revealed: false)
                }
                if body == nil {
                    status = .unreadable("\(exercise.file) has no `// exercise: \(exercise.id)` marker any more")
                } else if body.map(exercise.isHole) ?? false {
                    status = .hole
                } else {
                    // The tests the per-exercise check saw notice this hole; the whole suite when unrecorded.
                    let ids = catalog.checks.exercises[exercise.id]?.failingTestIDs
                    let relevant = ids.map { ids in verdicts.filter { ids.contains(ExerciseChecks.key(ofTestID: $0.key)) } } ?? verdicts
                    let failedIDs = relevant.filter { !$0.value.passed }.map { ExerciseChecks.key(ofTestID: $0.key) }
                    let failed = relevant.values.filter { !$0.passed }.map(\.displayName).sorted()
                    // Tests that a hole of the same milestone also breaks cannot pass until that one is written.
                    let blockers = holes.filter { hole in
                        !Set(catalog.checks.exercises[hole.id]?.failingTestIDs ?? []).isDisjoint(with: failedIDs)
                    }
                    let explained = failedIDs.allSatisfy { id in blockers.contains { catalog.checks.exercises[$0.id]?.failingTestIDs.contains(id) == true } }
                    status = relevant.isEmpty ? .untested : failed.isEmpty ? .solved
                        : (explained && !blockers.isEmpty) ? .waiting(blockers.map(\.id)) : .failing(failed)
                }
                return Exercise(exercise: exercise, status: status, revealed: state.revealed.contains(exercise.id))
            }
            return MilestoneProgress(milestone: milestone, started: started, exercises: exercises, failingTests: failing)
        }
    }

    /// The first exercise of a started milestone that is not solved, in curriculum order.
    public var next: Exercise? {
        milestones.filter(\.started).flatMap(\.exercises).first { $0.status != .solved }
    }

    /// Milestones whose exercises are all solved and whose suite passed in full.
    public var solvedMilestones: [Int] {
        milestones.filter { $0.started && !$0.exercises.isEmpty && $0.solvedCount == $0.exercises.count && $0.failingTests.isEmpty }
            .map(\.milestone.number)
    }

    /// One screen: a line per milestone in curriculum order, and the exercises of the milestone
    /// the next exercise is in, with what is failing.
    public func rendered(workspace: String) -> String {
        var out = ["Practice workspace \(workspace); " + (lastRun.map { "latest test run \($0)." } ?? "no test run yet: run `workbook practice test`."),
                   "  (✔ solved  ✘ failing  … written, waiting for another hole  ○ to write  ? not tested  ! unreadable)"]
        let current = next.map { $0.exercise.milestone }
        for m in milestones {
            let title = "\(m.milestone.code) \(m.milestone.name)".padding(toLength: 31, withPad: " ", startingAt: 0)
            guard m.started else {
                out.append("  \(title) not started")
                continue
            }
            let marks = m.exercises.map { Self.mark($0.status) + $0.exercise.id }.joined(separator: " ")
            let failing = m.failingTests.isEmpty ? "" : "  \(m.failingTests.count) outcome test\(m.failingTests.count == 1 ? "" : "s") failing"
            out.append("  \(title) \(m.solvedCount)/\(m.exercises.count)  \(marks)\(failing)")
            guard m.milestone.number == current else { continue }
            for e in m.exercises where e.status != .solved {
                let detail: String
                switch e.status {
                case .hole, .solved: detail = Self.shortened(e.exercise.task, 80)
                case .untested: detail = "written; run `workbook practice test M\(m.milestone.number)`"
                case .failing(let tests): detail = "failing \"\(Self.shortened(tests[0], 60))\"" + (tests.count > 1 ? " and \(tests.count - 1) more" : "")
                case .waiting(let holes): detail = "written; its tests also need \(holes.joined(separator: ", ")), still to write"
                case .unreadable(let reason): detail = Self.shortened(reason, 80)
                }
                out.append("      \(Self.mark(e.status)) \(e.exercise.id) \(detail)\(e.revealed ? " (solution revealed)" : "")")
            }
        }
        if let next {
            out.append("Next: \(next.exercise.id) in \(next.exercise.file):\(next.exercise.lineNumber + 1). Hint: `workbook practice hint \(next.exercise.id)`.")
        } else if milestones.contains(where: \.started) {
            let last = milestones.last { $0.started }?.milestone.number ?? 0
            out.append(last < milestones.count ? "Every started milestone is solved. Start the next with `workbook practice start M\(last + 1)`." : "Every started milestone is solved.")
        }
        return out.joined(separator: "\n")
    }

    static func mark(_ status: ExerciseStatus) -> String {
        switch status {
        case .hole: return "○"
        case .solved: return "✔"
        case .failing: return "✘"
        case .untested: return "?"
        case .waiting: return "…"
        case .unreadable: return "!"
        }
    }

    static func shortened(_ text: String, _ length: Int) -> String {
        text.count <= length ? text : String(text.prefix(length - 1)) + "…"
    }
}

extension PracticeWorkspace {
    /// Runs the outcome suites of `milestones` (every suite when empty) in the workspace the way
    /// the main job does, keeps the results in `.results/` for `workbook log`, records the
    /// verdicts, and moves a milestone between learner and reference code when it became (un)solved.
    /// Returns the test run's exit status.
    public func test(_ milestones: [Int], catalog: ExerciseCatalog) throws -> (status: Int32, movedToLearner: [Int], movedToReference: [Int]) {
        var state = try self.state()
        try snapshot("Your work before `workbook practice test`")
        let (status, run) = try runSuites(milestones, into: ".results.new", quiet: false)
        let results = root.appendingPathComponent(".results")
        try? FileManager.default.removeItem(at: results)
        try FileManager.default.moveItem(at: root.appendingPathComponent(".results.new"), to: results)
        let suites = Set(run.tests.keys.map { String($0.prefix { $0 != "." }) })
        state.verdicts = state.verdicts.filter { !suites.contains(String($0.key.prefix { $0 != "." })) }
        for test in run.tests.values {
            state.verdicts[test.id] = PracticeState.Verdict(displayName: test.displayName, passed: test.passed == true, firstIssue: test.issues.first)
        }
        state.lastRun = ISO8601DateFormatter().string(from: Date())
        let before = Set(state.referenceMilestones)
        let progress = try PracticeProgress(workspace: self, catalog: catalog, state: state)
        state.solved = progress.solvedMilestones
        let after = Set(state.referenceMilestones)
        try state.write(in: root)
        try rewritePackageManifest(state)
        try writeProvenance(state, progress: progress)
        return (status, before.subtracting(after).sorted(), after.subtracting(before).sorted())
    }

    /// `.practice/PROVENANCE`: the line `workbook log` puts at the top of the learner's log.
    func writeProvenance(_ state: PracticeState, progress: PracticeProgress) throws {
        let mine = progress.milestones.filter(\.started).flatMap(\.exercises)
        let solved = mine.filter { $0.status == .solved }.map(\.exercise.id)
        let text = "Written from the learner's own code in a practice workspace made from workbook commit \(state.workbookCommit): "
            + "\(solved.count) of \(mine.count) started exercises solved\(solved.isEmpty ? "" : " (" + solved.joined(separator: ", ") + ")")"
            + (state.referenceMilestones.isEmpty ? "" : "; later chapters used the reference code of " + state.referenceMilestones.map { "M\($0)" }.joined(separator: ", "))
            + "."
        try Data((text + "\n").utf8).write(to: root.appendingPathComponent(".practice/PROVENANCE"), options: .atomic)
    }
}
