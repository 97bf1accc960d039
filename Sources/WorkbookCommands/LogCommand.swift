import ArgumentParser
import ExperimentsLog
import Foundation

struct LogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "Regenerate EXPERIMENTS.md, the plots and the chapters' results from the latest test results.",
        discussion: """
            Reads .results/events.jsonl (Swift Testing's event stream) and the experiment records the
            tests attached in .results/attachments/. Only the block between the GENERATED markers of
            EXPERIMENTS.md is replaced; nothing is written when the results are missing or unreadable.
            """)

    @OptionGroup var options: PackageOptions

    @Option(help: "Folder holding events.jsonl and attachments/ (default: .results in the package root).")
    var results: String?

    func run() throws {
        var regeneration = LogRegeneration(packageRoot: options.root)
        if let results { regeneration.resultsDirectory = URL(fileURLWithPath: results, isDirectory: true) }
        let summary: LogRegeneration.Summary
        do { summary = try regeneration.run() } catch { throw fail(error) }
        print("EXPERIMENTS.md: \(summary.logChanged ? "updated" : "unchanged") (\(summary.experimentsPassed) of \(summary.experiments) experiments passed every outcome test)")
        print("visualizations/: \(summary.plots) plots, \(summary.plotsChanged) changed")
        print("Chapters/: \(summary.chaptersChanged.isEmpty ? "unchanged" : "updated " + summary.chaptersChanged.joined(separator: ", "))")
        for line in summary.missing { print("warning: \(line)") }
    }
}
