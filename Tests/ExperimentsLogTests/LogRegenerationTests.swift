import Foundation
import Testing
import ExperimentRecords
import LiterateChapters
import Numerics
import ExperimentsLog

@Suite("Experiments log · regeneration")
struct LogRegenerationTests {
    static let passing = [
        ScratchWorkbook.TestOutcome(id: "S/a()/T.swift:10:6", name: "First outcome", passed: true, record: ScratchWorkbook.record()),
        ScratchWorkbook.TestOutcome(id: "S/b()/T.swift:20:6", name: "Second outcome", passed: true, record: ScratchWorkbook.record()),
        ScratchWorkbook.TestOutcome(id: "S/c()/T.swift:30:6", name: "Ablation outcome", passed: true,
                                    record: ScratchWorkbook.record(experiment: "ablation", loss: 0.5, order: 2)),
    ]

    @Test("Regenerating twice without new results gives a byte-identical file")
    func idempotent() throws {
        let scratch = try ScratchWorkbook()
        try scratch.writeResults(Self.passing)
        let first = try scratch.regeneration.run()
        let text = try scratch.readLog()
        let second = try scratch.regeneration.run()
        #expect(first.logChanged && !second.logChanged)
        #expect(try scratch.readLog() == text)
    }

    @Test("Entries follow the seed's template, in milestone order, with verdicts and provenance")
    func entryShape() throws {
        let scratch = try ScratchWorkbook()
        try scratch.writeResults(Self.passing)
        _ = try scratch.regeneration.run()
        let text = try scratch.readLog()
        for line in ["## Metrics Tracking", "### Phase 1: Foundations", "| Experiment | Loss | Accuracy | Convergence speed | Notes |",
                     "## Visualization Tracking", "## Experiment: M1 Logistic Regression - Example main-run", "**Date:** 2026-01-02  ",
                     "**Milestone:** M1_logistic_regression  ", "**Objective:** An objective.  ", "### Setup", "- Model: a model",
                     "- Provenance: commit abc1234, seed 42, Swift 6.3.1, build: release", "| Final loss | 0.2500 |",
                     "- ✅ First outcome", "- ✅ Second outcome", "### Observations", "### Visualization", "### Conclusion", "- Pass: it worked."] {
            #expect(text.contains(line + "\n"), "missing line: \(line)")
        }
        let main = try #require(text.range(of: "## Experiment: M1 Logistic Regression - Example main-run"))
        let ablation = try #require(text.range(of: "## Experiment: M1 Logistic Regression - Example ablation"))
        #expect(main.lowerBound < ablation.lowerBound)
    }

    @Test("A failed outcome marks its experiment failed and names the failure")
    func failureShown() throws {
        let scratch = try ScratchWorkbook()
        var outcomes = Self.passing
        outcomes[1].passed = false
        outcomes[1].issue = "Expectation failed: loss rose at epoch 3"
        try scratch.writeResults(outcomes)
        _ = try scratch.regeneration.run()
        let text = try scratch.readLog()
        #expect(text.contains("**Status:** ❌ failed: 1 of 2 outcome tests did not pass"))
        #expect(text.contains("- ❌ Second outcome: Expectation failed: loss rose at epoch 3"))
        #expect(text.contains("- Fail: 1 of 2 outcome tests did not pass (\"Second outcome\")"))
        #expect(text.contains("**Status:** ✅ passed: 1 of 1 outcome tests"), "the ablation still passed")
    }

    @Test("An observation that states an outcome is written from that outcome's verdict: a failed entry never claims success")
    func observationsFollowVerdicts() throws {
        let claim = Observation.judged(by: "Second outcome", passed: "The gradient matched GSL.", failed: "The gradient did not match GSL (relative error 2e-3).")
        let misspelt = Observation.judged(by: "Secnd outcome", passed: "Also matched.", failed: "Unknown.")
        let record = ScratchWorkbook.record(observations: ["Measured 3 points.", claim, misspelt])
        var outcomes = Self.passing.map { outcome in
            var outcome = outcome
            if outcome.record?.id == record.id { outcome.record = record }
            return outcome
        }
        let scratch = try ScratchWorkbook()
        try scratch.writeResults(outcomes)
        let passed = try scratch.regeneration.run()
        #expect(try scratch.readLog().contains("- The gradient matched GSL.\n"))
        #expect(passed.missing.contains { $0.contains("\"Secnd outcome\"") }, "a misspelt test name is reported")
        outcomes[1].passed = false
        try scratch.writeResults(outcomes)
        _ = try scratch.regeneration.run()
        let text = try scratch.readLog()
        #expect(!text.contains("The gradient matched GSL."))
        #expect(text.contains("- ❌ The gradient did not match GSL (relative error 2e-3). (outcome \"Second outcome\" failed)\n"))
        #expect(text.contains("- ❌ Unknown. (no outcome test named \"Secnd outcome\" judged this record)\n"))
        #expect(text.contains("- Measured 3 points.\n"), "observations of what was measured stay")
    }

    @Test("A failing test that judged no experiment (a listing check) is named in the summary line")
    func unattachedFailureNamed() throws {
        let scratch = try ScratchWorkbook()
        try scratch.writeResults(Self.passing + [
            ScratchWorkbook.TestOutcome(id: "S/listings()/T.swift:40:6", name: "Chapter 1's listings match their sources", passed: false, record: nil),
        ])
        _ = try scratch.regeneration.run()
        let summary = try #require(try scratch.readLog().split(separator: "\n").first { $0.hasPrefix("_Generated by") })
        #expect(summary.contains("3 of 4 tests passed"))
        #expect(summary.contains("Failed outside any experiment: ❌ \"Chapter 1's listings match their sources\""), "\(summary)")
    }

    @Test("Text written outside the generated block survives regeneration byte for byte")
    func handWrittenTextSurvives() throws {
        let scratch = try ScratchWorkbook()
        let before = "# My log\n\nMy own notes.\n\n"
        let after = "\n## My conclusions\n\nWritten by hand.\n"
        try (before + ExperimentsLogFile.beginMarker + "\nold\n" + ExperimentsLogFile.endMarker + after)
            .write(to: scratch.log, atomically: true, encoding: .utf8)
        try scratch.writeResults(Self.passing)
        _ = try scratch.regeneration.run()
        let text = try scratch.readLog()
        #expect(text.hasPrefix(before + ExperimentsLogFile.beginMarker + "\n"))
        #expect(text.hasSuffix(ExperimentsLogFile.endMarker + after))
        #expect(!text.contains("\nold\n"))
    }

    @Test("A log without markers keeps all its text and gets the block appended")
    func noMarkersAppends() throws {
        let scratch = try ScratchWorkbook()
        let original = "# Experiments Log\n\n## Experiment: written by hand\n\nkeep me\n"
        try original.write(to: scratch.log, atomically: true, encoding: .utf8)
        try scratch.writeResults(Self.passing)
        _ = try scratch.regeneration.run()
        let text = try scratch.readLog()
        #expect(text.hasPrefix(original + "\n" + ExperimentsLogFile.beginMarker))
    }

    @Test("Missing, unfinished or corrupt results leave EXPERIMENTS.md untouched and say what to run",
          arguments: ["missing", "unfinished", "corrupt line", "corrupt record", "no records", "two generated blocks"])
    func badInputLeavesLogUntouched(_ problem: String) throws {
        let scratch = try ScratchWorkbook()
        var original = "# Log\n\n" + ExperimentsLogFile.beginMarker + "\nkept\n" + ExperimentsLogFile.endMarker + "\n"
        switch problem {
        case "missing":
            break
        case "unfinished":
            try scratch.writeResults(Self.passing, finished: false)
        case "corrupt line":
            try scratch.writeResults(Self.passing)
            let handle = try FileHandle(forWritingTo: scratch.results.appendingPathComponent("events.jsonl"))
            try handle.seekToEnd()
            try handle.write(contentsOf: Data("{not json\n".utf8))
            try handle.close()
        case "corrupt record":
            try scratch.writeResults(Self.passing)
            try Data("{}".utf8).write(to: scratch.results.appendingPathComponent("attachments/m1-main-run-0.json"))
        case "no records":
            try scratch.writeResults(Self.passing.map { var outcome = $0; outcome.record = nil; return outcome })
        default:
            try scratch.writeResults(Self.passing)
            original += ExperimentsLogFile.beginMarker + "\n" + ExperimentsLogFile.endMarker + "\n"
        }
        try original.write(to: scratch.log, atomically: true, encoding: .utf8)
        #expect { try scratch.regeneration.run() } throws: { error in
            let text = "\(error)"
            let namesFile = text.contains("events.jsonl") || text.contains(".json") || text.contains("EXPERIMENTS.md")
            return namesFile && (error is FileFormatError || text.contains("Run `bash Scripts/run-experiments.sh`"))
        }
        #expect(try scratch.readLog() == original)
    }

    @Test("Two different copies of one record in a run are refused: an experiment must be deterministic")
    func differingRecordsRefused() throws {
        let scratch = try ScratchWorkbook()
        var outcomes = Self.passing
        outcomes[1].record = ScratchWorkbook.record(loss: 0.3)
        try scratch.writeResults(outcomes)
        #expect { try LatestResults(directory: scratch.results) } throws: { "\($0)".contains("gave different numbers") }
    }
}
