import Foundation
import ExperimentRecords
import LiterateChapters
import Numerics
import ExperimentsLog

/// A throwaway workbook folder with a `.results/` written the way `swift test` writes it:
/// an event stream and the attached records.
struct ScratchWorkbook {
    let root: URL

    /// A test that judged `record`.
    struct TestOutcome {
        var id: String
        var name: String
        var passed: Bool
        var issue: String? = nil
        var record: ExperimentRecord?
    }

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("workbook-log-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent(".results/attachments"), withIntermediateDirectories: true)
    }

    var results: URL { root.appendingPathComponent(".results") }
    var log: URL { root.appendingPathComponent("EXPERIMENTS.md") }
    var regeneration: LogRegeneration { LogRegeneration(packageRoot: root) }

    func readLog() throws -> String { try String(contentsOf: log, encoding: .utf8) }

    /// Writes events.jsonl and the attachments for `outcomes`; `finished: false` leaves out runEnded.
    func writeResults(_ outcomes: [TestOutcome], finished: Bool = true) throws {
        var lines: [[String: Any]] = outcomes.map { outcome in
            ["kind": "test", "version": 0,
             "payload": ["kind": "function", "id": outcome.id, "name": outcome.name, "displayName": outcome.name]]
        }
        for (index, outcome) in outcomes.enumerated() {
            if let record = outcome.record {
                let file = "\(record.id)-\(index).json"
                try record.canonicalJSON().write(to: results.appendingPathComponent("attachments/\(file)"))
                lines.append(event("valueAttached", outcome.id, extra: ["attachment": ["path": "/elsewhere/attachments/\(file)"]]))
            }
            if let issue = outcome.issue {
                lines.append(event("issueRecorded", outcome.id, messages: [["symbol": "fail", "text": "Expectation failed: (x → 3) < 2"],
                                                                          ["symbol": "details", "text": issue]]))
            }
            lines.append(event("testEnded", outcome.id, messages: [["symbol": outcome.passed ? "pass" : "fail", "text": "ended"]]))
        }
        if finished { lines.append(["kind": "event", "version": 0, "payload": ["kind": "runEnded", "messages": []]]) }
        let text = try lines.map { String(decoding: try JSONSerialization.data(withJSONObject: $0), as: UTF8.self) }.joined(separator: "\n") + "\n"
        try text.write(to: results.appendingPathComponent("events.jsonl"), atomically: true, encoding: .utf8)
    }

    private func event(_ kind: String, _ testID: String, messages: [[String: String]] = [], extra: [String: Any] = [:]) -> [String: Any] {
        var payload: [String: Any] = ["kind": kind, "testID": testID, "messages": messages]
        payload.merge(extra) { $1 }
        return ["kind": "event", "version": 0, "payload": payload]
    }

    /// A small record of M1 ("m1-\(experiment)") with no plots (so these tests need no gnuplot).
    static func record(experiment: String = "main-run", loss: Double = 0.25, order: Int = 1,
                       observations: [Observation] = ["An observation."]) -> ExperimentRecord {
        ExperimentRecord(
            milestone: .logisticRegression, experiment: experiment, title: "Example \(experiment)", order: order,
            objective: "An objective.", setup: [Field("Model", "a model")],
            metrics: [.decimal("Final loss", loss)],
            tracking: .foundations(loss: formatted(loss, digits: 4), accuracy: "100.0%", convergenceSpeed: "—"),
            trackingNote: "a note", observations: observations, plots: [],
            conclusion: "Pass: it worked.",
            provenance: Provenance(date: "2026-01-02", commit: "abc1234", seed: 42, toolchain: "Swift 6.3.1", build: "release", hardware: "a CPU"))
    }
}
