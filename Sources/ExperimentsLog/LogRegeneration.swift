import Foundation
import ExperimentRecords
import Numerics

/// `workbook log`: from the latest results, renders the plots, refills the chapters' results
/// blocks and rewrites the generated block of EXPERIMENTS.md. Everything is read and checked
/// before anything is written, and each file is replaced atomically.
public struct LogRegeneration {
    public var resultsDirectory: URL
    public var logFile: URL
    public var visualizationsDirectory: URL
    public var chaptersDirectory: URL
    public var renderer = PlotRenderer()
    /// In a practice workspace, whose code produced the results (`.practice/PROVENANCE`,
    /// written by `workbook practice test`); nil in the workbook itself.
    public var practiceProvenance: String?

    public init(packageRoot: URL) {
        resultsDirectory = packageRoot.appendingPathComponent(".results")
        logFile = packageRoot.appendingPathComponent("EXPERIMENTS.md")
        visualizationsDirectory = packageRoot.appendingPathComponent("visualizations")
        chaptersDirectory = packageRoot.appendingPathComponent("Chapters")
        practiceProvenance = FileManager.default.contents(atPath: packageRoot.appendingPathComponent(".practice/PROVENANCE").path)
            .map { String(decoding: $0, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) }
    }

    public struct Summary: Sendable {
        public var experiments = 0
        public var experimentsPassed = 0
        public var logChanged = false
        public var plots = 0
        public var plotsChanged = 0
        public var chaptersChanged: [String] = []
        /// Chapter results blocks that name a record the results lack, and observations that
        /// name an outcome test which did not judge their record.
        public var missing: [String] = []
    }

    public func run() throws -> Summary {
        let results = try LatestResults(directory: resultsDirectory)
        var summary = Summary()
        summary.experiments = results.experiments.count
        summary.experimentsPassed = results.experiments.filter(\.passed).count
        summary.missing += results.experiments.flatMap(\.unjudgedObservations)

        let existing = FileManager.default.contents(atPath: logFile.path).map { String(decoding: $0, as: UTF8.self) }
        let log = try ExperimentsLogFile.merged(existing: existing, generated: LogRenderer(practiceProvenance: practiceProvenance).render(results),
                                                file: logFile.lastPathComponent)

        var chapters: [(URL, String)] = []
        let chapterFiles = (try? FileManager.default.contentsOfDirectory(at: chaptersDirectory, includingPropertiesForKeys: nil)) ?? []
        for url in chapterFiles.filter({ $0.pathExtension == "md" }).sorted(by: { $0.path < $1.path }) {
            let text = try String(contentsOf: url, encoding: .utf8)
            let filled = try ChapterResults.filled(text, file: "Chapters/\(url.lastPathComponent)", results: results)
            summary.missing += filled.missing
            if filled.text != text { chapters.append((url, filled.text)) }
        }

        try FileManager.default.createDirectory(at: visualizationsDirectory, withIntermediateDirectories: true)
        for plot in results.experiments.flatMap(\.record.plots) {
            summary.plots += 1
            if try renderer.render(plot, into: visualizationsDirectory) { summary.plotsChanged += 1 }
        }
        for (url, text) in chapters where try ExperimentsLogFile.write(text, to: url) {
            summary.chaptersChanged.append(url.lastPathComponent)
        }
        summary.logChanged = try ExperimentsLogFile.write(log, to: logFile)
        return summary
    }
}
