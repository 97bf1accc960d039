import ExperimentRecords
import LiterateChapters
import Numerics

/// Fills a chapter's results blocks from the latest results, so the numbers a chapter
/// shows are the ones the tests judged, never typed by hand:
///
///     <!-- results m1-main-run metrics -->
///     …generated…
///     <!-- end results -->
///
/// Parts: `status`, `metrics`, `tables`, `outcomes`, `observations`, `provenance`.
public enum ChapterResults {
    public static let parts = ["status", "metrics", "tables", "outcomes", "observations", "provenance"]

    /// The chapter with every block refilled; blocks naming a record the results lack are
    /// kept as they are and listed in `missing`.
    public static func filled(_ chapter: String, file: String, results: LatestResults) throws -> (text: String, missing: [String]) {
        var missing: [String] = []
        let text = try RegionMarkers.chapterResults.rewriting(chapter, file: file) { region in
            let words = region.argument.split(separator: " ").map(String.init)
            guard words.count == 2, parts.contains(words[1]) else {
                throw FileFormatError(file: file, line: region.lineNumber,
                                        problem: "a results marker needs a record id and one of \(parts.joined(separator: ", ")): '\(region.beginLine)'")
            }
            guard let experiment = results.experiments.first(where: { $0.record.id == words[0] }) else {
                missing.append("\(file):\(region.lineNumber): no record '\(words[0])' in the latest results")
                return nil
            }
            return [""] + block(words[1], experiment) + [""]
        }
        return (text, missing)
    }

    static func block(_ part: String, _ experiment: ExperimentResult) -> [String] {
        let record = experiment.record
        let renderer = LogRenderer()
        switch part {
        case "status":
            return ["**Latest run:** " + (experiment.passed ? "✅ all \(experiment.outcomes.count) outcome tests passed" : "❌ \(experiment.failures.count) of \(experiment.outcomes.count) outcome tests failed") + " (\(record.provenance.date), commit \(record.provenance.commit))."]
        case "metrics":
            return renderer.markdownTable(["Metric", "Value"], record.metrics.map { [$0.name, $0.display] })
        case "tables":
            return record.tables.enumerated().flatMap { index, table in
                (index == 0 ? [] : [""]) + ["**\(table.title)**", ""] + renderer.markdownTable(table.columns, table.rows)
            }
        case "outcomes":
            return experiment.outcomes.map { "- \($0.passed == true ? "✅" : "❌") \($0.displayName)" }
        case "observations":
            return experiment.observationLines.map { "- \($0)" }
        default:
            return ["_\(record.provenance.summary)._"]
        }
    }
}
