// swift-tools-version: 6.1
import PackageDescription

/// The LLM engineering workbook: one chapter target and one outcome suite per milestone,
/// a shared core, a thin layer over GSL (and OpenBLAS), and the `workbook` command.
let package = Package(
    name: "LLMWorkbook",
    products: [
        .executable(name: "workbook", targets: ["WorkbookCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // C libraries: GSL for numeric differentiation, random numbers, eigenvalues and
        // reference optimizers; OpenBLAS as the CBLAS that GSL (and later chapters) call.
        .systemLibrary(
            name: "CGSL",
            providers: [.apt(["libgsl-dev", "libopenblas-dev"])]
        ),
        .target(name: "GSL", dependencies: ["CGSL"]),

        // Shared by every chapter: matrices, datasets, metrics, gradient checks,
        // experiment records, plotting, progress, literate listings.
        .target(name: "WorkbookCore", dependencies: ["GSL", "CGSL"]),

        // What every outcome suite shares: attaching experiment records to the tests that judge them.
        .target(name: "WorkbookTesting", dependencies: ["WorkbookCore"]),

        // Milestone 1 (Chapters/01-LogisticRegression.md).
        .target(name: "LogisticRegression", dependencies: ["WorkbookCore", "GSL"]),
        .testTarget(name: "LogisticRegressionTests", dependencies: ["LogisticRegression", "WorkbookTesting"]),

        // Milestone 2 (Chapters/02-MultilayerPerceptron.md).
        .target(name: "MultilayerPerceptron", dependencies: ["LogisticRegression", "WorkbookCore", "GSL"]),
        .testTarget(name: "MultilayerPerceptronTests", dependencies: ["MultilayerPerceptron", "WorkbookTesting"]),

        // Milestone 3 (Chapters/03-AutogradEngine.md).
        .target(name: "AutogradEngine", dependencies: ["MultilayerPerceptron", "WorkbookCore", "GSL"]),
        .testTarget(name: "AutogradEngineTests", dependencies: ["AutogradEngine", "WorkbookTesting"]),

        // Milestone 4 (Chapters/04-Optimization.md).
        .target(name: "Optimization", dependencies: ["AutogradEngine", "WorkbookCore", "GSL"]),
        .testTarget(name: "OptimizationTests", dependencies: ["Optimization", "WorkbookTesting"]),

        // Milestone 5 (Chapters/05-BigramLanguageModel.md).
        .target(name: "BigramLanguageModel", dependencies: ["Optimization", "AutogradEngine", "WorkbookCore", "GSL"]),
        .testTarget(name: "BigramLanguageModelTests", dependencies: ["BigramLanguageModel", "WorkbookTesting"]),

        // Milestone 6 (Chapters/06-MLPLanguageModel.md).
        .target(name: "MLPLanguageModel", dependencies: ["BigramLanguageModel", "Optimization", "AutogradEngine", "WorkbookCore", "GSL"]),
        .testTarget(name: "MLPLanguageModelTests", dependencies: ["MLPLanguageModel", "WorkbookTesting"]),

        // Milestone 7 (Chapters/07-BPETokenizer.md).
        .target(name: "BPETokenizer", dependencies: ["WorkbookCore", "GSL"]),
        .testTarget(name: "BPETokenizerTests", dependencies: ["BPETokenizer", "WorkbookTesting"]),

        // glibc's vector math (libmvec) for erff/expf over arrays: the fused GPT's GELU.
        .target(name: "CVectorMath", linkerSettings: [.linkedLibrary("mvec"), .linkedLibrary("m")]),

        // Milestone 8 (Chapters/08-GPT.md).
        .target(name: "GPT", dependencies: ["MLPLanguageModel", "BigramLanguageModel", "Optimization", "AutogradEngine", "WorkbookCore", "GSL", "CGSL", "CVectorMath"],
                // Float.squareRoot() on Linux goes through a C shim; with errno semantics it keeps a
                // branch to sqrtf for negative inputs, which stops AdamW's loop from vectorizing.
                swiftSettings: [.unsafeFlags(["-Xcc", "-fno-math-errno"])]),
        .testTarget(name: "GPTTests", dependencies: ["GPT", "WorkbookTesting"]),

        // The experiments log: joins test verdicts with experiment records into EXPERIMENTS.md.
        .target(name: "ExperimentsLog", dependencies: ["WorkbookCore"]),
        .testTarget(name: "ExperimentsLogTests", dependencies: ["ExperimentsLog"]),

        .testTarget(name: "WorkbookCoreTests", dependencies: ["WorkbookCore"]),

        // The benchmark's probe of one core's peak FMA rate, in the CPU's widest vectors.
        .target(name: "CMachinePeak"),

        .executableTarget(
            name: "WorkbookCLI",
            dependencies: [
                "CMachinePeak",
                "ExperimentsLog", "LogisticRegression", "MultilayerPerceptron", "AutogradEngine", "Optimization", "BigramLanguageModel", "MLPLanguageModel", "BPETokenizer", "GPT",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
    ]
)
