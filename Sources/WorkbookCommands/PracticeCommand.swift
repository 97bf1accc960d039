import ArgumentParser
import ExperimentRecords
import ExperimentsLog
import Foundation
import LiterateChapters
import PracticeMode

/// `workbook practice …`: the learner writes each chapter's code in a workspace of their own.
struct PracticeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "practice",
        abstract: "Practice mode: write each chapter's code yourself, and let the outcome suites track your progress.",
        discussion: """
            Run these from the workbook's folder. `start M1` makes the workspace (Practice/, its own package and
            git repository; Chapter 1 explains the design) with M1's exercises as holes; `test M1` runs M1's
            outcome suite there and prints `status`; `hint`, `reveal` and `reset` take an exercise id like M1.2.
            """,
        subcommands: [PracticeStart.self, PracticeTest.self, PracticeStatus.self, PracticeHint.self, PracticeReveal.self,
                      PracticeReset.self, PracticeLog.self, PracticeCheck.self])
}

/// Options every practice command shares.
struct PracticeOptions: ParsableArguments {
    @OptionGroup var package: PackageOptions

    @Option(help: "The practice workspace (default: Practice in the workbook's folder).")
    var workspace: String?

    var workspaceURL: URL {
        workspace.map { URL(fileURLWithPath: $0, isDirectory: true) } ?? package.root.appendingPathComponent("Practice", isDirectory: true)
    }

    func validate() throws {
        try package.validate()
        let reference = package.root.appendingPathComponent(".practice/state.json")
        guard !FileManager.default.fileExists(atPath: reference.path) else {
            throw ValidationError("\(package.root.path) is a practice workspace; run `workbook practice` from the workbook's own folder (the one you started it from)")
        }
    }

    func open() throws -> (PracticeWorkspace, ExerciseCatalog) {
        (PracticeWorkspace(root: workspaceURL, workbook: package.root), try ExerciseCatalog(root: package.root))
    }
}

/// "M3", "m3" or "3" → 3; "all" → every milestone. In curriculum order, each once.
func parseMilestones(_ values: [String], option: String) throws -> [Int] {
    let values = values.map { $0.trimmingCharacters(in: .whitespaces) }
    if values.map({ $0.lowercased() }) == ["all"] { return Array(1...Milestone.all.count) }
    try CommandLineCheck.require(!values.isEmpty, option, "(none)", "name a milestone (M1 to M\(Milestone.all.count)) or all")
    try CommandLineCheck.require(!values.contains { $0.lowercased() == "all" }, option, values.joined(separator: " "), "all cannot be combined with other milestones")
    return try Array(Set(values.map { value in
        let digits = value.lowercased().hasPrefix("m") ? String(value.dropFirst()) : value
        guard let number = Int(digits), (1...Milestone.all.count).contains(number) else {
            throw ValidationError("\(option) \(value): a milestone is M1 to M\(Milestone.all.count), or all")
        }
        return number
    })).sorted()
}

/// An exercise id as the learner types it ("m1.2" too).
func parseExercise(_ value: String, catalog: ExerciseCatalog) throws -> ExerciseRegion {
    let typed = value.trimmingCharacters(in: .whitespaces)
    guard let found = catalog.exercises.first(where: { $0.id.lowercased() == typed.lowercased() || $0.id == "M" + typed }) else {
        throw ValidationError("exercise \"\(value)\": an exercise id is like M1.2, M1.1 to M\(catalog.exercises.last?.milestone ?? 0).\(catalog.exercises.last?.position ?? 0) (`workbook practice status` lists them)")
    }
    return found
}

struct PracticeStart: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "start",
        abstract: "Make (or bring up to date) the practice workspace, with these milestones' exercises as holes.",
        discussion: "Nothing you wrote is ever overwritten: your exercise bodies are carried into newer workbook versions, and the workspace commits your work before every change.")

    @OptionGroup var options: PracticeOptions
    @Argument(help: "Milestones to practise: M1 … M14, or all.") var milestones: [String]

    func run() throws {
        let numbers = try parseMilestones(milestones, option: "milestones")
        let (workspace, catalog) = try options.open()
        let report: PracticeWorkspace.StartReport
        do { report = try workspace.start(numbers) } catch { throw fail(error) }
        print("\(report.created ? "Made" : "Updated") the practice workspace \(workspace.root.path).")
        let byPosition = { (id: String) in (ExerciseRegion.milestone(of: id), Int(id.split(separator: ".").last!) ?? 0) }
        if !report.punched.isEmpty { print("Holes to fill: \(report.punched.sorted { byPosition($0) < byPosition($1) }.joined(separator: ", ")).") }
        if !report.kept.isEmpty { print("Your own code kept in: \(report.kept.joined(separator: ", ")).") }
        for file in report.replacedFiles {
            print("Replaced with the workbook's version: \(file) (yours is in the workspace's history: `git -C \(workspace.root.path) show HEAD~1:\(file)`).")
        }
        for file in report.keptFiles {
            print("Left as you edited it: \(file) (the workbook's version is in .practice/reference/\(file)).")
        }
        let first = report.punched.sorted { byPosition($0) < byPosition($1) }.first.flatMap { try? catalog.exercise($0) }
        print("""
            Next: read Chapter \(numbers[0]), then fill the holes and run
              swift run -c release workbook practice test M\(numbers[0])
            \(first.map { "Start with \($0.id): \($0.task) (\($0.file))." } ?? "")
            """)
    }
}

struct PracticeTest: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run outcome suites in the workspace (these milestones, or all), keep the results, and print the status.")

    @OptionGroup var options: PracticeOptions
    @Argument(help: "Milestones whose suites to run (default: every suite).") var milestones: [String] = []

    func run() throws {
        let numbers = milestones.isEmpty ? [] : try parseMilestones(milestones, option: "milestones")
        let (workspace, catalog) = try options.open()
        let result: (status: Int32, movedToLearner: [Int], movedToReference: [Int])
        do { result = try workspace.test(numbers, catalog: catalog) } catch { throw fail(error) }
        print("")
        for m in result.movedToLearner { print("M\(m) solved: the chapters after it now build on your code.") }
        for m in result.movedToReference { print("M\(m) is not solved any more: the chapters after it build on the reference code until it is.") }
        print(try PracticeProgress(workspace: workspace, catalog: catalog).rendered(workspace: workspace.root.path))
        if result.status != 0 { throw ExitCode(result.status) }
    }
}

struct PracticeStatus: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Your progress from the latest test runs: per milestone and exercise, and the next exercise to do.")

    @OptionGroup var options: PracticeOptions

    func run() throws {
        let (workspace, catalog) = try options.open()
        do { print(try PracticeProgress(workspace: workspace, catalog: catalog).rendered(workspace: workspace.root.path)) } catch { throw fail(error) }
    }
}

struct PracticeHint: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "hint", abstract: "The chapter's hint for an exercise.")

    @OptionGroup var options: PracticeOptions
    @Argument(help: "An exercise id, like M1.2.") var exercise: String

    func run() throws {
        let catalog = try ExerciseCatalog(root: options.package.root)
        let found = try parseExercise(exercise, catalog: catalog)
        let chapter = Milestone.all[found.milestone - 1].chapter
        print("\(found.id): \(found.task) (\(found.file)).")
        print(catalog.hints[found.id] ?? "No hint in \(chapter) yet.")
        print("More in \(chapter). The solution: `workbook practice reveal \(found.id)`.")
    }
}

struct PracticeReveal: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reveal", abstract: "Print an exercise's reference solution (your workspace is not changed).")

    @OptionGroup var options: PracticeOptions
    @Argument(help: "An exercise id, like M1.2.") var exercise: String

    func run() throws {
        let (workspace, catalog) = try options.open()
        let found = try parseExercise(exercise, catalog: catalog)
        if workspace.exists {
            var state = try workspace.state()
            if !state.revealed.contains(found.id) { state.revealed.append(found.id) }
            try state.write(in: workspace.root)
        }
        print("The reference solution of \(found.id) (\(found.file), between its exercise markers):")
        print(found.body.joined(separator: "\n"))
    }
}

struct PracticeReset: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reset", abstract: "Put an exercise's hole back (what you wrote stays in the workspace's git history).")

    @OptionGroup var options: PracticeOptions
    @Argument(help: "An exercise id, like M1.2.") var exercise: String

    func run() throws {
        let (workspace, catalog) = try options.open()
        let found = try parseExercise(exercise, catalog: catalog)
        do { try workspace.reset(found) } catch { throw fail(error) }
        print("\(found.id) is a hole again in \(found.file); your previous version is the workspace's last-but-one commit (`git -C \(workspace.root.path) log`).")
    }
}

struct PracticeLog: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log", abstract: "Write your own EXPERIMENTS.md, plots and chapter results in the workspace from your latest test run.")

    @OptionGroup var options: PracticeOptions

    func run() throws {
        let (workspace, _) = try options.open()
        guard workspace.exists else { throw fail("\(workspace.root.path) is not a practice workspace; start one with `workbook practice start M1`") }
        let summary: LogRegeneration.Summary
        do {
            try workspace.snapshot("Your work before `workbook practice log`")
            summary = try LogRegeneration(packageRoot: workspace.root).run()
        } catch let error as ResultsError {
            throw fail("\(error.file): \(error.problem). Run `workbook practice test` first; nothing was written.")
        } catch { throw fail(error) }
        print("\(workspace.root.path)/EXPERIMENTS.md: \(summary.logChanged ? "updated" : "unchanged") (\(summary.experimentsPassed) of \(summary.experiments) experiments passed every outcome test)")
    }
}

struct PracticeCheck: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "The per-exercise check: each hole must fail an outcome test of its milestone (rustlings' dev check).",
        discussion: """
            Punches the k-th exercise of every milestone at once in a scratch workspace (round k), with later
            chapters on reference code, and runs the milestones' suites. Fails naming each exercise no test
            noticed. With --write it records the tests that noticed each hole in \(ExerciseCatalog.checksPath),
            which `practice status` uses to say which exercise a failing test belongs to.
            """)

    @OptionGroup var options: PracticeOptions
    @Argument(help: "Milestones to check (default: all).") var milestones: [String] = ["all"]
    @Flag(help: "Record what was measured in \(ExerciseCatalog.checksPath).") var write = false
    @Flag(help: "Check only the milestones whose sources or tests changed since the commit \(ExerciseCatalog.checksPath) was measured on (all of them when a shared module or Package.swift changed); what CI runs.")
    var changed = false

    func run() throws {
        var numbers = try parseMilestones(milestones, option: "milestones")
        if changed {
            let root = options.package.root
            let record = try ExerciseChecks.read(from: root.appendingPathComponent(ExerciseCatalog.checksPath))
            guard !record.checkedCommit.isEmpty, !record.checkedCommit.hasSuffix("-dirty") else {
                throw fail("\(ExerciseCatalog.checksPath) was not measured on a clean commit (\(record.checkedCommit)); run the full check with --write on one")
            }
            let paths = try (ShellCommand.output(["git", "diff", "--name-only", record.checkedCommit], in: root)
                + ShellCommand.output(["git", "ls-files", "--others", "--exclude-standard"], in: root)).split(separator: "\n").map(String.init)
            if let touched = ExerciseCheck.milestones(touchedBy: paths) {
                numbers = numbers.filter(touched.contains)
                print("Changed since the fully checked commit \(record.checkedCommit): " + (numbers.isEmpty ? "no chapter's sources or tests, so nothing to check." : numbers.map { "M\($0)" }.joined(separator: ", ") + "."))
                if numbers.isEmpty { return }
            } else {
                print("A shared module or Package.swift changed since the fully checked commit \(record.checkedCommit): checking every milestone.")
            }
        }
        let scratch = options.workspace.map { URL(fileURLWithPath: $0, isDirectory: true) }
            ?? options.package.root.appendingPathComponent(".build/practice-check", isDirectory: true)
        let started = Date()
        let outcome: ExerciseCheck.Outcome
        do {
            outcome = try ExerciseCheck(workbook: options.package.root, scratch: scratch).run(numbers) { line in
                FileHandle.standardOutput.write(Data((line + "\n").utf8))   // unbuffered: CI shows each round as it ends
            }
        } catch { throw fail(error) }
        let seconds = Date().timeIntervalSince(started)
        print(String(format: "Checked %d exercises of %d milestones in %d rounds, %.0f s.", outcome.checks.exercises.count, numbers.count, outcome.rounds.count, seconds))
        if write {
            let file = options.package.root.appendingPathComponent(ExerciseCatalog.checksPath)
            var merged = (try? ExerciseChecks.read(from: file)) ?? outcome.checks
            merged.checkedCommit = outcome.checks.checkedCommit
            merged.exercises.merge(outcome.checks.exercises) { $1 }
            try merged.write(to: file)
            print("Recorded in \(ExerciseCatalog.checksPath).")
        }
        guard outcome.passed else {
            throw fail("no outcome test noticed \(outcome.unnoticed.joined(separator: ", "))" + (outcome.unexpected.isEmpty ? "" : "; " + outcome.unexpected.joined(separator: "; "))
                       + ". A hole no test notices is a defect of the suite: strengthen the suite, never drop the exercise.")
        }
    }
}

