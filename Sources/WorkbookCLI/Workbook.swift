import ArgumentParser
import Foundation

@main
struct Workbook: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "workbook",
        abstract: "The LLM engineering workbook: regenerate the experiments log, keep chapters in sync, train interactively.",
        discussion: """
            The outcome suites run the experiments; `bash Scripts/run-experiments.sh` runs them in release
            mode with the results recorded in .results/ and then calls `workbook log`.
            """,
        subcommands: [LogCommand.self, ListingsCommand.self, FixturesCommand.self, TrainCommand.self, BenchCommand.self])
}

/// Options every subcommand shares.
struct PackageOptions: ParsableArguments {
    @Option(help: "The workbook's root folder.")
    var packageRoot: String = FileManager.default.currentDirectoryPath

    var root: URL { URL(fileURLWithPath: packageRoot, isDirectory: true) }
}

/// Prints `error` to standard error and exits with status 1.
func fail(_ error: Error) -> ExitCode {
    FileHandle.standardError.write(Data("error: \(error)\n".utf8))
    return .failure
}
