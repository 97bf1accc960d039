import ArgumentParser
import Foundation

/// The `workbook` command and its subcommands (`Sources/WorkbookCLI/main.swift` runs it).
public struct Workbook: ParsableCommand {
    public init() {}

    public static let configuration = CommandConfiguration(
        commandName: "workbook",
        abstract: "The LLM engineering workbook: regenerate the experiments log, keep chapters in sync, train interactively.",
        discussion: """
            The outcome suites run the experiments; `bash Scripts/run-experiments.sh` runs them in release
            mode with the results recorded in .results/ and then calls `workbook log`.
            """,
        subcommands: [LogCommand.self, ListingsCommand.self, FixturesCommand.self, TrainCommand.self, TokenizeCommand.self,
                      TrainTokenizerCommand.self, BenchCommand.self, GenerateCommand.self, ScoreCommand.self, EmbedCommand.self, SearchCommand.self, EvaluateRankingCommand.self, AgentCommand.self,
                      DistributedRankCommand.self, PracticeCommand.self])
}

/// Options every subcommand shares.
struct PackageOptions: ParsableArguments {
    @Option(help: "The workbook's root folder (the one holding Package.swift and Chapters/).")
    var packageRoot: String = FileManager.default.currentDirectoryPath

    var root: URL { URL(fileURLWithPath: packageRoot, isDirectory: true) }

    /// A folder that is not the workbook is refused before a command looks for anything in it:
    /// a check that finds nothing to check must not pass, a writer must not write elsewhere.
    func validate() throws {
        let missing = ["Package.swift", "Chapters", "Sources"].filter {
            !FileManager.default.fileExists(atPath: root.appendingPathComponent($0).path)
        }
        guard missing.isEmpty else {
            throw ValidationError("--package-root \(root.path): not the workbook's folder (no \(missing.joined(separator: ", ")) there); run from the workbook's folder or pass --package-root PATH")
        }
    }
}

/// Option checks said the same way everywhere: the option, the value given, what is allowed.
enum CommandLineCheck {
    static func require(_ condition: Bool, _ option: String, _ value: Any, _ allowed: String) throws {
        guard !condition else { return }
        throw ValidationError("\(option) \(value): \(allowed)")
    }

    static func each(_ values: [Int], _ option: String, in range: ClosedRange<Int>) throws {
        try require(!values.isEmpty, option, "(none)", "needs at least one value")
        for value in values { try require(range.contains(value), option, value, "each value must be \(range.lowerBound) to \(range.upperBound)") }
    }
}

/// Prints `error` to standard error and exits with status 1.
func fail(_ error: Error) -> ExitCode {
    FileHandle.standardError.write(Data("error: \(error)\n".utf8))
    return .failure
}

/// Prints `message` to standard error and exits with status 1.
func fail(_ message: String) -> ExitCode {
    FileHandle.standardError.write(Data("error: \(message)\n".utf8))
    return .failure
}
