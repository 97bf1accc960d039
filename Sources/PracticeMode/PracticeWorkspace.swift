import Foundation
import Numerics
import LiterateChapters

/// A learner's practice workspace: a folder with its own copy of the workbook's package, in
/// which the exercises of the milestones they started are holes for them to fill.
///
/// It is its own git repository, committed before every command that rewrites a file, so no
/// command can lose what the learner wrote. `.practice/reference/` holds the workbook's files as
/// of the last `start` (the reference solutions, and the modules later chapters build on while
/// an earlier milestone is unsolved; see `referenceMilestones` in Package.swift).
public struct PracticeWorkspace {
    public let root: URL
    /// The workbook checkout it is made from.
    public let workbook: URL

    public init(root: URL, workbook: URL) {
        self.root = root.standardizedFileURL
        self.workbook = workbook.standardizedFileURL
    }

    var referenceRoot: URL { root.appendingPathComponent(".practice/reference") }
    public var exists: Bool { FileManager.default.fileExists(atPath: root.appendingPathComponent(PracticeState.path).path) }

    public func state() throws -> PracticeState { try PracticeState.read(in: root) }

    /// What `start` did, for the learner to read.
    public struct StartReport: Sendable {
        public var created = false
        public var punched: [String] = []
        /// Exercises whose own code was carried over into the newer workbook version.
        public var kept: [String] = []
        /// Files the learner edited outside any exercise, left as they are.
        public var keptFiles: [String] = []
        /// Files replaced although the learner had edited them (their version is in the
        /// workspace's history): only Package.swift, which the workspace must build from.
        public var replacedFiles: [String] = []
    }

    /// Creates the workspace, or brings it up to date with the workbook keeping every line the
    /// learner wrote, and punches the holes of `milestones` that are not written yet.
    public func start(_ milestones: [Int]) throws -> StartReport {
        var report = StartReport()
        let head = try ShellCommand.output(["git", "rev-parse", "--short", "HEAD"], in: workbook).trimmingCharacters(in: .whitespacesAndNewlines)
        let dirty = try !ShellCommand.output(["git", "status", "--porcelain"], in: workbook).isEmpty
        let commit = head + (dirty ? "-dirty" : "")
        var state: PracticeState
        if exists {
            state = try self.state()
            try snapshot("Your work before `workbook practice start` (workbook \(commit))")
        } else {
            try validateNewLocation()
            try createRepository()
            state = PracticeState(workbookCommit: commit)
            report.created = true
        }
        let previousReference = state.referenceMilestones
        state.workbookCommit = commit
        state.started = Array(Set(state.started + milestones)).sorted()

        let tracked = try ShellCommand.output(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], in: workbook).split(separator: "\0").map(String.init)
        let catalog = try ExerciseCatalog(root: workbook)
        let started = Set(state.started)
        // Package.swift is written after the loop, with the reference milestones set.
        for path in tracked where !path.hasPrefix(".practice/") && path != "Package.swift" {
            let source = workbook.appendingPathComponent(path)
            let target = root.appendingPathComponent(path)
            guard let new = FileManager.default.contents(atPath: source.path) else { continue }
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            let current = FileManager.default.contents(atPath: target.path)
            let old = FileManager.default.contents(atPath: referenceRoot.appendingPathComponent(path).path)
            let exercises = catalog.exercises.filter { $0.file == path }
            if !exercises.isEmpty {
                let newText = String(decoding: new, as: UTF8.self)
                guard let current else {
                    report.punched += exercises.filter { started.contains($0.milestone) }.map(\.id)
                    try write(ExerciseRegion.punching(newText, file: path) { started.contains($0.milestone) }, to: target)
                    continue
                }
                guard let bodies = try carriedBodies(of: exercises, current: current, old: old, path: path,
                                                     punching: Set(milestones), revealed: state.revealed, report: &report) else {
                    report.keptFiles.append(path)
                    continue
                }
                try write(ExerciseRegion.filling(newText, file: path, with: bodies), to: target)
            } else if let current, current != new, let old, current != old {
                report.keptFiles.append(path)
            } else {
                try new.write(to: target, options: .atomic)
            }
        }
        let punchedMilestones = Set(report.punched.map { ExerciseRegion.milestone(of: $0) })
        state.solved.removeAll { punchedMilestones.contains($0) }
        let manifestFile = root.appendingPathComponent("Package.swift")
        if let current = FileManager.default.contents(atPath: manifestFile.path),
           let old = FileManager.default.contents(atPath: referenceRoot.appendingPathComponent("Package.swift").path),
           let expected = try? Self.settingReferenceMilestones(String(decoding: old, as: UTF8.self), previousReference),
           String(decoding: current, as: UTF8.self) != expected {
            report.replacedFiles.append("Package.swift")
        }
        let manifest = try FileFormatError.readText(workbook.appendingPathComponent("Package.swift"))
        try write(Self.settingReferenceMilestones(manifest, state.referenceMilestones), to: root.appendingPathComponent("Package.swift"))
        try refreshReference(tracked)
        try state.write(in: root)
        try snapshot("workbook practice start \(milestones.map { "M\($0)" }.joined(separator: " ")) (workbook \(commit))")
        report.kept.sort()
        return report
    }

    /// The body each exercise of a file gets in its new version: the learner's own code where
    /// they wrote some, a hole where a milestone now starting still has the reference body (or a
    /// hole was there), the new reference otherwise. Nil when the file cannot be carried over
    /// (markers removed, or edits outside the exercises): it is then left as it is.
    func carriedBodies(of exercises: [ExerciseRegion], current: Data, old: Data?, path: String, punching: Set<Int>,
                       revealed: [String], report: inout StartReport) throws -> [String: [String]]? {
        let currentText = String(decoding: current, as: UTF8.self)
        guard let old, let mine = try? ExerciseRegion.all(in: currentText, file: path) else { return nil }
        let oldText = String(decoding: old, as: UTF8.self)
        let reference = try ExerciseRegion.all(in: oldText, file: path)
        let outside = try ExerciseRegion.filling(currentText, file: path,
                                                 with: Dictionary(uniqueKeysWithValues: reference.map { ($0.id, $0.body) }))
        guard outside == oldText, Set(mine.map(\.id)) == Set(reference.map(\.id)) else { return nil }
        var bodies: [String: [String]] = [:]
        for exercise in exercises {
            guard let written = mine.first(where: { $0.id == exercise.id }) else {
                if punching.contains(exercise.milestone) { bodies[exercise.id] = exercise.stub; report.punched.append(exercise.id) }
                continue
            }
            let unchanged = written.body == reference.first { $0.id == exercise.id }?.body
            if exercise.isHole(written.body) || (unchanged && punching.contains(exercise.milestone) && !revealed.contains(exercise.id)) {
                bodies[exercise.id] = exercise.stub
                report.punched.append(exercise.id)
            } else if !unchanged {
                bodies[exercise.id] = written.body
                report.kept.append(exercise.id)
            }
        }
        return bodies
    }

    /// Puts exercise `id`'s hole back (what the learner wrote stays in the workspace's git history).
    public func reset(_ exercise: ExerciseRegion) throws {
        var state = try self.state()
        try snapshot("Your work before `workbook practice reset \(exercise.id)`")
        let file = root.appendingPathComponent(exercise.file)
        guard state.started.contains(exercise.milestone) else {
            throw PracticeError("M\(exercise.milestone) is not started in this workspace, so \(exercise.id) is the reference code; start it with `workbook practice start M\(exercise.milestone)`")
        }
        let text = try FileFormatError.readText(file)
        guard let current = (try ExerciseRegion.all(in: text, file: exercise.file)).first(where: { $0.id == exercise.id }) else {
            throw PracticeError("\(exercise.file) has no `// exercise: \(exercise.id)` marker any more; restore the marker lines, then reset")
        }
        guard !exercise.isHole(current.body) else { throw PracticeError("\(exercise.id) is already a hole; nothing was changed") }
        try write(ExerciseRegion.filling(text, file: exercise.file, with: [exercise.id: exercise.stub]), to: file)
        state.solved.removeAll { $0 == exercise.milestone }
        state.revealed.removeAll { $0 == exercise.id }
        try state.write(in: root)
        try rewritePackageManifest(state)
        try snapshot("workbook practice reset \(exercise.id)")
    }

    /// The body the learner has now for an exercise, or nil when its markers are gone.
    public func currentBody(_ exercise: ExerciseRegion) throws -> [String]? {
        let text = try FileFormatError.readText(root.appendingPathComponent(exercise.file))
        return try ExerciseRegion.all(in: text, file: exercise.file).first { $0.id == exercise.id }?.body
    }

    /// Rewrites the reference milestones in the workspace's Package.swift when they changed.
    @discardableResult
    public func rewritePackageManifest(_ state: PracticeState) throws -> Bool {
        let file = root.appendingPathComponent("Package.swift")
        let text = try FileFormatError.readText(file)
        let updated = try Self.settingReferenceMilestones(text, state.referenceMilestones)
        guard updated != text else { return false }
        try write(updated, to: file)
        return true
    }

    static let manifestMarkers = RegionMarkers(beginPrefix: "// practice: reference milestones", endLine: "// end practice")

    /// Package.swift with its reference-milestones line set to `milestones`.
    static func settingReferenceMilestones(_ manifest: String, _ milestones: [Int]) throws -> String {
        let rewritten = try manifestMarkers.rewriting(manifest, file: "Package.swift") { _ in
            ["let referenceMilestones: [Int] = [\(milestones.map(String.init).joined(separator: ", "))]"]
        }
        guard rewritten != manifest || manifest.contains("let referenceMilestones: [Int] = [\(milestones.map(String.init).joined(separator: ", "))]") else {
            throw PracticeError("Package.swift has no `// practice: reference milestones` block; update the workbook")
        }
        return rewritten
    }

    /// Commits everything in the workspace, if anything changed.
    public func snapshot(_ message: String) throws {
        let fm = FileManager.default
        // Without its own repository, git would commit into whatever repository encloses the
        // workspace (the workbook's, for Practice/), and the learner's work would be lost.
        guard fm.fileExists(atPath: root.appendingPathComponent(".git").path) else {
            throw PracticeError("\(root.path) has no git repository of its own (.git is missing), so your work could not be committed before the change; nothing was changed. Restore .git, or copy your files and start a new workspace")
        }
        if fm.fileExists(atPath: root.appendingPathComponent(".git/MERGE_HEAD").path)
            || fm.fileExists(atPath: root.appendingPathComponent(".git/rebase-merge").path)
            || fm.fileExists(atPath: root.appendingPathComponent(".git/rebase-apply").path) {
            throw PracticeError("\(root.path) is in the middle of a git merge or rebase; finish or abort it first (`git -C \(root.path) status`); nothing was changed")
        }
        try ShellCommand.output(["git", "add", "-A"], in: root)
        let status = try ShellCommand.output(["git", "status", "--porcelain"], in: root)
        guard !status.isEmpty else { return }
        try ShellCommand.output(["git", "-c", "user.name=workbook practice", "-c", "user.email=practice@localhost",
                                 "commit", "-q", "-m", message], in: root)
    }

    /// A new workspace goes into an empty or missing folder outside the workbook's own files
    /// (Practice/ at its top is fine): never over someone's files, never inside the package.
    func validateNewLocation() throws {
        let fm = FileManager.default
        var isFolder: ObjCBool = false
        if fm.fileExists(atPath: root.path, isDirectory: &isFolder) {
            guard isFolder.boolValue else { throw PracticeError("--workspace \(root.path) is a file; name a new or empty folder") }
            let entries = try fm.contentsOfDirectory(atPath: root.path)
            guard entries.isEmpty else {
                throw PracticeError("--workspace \(root.path) is a folder with files in it but not a practice workspace (no \(PracticeState.path)); name a new or empty folder, so nothing of yours is overwritten")
            }
        }
        let workbookPath = workbook.path + "/"
        if (root.path + "/").hasPrefix(workbookPath) {
            let inside = String(root.path.dropFirst(workbookPath.count))
            let top = inside.split(separator: "/").first.map(String.init) ?? ""
            // A folder of its own at the top (an existing one of the package's is not empty, so refused above),
            // or one in the build folder (the per-exercise check's scratch workspace).
            guard !inside.isEmpty, top == ".build" || (inside.split(separator: "/").count == 1 && !top.hasPrefix(".")) else {
                throw PracticeError("--workspace \(root.path) is inside the workbook's own files; use Practice/ (the default) or a folder outside the workbook")
            }
        }
        if workbook.path.hasPrefix(root.path + "/") || workbook.path == root.path {
            throw PracticeError("--workspace \(root.path) contains the workbook itself; name a new folder")
        }
    }

    func createRepository() throws {
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try ShellCommand.output(["git", "init", "-q"], in: root)
        // The reference copy and the data cache are the workbook's, not the learner's work.
        let exclude = root.appendingPathComponent(".git/info/exclude")
        try FileManager.default.createDirectory(at: exclude.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("/.practice/reference/\n/.cache\n".utf8).write(to: exclude)
        let cache = workbook.appendingPathComponent(".cache")
        try FileManager.default.createDirectory(at: cache, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: root.appendingPathComponent(".cache"), withDestinationURL: cache)
    }

    func refreshReference(_ tracked: [String]) throws {
        let fresh = root.appendingPathComponent(".practice/reference.new")
        try? FileManager.default.removeItem(at: fresh)
        for path in tracked {
            let target = fresh.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: workbook.appendingPathComponent(path), to: target)
        }
        // Unchanged modification times keep the reference modules' build products valid.
        if FileManager.default.fileExists(atPath: referenceRoot.path) {
            for path in tracked {
                let old = referenceRoot.appendingPathComponent(path), new = fresh.appendingPathComponent(path)
                if FileManager.default.contentsEqual(atPath: old.path, andPath: new.path) {
                    try FileManager.default.removeItem(at: new)
                    try FileManager.default.moveItem(at: old, to: new)
                }
            }
            try FileManager.default.removeItem(at: referenceRoot)
        }
        try FileManager.default.moveItem(at: fresh, to: referenceRoot)
    }

    /// Writes `text` only when it differs, so unchanged files keep their build products.
    func write(_ text: String, to file: URL) throws {
        if FileManager.default.contents(atPath: file.path) == Data(text.utf8) { return }
        try Data(text.utf8).write(to: file, options: .atomic)
    }
}
