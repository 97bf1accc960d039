import Foundation
import Testing
import ExperimentRecords
import LiterateChapters
import Numerics
import PracticeMode
import WorkbookTesting

@Suite("Tooling · Practice mode")
struct PracticeModeTests {
    static let catalog = Result { try ExerciseCatalog(root: packageRoot) }

    @Test("Every chapter has at least three exercises, each inside a listing of its own chapter with a hint next to it")
    func exercisesPerChapter() throws {
        let catalog = try Self.catalog.get()
        for milestone in Milestone.all {
            let exercises = catalog.exercises(of: milestone.number)
            #expect(exercises.count >= 3, "\(milestone.code) has \(exercises.count) exercises, at least 3 are promised")
            #expect(exercises.map(\.position) == Array(1...max(exercises.count, 1)).prefix(exercises.count).map { $0 },
                    "\(milestone.code)'s exercises are not numbered 1, 2, 3, …: \(exercises.map(\.id))")
            let chapter = try FileFormatError.readText(packageRoot.appendingPathComponent(milestone.chapter))
            for exercise in exercises {
                #expect(chapter.contains("// exercise: \(exercise.id) "), "\(milestone.chapter) shows no listing with \(exercise.id)")
                #expect(catalog.hints[exercise.id].map { !$0.isEmpty } == true, "\(milestone.chapter) has no <!-- hint \(exercise.id) --> block")
            }
        }
    }

    @Test("Punching every hole and filling it back with the reference solution gives back the sources byte for byte")
    func punchAndFillRoundTrip() throws {
        let catalog = try Self.catalog.get()
        for (file, exercises) in Dictionary(grouping: catalog.exercises, by: \.file) {
            let original = try FileFormatError.readText(packageRoot.appendingPathComponent(file))
            #expect(original.contains("\nimport Numerics\n") || original.hasPrefix("import Numerics\n"),
                    "\(file) does not import Numerics, so its holes could not name ExerciseHole")
            let punched = try ExerciseRegion.punching(original, file: file) { _ in true }
            for exercise in exercises {
                #expect(punched.contains(exercise.stub[0] + "\n"), "\(file): \(exercise.id)'s hole is missing after punching")
            }
            let filled = try ExerciseRegion.filling(punched, file: file, with: Dictionary(uniqueKeysWithValues: exercises.map { ($0.id, $0.body) }))
            #expect(filled == original, "\(file): punching and filling did not give the file back")
        }
    }

    @Test("A hole is one line that throws ExerciseHole naming the exercise and what to write")
    func holeShape() throws {
        let source = """
            func f() throws -> Int {
                // exercise: M1.9 write f, the "answer" (Chapter 1)
                42
                // end exercise
            }
            """
        let exercise = try #require(try ExerciseRegion.all(in: source, file: "F.swift").first)
        #expect(exercise.stub == [#"    throw ExerciseHole("M1.9", "write f, the \"answer\" (Chapter 1)")"#])
        #expect(ExerciseHole("M1.9", "write f").description == "Exercise M1.9 is not written yet: write f. `workbook practice hint M1.9` gives a hint.")
        #expect(throws: FileFormatError.self) { try ExerciseRegion.all(in: "// exercise: 1.2 x\n// end exercise", file: "G.swift") }
    }

    @Test("The per-exercise check has recorded, for every exercise, outcome tests of its milestone that fail while it is a hole")
    func everyHoleIsNoticed() throws {
        let catalog = try Self.catalog.get()
        for exercise in catalog.exercises {
            let noticed = catalog.checks.exercises[exercise.id]
            #expect(noticed.map { !$0.failingTests.isEmpty } == true,
                    "\(exercise.id) has no record of a failing test in \(ExerciseCatalog.checksPath): run `swift run -c release workbook practice check M\(exercise.milestone) --write`")
            let suite = ExerciseCatalog.suiteModule(exercise.milestone) + "."
            #expect(noticed?.failingTestIDs.allSatisfy { $0.hasPrefix(suite) } != false, "\(exercise.id)'s tests are not all in \(suite)")
        }
    }

    @Test("CI's check covers the milestones a change touches, and every milestone when shared code or the manifest changed")
    func changedMilestones() {
        #expect(ExerciseCheck.milestones(touchedBy: ["Sources/LogisticRegression/GradientDescent.swift", "Tests/GPTTests/GPTOutcomes.swift",
                                                     "Sources/GPTFastPath/FusedAdamW.swift", "Sources/AgentExperiments/AgentStudy.swift",
                                                     "Chapters/01-LogisticRegression.md", "README.md"]) == [1, 8, 13])
        #expect(ExerciseCheck.milestones(touchedBy: ["Chapters/05-BigramLanguageModel.md", "Tests/ToolingTests/PracticeModeTests.swift"]) == [])
        #expect(ExerciseCheck.milestones(touchedBy: ["Sources/Numerics/Matrix.swift"]) == nil)
        #expect(ExerciseCheck.milestones(touchedBy: ["Package.swift"]) == nil)
    }

    @Test("A workspace keeps the learner's code through an update of the workbook and a reset, and puts the unsolved milestone on reference code for later chapters")
    func workspaceNeverLosesWork() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("workbook-practice-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let workspace = PracticeWorkspace(root: root, workbook: packageRoot)
        let first = try workspace.start([1])
        #expect(first.created && Set(first.punched) == ["M1.1", "M1.2", "M1.3"])
        let manifest = try FileFormatError.readText(root.appendingPathComponent("Package.swift"))
        #expect(manifest.contains("let referenceMilestones: [Int] = [1]"))

        // The learner writes M1.2, and the workbook moves on: a line outside the exercises changes.
        let catalog = try Self.catalog.get()
        let exercise = try catalog.exercise("M1.2")
        let file = root.appendingPathComponent(exercise.file), reference = root.appendingPathComponent(".practice/reference/" + exercise.file)
        let mine = ["        // my own version", "        fatalError(\"mine\")"]
        let text = try FileFormatError.readText(file)
        try ExerciseRegion.filling(text, file: exercise.file, with: ["M1.2": mine]).replacingOccurrences(of: "import Numerics", with: "import Numerics // old")
            .write(to: file, atomically: true, encoding: .utf8)
        try FileFormatError.readText(reference).replacingOccurrences(of: "import Numerics", with: "import Numerics // old")
            .write(to: reference, atomically: true, encoding: .utf8)
        let update = try workspace.start([1])
        #expect(update.kept == ["M1.2"] && update.keptFiles.isEmpty)
        let updated = try FileFormatError.readText(file)
        #expect(!updated.contains("// old"), "the workbook's newer file was not taken")
        #expect(try workspace.currentBody(exercise) == mine, "the learner's M1.2 was not carried over")
        #expect(try workspace.currentBody(catalog.exercise("M1.1")).map(catalog.exercise("M1.1").isHole) == true)

        // A reset puts the hole back; the learner's version stays in the workspace's history.
        try workspace.reset(exercise)
        #expect(try workspace.currentBody(exercise).map(exercise.isHole) == true)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", root.path, "log", "-p", "--format=%s"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let history = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(history.contains("// my own version"), "the learner's code is not in the workspace's git history")
    }

    @Test("A workspace refuses what could lose work: a folder with files, a place inside the package, a missing repository, an unstarted milestone")
    func workspaceRefusals() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("workbook-practice-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: base) }
        let occupied = base.appendingPathComponent("occupied")
        try FileManager.default.createDirectory(at: occupied, withIntermediateDirectories: true)
        try "my notes".write(to: occupied.appendingPathComponent("README.md"), atomically: true, encoding: .utf8)
        #expect(throws: PracticeError.self) { try PracticeWorkspace(root: occupied, workbook: packageRoot).start([1]) }
        #expect(try FileFormatError.readText(occupied.appendingPathComponent("README.md")) == "my notes")
        #expect(throws: PracticeError.self) { try PracticeWorkspace(root: packageRoot.appendingPathComponent("Sources/Inner"), workbook: packageRoot).start([1]) }
        #expect(!FileManager.default.fileExists(atPath: packageRoot.appendingPathComponent("Sources/Inner").path))
        // The per-exercise check's scratch workspace lives in the build folder.
        let scratch = packageRoot.appendingPathComponent(".build/practice-test-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        #expect(try PracticeWorkspace(root: scratch, workbook: packageRoot).start([1]).created)

        let workspace = PracticeWorkspace(root: base.appendingPathComponent("ws"), workbook: packageRoot)
        _ = try workspace.start([1])
        let catalog = try Self.catalog.get()
        #expect(throws: PracticeError.self) { try workspace.reset(catalog.exercise("M2.1")) }
        #expect(throws: PracticeError.self) { try workspace.reset(catalog.exercise("M1.1")) }   // already a hole
        try FileManager.default.removeItem(at: workspace.root.appendingPathComponent(".git"))
        #expect(throws: PracticeError.self) { try workspace.snapshot("would commit into an enclosing repository") }
    }
}
