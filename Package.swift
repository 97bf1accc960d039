// swift-tools-version: 6.1
import PackageDescription

// The LLM engineering workbook, read as a table of milestones.
//
// Each milestone has a lesson target (Sources/<Lesson>: only what its chapter teaches and later
// chapters reuse), an experiments target (Sources/<Lesson>Experiments: the runs, checks and
// their log records and plots) and an outcome suite (Tests/<Lesson>Tests). A lesson imports
// the numeric core and the earlier lessons it really uses; experiments may also use earlier
// milestones' experiments (their data sets and settings).

/// One lesson target: its name, the earlier lessons it imports, and anything else it needs.
struct Lesson {
    let name: String
    var uses: [String] = []
    var system: [Target.Dependency] = []
    var settings: [SwiftSetting] = []
}

/// A milestone: its chapter's lessons (the first names the experiments and the suite) and
/// the other experiment targets its experiments use.
struct Milestone {
    let lessons: [Lesson]
    var experimentsUse: [String] = []
}

let milestones = [
    // M1, Chapters/01-LogisticRegression.md
    Milestone(lessons: [Lesson(name: "LogisticRegression")]),
    // M2, Chapters/02-MultilayerPerceptron.md
    Milestone(lessons: [Lesson(name: "MultilayerPerceptron", uses: ["LogisticRegression"])],
              experimentsUse: ["LogisticRegressionExperiments"]),
    // M3, Chapters/03-AutogradEngine.md
    Milestone(lessons: [Lesson(name: "AutogradEngine")],
              experimentsUse: ["MultilayerPerceptronExperiments"]),
    // M4, Chapters/04-Optimization.md
    Milestone(lessons: [Lesson(name: "Optimization", uses: ["AutogradEngine"])]),
    // M5, Chapters/05-BigramLanguageModel.md
    Milestone(lessons: [Lesson(name: "BigramLanguageModel", uses: ["AutogradEngine", "Optimization"])]),
    // M6, Chapters/06-MLPLanguageModel.md
    Milestone(lessons: [Lesson(name: "MLPLanguageModel", uses: ["AutogradEngine", "Optimization", "BigramLanguageModel"])],
              experimentsUse: ["BigramLanguageModelExperiments"]),
    // M7, Chapters/07-BPETokenizer.md
    Milestone(lessons: [Lesson(name: "BPETokenizer")]),
    // M8, Chapters/08-GPT.md
    Milestone(lessons: [
                  Lesson(name: "GPT", uses: ["AutogradEngine", "Optimization"]),
                  // The fast path: the same GPT as loops over flat buffers, OpenBLAS products and
                  // glibc's vector math. Float.squareRoot() on Linux goes through a C shim; with
                  // errno semantics it keeps a branch to sqrtf for negative inputs, which stops
                  // AdamW's loop from vectorizing, hence -fno-math-errno.
                  Lesson(name: "GPTFastPath", uses: ["GPT", "Optimization"], system: ["CGSLOpenBLAS", "CVectorMath"],
                         settings: [.unsafeFlags(["-Xcc", "-fno-math-errno"])]),
              ],
              experimentsUse: ["BigramLanguageModelExperiments", "MLPLanguageModelExperiments"]),
    // M9, Chapters/09-FineTuning.md
    Milestone(lessons: [Lesson(name: "FineTuning", uses: ["GPT", "GPTFastPath", "Optimization"])],
              experimentsUse: ["GPTExperiments"]),
    // M10, Chapters/10-EvaluationMetrics.md
    Milestone(lessons: [Lesson(name: "EvaluationMetrics")],
              experimentsUse: ["FineTuningExperiments", "GPTExperiments", "FineTuning", "GPT", "GPTFastPath"]),
    // M11, Chapters/11-Retrieval.md
    Milestone(lessons: [Lesson(name: "Retrieval", uses: ["EvaluationMetrics"], system: ["CGSLOpenBLAS", "CVectorMath"])],
              experimentsUse: ["EvaluationMetricsExperiments", "GPT", "GPTFastPath", "Optimization"]),
    // M12, Chapters/12-Inference.md
    Milestone(lessons: [Lesson(name: "Inference", uses: ["GPT", "GPTFastPath"], system: ["CGSLOpenBLAS", "CVectorMath"])],
              experimentsUse: ["GPTExperiments"]),
    // M13, Chapters/13-Agent.md
    Milestone(lessons: [Lesson(name: "Agent", uses: ["GPT", "GPTFastPath", "Inference"])],
              experimentsUse: ["RetrievalExperiments", "GPT", "GPTFastPath", "Inference", "Optimization"]),
    // M14, Chapters/14-DistributedTraining.md
    Milestone(lessons: [Lesson(name: "DistributedTraining", uses: ["GPT", "GPTFastPath", "Optimization"], system: ["CMPI"])],
              experimentsUse: ["GPTExperiments", "GPT", "GPTFastPath", "Optimization"]),
]

/// The experiments the commands run. The commands belong to no milestone, so they build on the
/// reference code of every unsolved one (`workbook train m1` in a workspace trains the learner's
/// model once M1 is solved).
let commandExperiments = milestones.map { $0.lessons[0].name + "Experiments" }

// MARK: - Practice mode

// In a practice workspace (`workbook practice start`), the milestones whose exercises the learner
// has not yet solved. Their own targets and suite build on the learner's code; every other target
// builds on a reference copy (".practice/reference", module "Reference<Name>", imported under its
// usual name through -module-alias), so one unsolved exercise does not turn later suites red.
// `workbook practice` rewrites this list; in the workbook itself it is empty and changes nothing.
// practice: reference milestones
let referenceMilestones: [Int] = []
// end practice

/// The milestone number (1-based) that owns a lesson or experiments target, if any.
func owner(_ target: String) -> Int? {
    milestones.firstIndex { m in m.lessons.contains { $0.name == target || $0.name + "Experiments" == target } }.map { $0 + 1 }
}

/// The lesson and experiments targets a target depends on, directly.
func directDependencies(_ target: String) -> [String] {
    for m in milestones {
        if let lesson = m.lessons.first(where: { $0.name == target }) { return lesson.uses }
        if m.lessons[0].name + "Experiments" == target { return m.lessons.map(\.name) + m.experimentsUse }
    }
    return []
}

func allDependencies(_ target: String) -> [String] {
    var seen: [String] = []
    var queue = directDependencies(target)
    while let next = queue.popLast() {
        if seen.contains(next) { continue }
        seen.append(next)
        queue += directDependencies(next)
    }
    return seen
}

/// True when `dependency` must be the reference copy for a target of milestone `user`
/// (nil: a reference copy itself, or a target outside the milestones).
func usesReference(_ dependency: String, from user: Int?, isReference: Bool) -> Bool {
    guard let m = owner(dependency), referenceMilestones.contains(m) else { return false }
    return isReference || m != user
}

/// A lesson or experiments target (or its reference copy) with its dependencies bound.
func boundTarget(_ name: String, reference: Bool, extra: [Target.Dependency], settings: [SwiftSetting]) -> Target {
    let user = reference ? nil : owner(name)
    let dependencies = directDependencies(name).map { usesReference($0, from: user, isReference: reference) ? "Reference" + $0 : $0 }
    let aliases = allDependencies(name).filter { usesReference($0, from: user, isReference: reference) }
        .flatMap { ["-module-alias", "\($0)=Reference\($0)"] }
    return .target(name: reference ? "Reference" + name : name,
                   dependencies: extra + dependencies.map { .target(name: $0) },
                   path: reference ? ".practice/reference/Sources/" + name : nil,
                   swiftSettings: settings + (aliases.isEmpty ? [] : [.unsafeFlags(aliases)]))
}

/// Reference copies needed: every target of a reference milestone that a target outside it uses.
func referenceTargets() -> [Target] {
    let users = milestones.flatMap { m in m.lessons.map(\.name) + [m.lessons[0].name + "Experiments"] }
    let needed = Set(users.flatMap { user in allDependencies(user).filter { usesReference($0, from: owner(user), isReference: false) } })
        .union(commandExperiments.flatMap { [$0] + allDependencies($0) }.filter { usesReference($0, from: nil, isReference: false) })
    var closure = needed
    for name in needed { closure.formUnion(allDependencies(name).filter { usesReference($0, from: nil, isReference: true) }) }
    return closure.sorted().map { name in
        let lesson = milestones.flatMap(\.lessons).first { $0.name == name }
        return boundTarget(name, reference: true, extra: lesson.map { ["Numerics", "GSL"] + $0.system } ?? ["ExperimentRecords"],
                           settings: lesson?.settings ?? [])
    }
}

/// Aliases for a test target or the commands: every reference copy below them.
func referenceAliases(_ dependencies: [String], user: Int?) -> [SwiftSetting] {
    let aliases = Set(dependencies.flatMap { [$0] + allDependencies($0) }.filter { usesReference($0, from: user, isReference: false) })
        .sorted().flatMap { ["-module-alias", "\($0)=Reference\($0)"] }
    return aliases.isEmpty ? [] : [.unsafeFlags(aliases)]
}

// MARK: - The shared layers under and around the milestones

let core: [Target] = [
    // GSL (numeric differentiation, random numbers, eigenvalues, BFGS) and OpenBLAS (the CBLAS
    // that GSL and the fast paths call) in one C module: both ship a cblas.h, see shim.h.
    .systemLibrary(name: "CGSLOpenBLAS", providers: [.apt(["libgsl-dev", "libopenblas-dev"])]),
    // glibc's vector math (libmvec) for erff/expf over arrays: the fast GPT's GELU.
    .target(name: "CVectorMath", linkerSettings: [.linkedLibrary("mvec"), .linkedLibrary("m")]),
    // Open MPI (Chapter 14's processes and their messages); its handles come through shim.h.
    .systemLibrary(name: "CMPI", pkgConfig: "ompi-c", providers: [.apt(["libopenmpi-dev"])]),
    // The benchmark's probe of one core's peak FMA rate, in the CPU's widest vectors.
    .target(name: "CMachinePeak"),

    // The GSL layer: Swift calls with typed errors.
    .target(name: "GSL", dependencies: ["CGSLOpenBLAS"]),
    // The numeric core every lesson builds on: matrices and their kernels, stable math,
    // gradient checks, data sets, metrics, sampling from logits, the language-model interface.
    .target(name: "Numerics", dependencies: ["GSL", "CGSLOpenBLAS"]),

    // Tooling, apart from the lessons: what an experiment reports (records, milestones, plots,
    // provenance, progress), literate listings, and the log that joins records with verdicts.
    .target(name: "ExperimentRecords", dependencies: ["Numerics"]),
    .target(name: "LiterateChapters", dependencies: ["Numerics"]),
    .target(name: "ExperimentsLog", dependencies: ["ExperimentRecords", "LiterateChapters"]),
    // What every outcome suite shares: attaching records to the tests that judge them, listing checks.
    .target(name: "WorkbookTesting", dependencies: ["ExperimentRecords", "LiterateChapters", "Numerics", "GSL"]),
    // Practice mode: workspaces in which the learner writes the exercises, and the per-exercise check.
    .target(name: "PracticeMode", dependencies: ["ExperimentsLog", "LiterateChapters"]),

    .testTarget(name: "NumericsTests", dependencies: ["Numerics", "WorkbookTesting"]),
    .testTarget(name: "ToolingTests", dependencies: ["ExperimentsLog", "PracticeMode", "WorkbookTesting"]),
    .testTarget(name: "ExperimentsLogTests", dependencies: ["ExperimentsLog"]),
    .testTarget(name: "WorkbookCLITests", dependencies: ["WorkbookCommands"], swiftSettings: referenceAliases(commandExperiments, user: nil)),
]

func milestoneTargets(_ milestone: Milestone) -> [Target] {
    let main = milestone.lessons[0].name
    let lessons: [Target] = milestone.lessons.map { lesson in
        boundTarget(lesson.name, reference: false, extra: ["Numerics", "GSL"] + lesson.system, settings: lesson.settings)
    }
    let experiments = boundTarget(main + "Experiments", reference: false, extra: ["ExperimentRecords"], settings: [])
    let suite = Target.testTarget(name: main + "Tests", dependencies: [.target(name: main + "Experiments"), "WorkbookTesting"],
                                  swiftSettings: referenceAliases([main + "Experiments"], user: owner(main)))
    return lessons + [experiments, suite]
}

let package = Package(
    name: "LLMWorkbook",
    products: [
        .executable(name: "workbook", targets: ["WorkbookCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: core + milestones.flatMap(milestoneTargets) + referenceTargets() + [
        // The commands as a library (the CLI's tests import it without @testable, so `swift test
        // --disable-testable-imports` and `swift build` share every module), and the executable.
        .target(
            name: "WorkbookCommands",
            dependencies: ["CMachinePeak", "ExperimentsLog", "PracticeMode"]
                + commandExperiments.map { .target(name: usesReference($0, from: nil, isReference: false) ? "Reference" + $0 : $0) }
                + [.product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: referenceAliases(commandExperiments, user: nil)
        ),
        .executableTarget(name: "WorkbookCLI", dependencies: ["WorkbookCommands"], swiftSettings: referenceAliases(commandExperiments, user: nil)),
    ]
)
