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

    .testTarget(name: "NumericsTests", dependencies: ["Numerics", "WorkbookTesting"]),
    .testTarget(name: "ToolingTests", dependencies: ["ExperimentsLog", "WorkbookTesting"]),
    .testTarget(name: "ExperimentsLogTests", dependencies: ["ExperimentsLog"]),
    .testTarget(name: "WorkbookCLITests", dependencies: ["WorkbookCommands"]),
]

func milestoneTargets(_ milestone: Milestone) -> [Target] {
    let main = milestone.lessons[0].name
    let lessons: [Target] = milestone.lessons.map { lesson in
        .target(name: lesson.name,
                dependencies: ["Numerics", "GSL"] + lesson.uses.map { .target(name: $0) } + lesson.system,
                swiftSettings: lesson.settings)
    }
    let experiments = Target.target(
        name: main + "Experiments",
        dependencies: ["ExperimentRecords"] + (milestone.lessons.map(\.name) + milestone.experimentsUse).map { .target(name: $0) })
    let suite = Target.testTarget(name: main + "Tests", dependencies: [.target(name: main + "Experiments"), "WorkbookTesting"])
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
    targets: core + milestones.flatMap(milestoneTargets) + [
        // The commands as a library (the CLI's tests import it without @testable, so `swift test
        // --disable-testable-imports` and `swift build` share every module), and the executable.
        .target(
            name: "WorkbookCommands",
            dependencies: ["CMachinePeak", "ExperimentsLog"]
                + milestones.map { .target(name: $0.lessons[0].name + "Experiments") }
                + [.product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .executableTarget(name: "WorkbookCLI", dependencies: ["WorkbookCommands"]),
    ]
)
