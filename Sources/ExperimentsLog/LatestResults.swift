import Foundation
import ExperimentRecords
import Numerics

/// An experiment record joined with the verdicts of the tests that judged it.
public struct ExperimentResult: Equatable, Sendable {
    public let record: ExperimentRecord
    /// The tests that attached this record, in source order.
    public let outcomes: [TestRun.Test]

    public var passed: Bool { outcomes.allSatisfy { $0.passed == true } }
    public var failures: [TestRun.Test] { outcomes.filter { $0.passed != true } }

    /// The observations as the log and the chapters print them. One that states an outcome
    /// says so only if its test passed; otherwise its `ifFailed` text, marked ❌ and naming
    /// the test (or saying that no test of that name judged this record).
    public var observationLines: [String] {
        record.observations.map { observation in
            guard let name = observation.judgedBy else { return observation.text }
            let failed = observation.ifFailed ?? "not established"
            guard let test = outcomes.first(where: { $0.displayName == name }) else {
                return "❌ \(failed) (no outcome test named \"\(name)\" judged this record)"
            }
            return test.passed == true ? observation.text : "❌ \(failed) (outcome \"\(name)\" failed)"
        }
    }

    /// Judged observations whose test is not among this record's outcomes: a misspelt name.
    public var unjudgedObservations: [String] {
        record.observations.compactMap(\.judgedBy).filter { name in !outcomes.contains { $0.displayName == name } }
            .map { "\(record.id): an observation names the outcome \"\($0)\", which did not judge this record" }
    }
}

/// The latest test run of the outcome suites: `events.jsonl` (Swift Testing's event stream)
/// and `attachments/` (the experiment records the tests attached), as written by
/// `Scripts/run-experiments.sh`.
public struct LatestResults: Sendable {
    public let run: TestRun
    /// Sorted by milestone, then by the record's order within it.
    public let experiments: [ExperimentResult]

    public static let eventStreamName = "events.jsonl"
    public static let attachmentsName = "attachments"

    public init(directory: URL) throws {
        let streamURL = directory.appendingPathComponent(Self.eventStreamName)
        guard let data = FileManager.default.contents(atPath: streamURL.path) else {
            throw ResultsError(file: streamURL.path, problem: "no test results yet")
        }
        run = try TestRun(eventStream: String(decoding: data, as: UTF8.self), file: streamURL.path)
        guard run.finished else {
            throw ResultsError(file: streamURL.path, problem: "the test run did not finish (the stream has no runEnded event)")
        }

        var records: [String: (record: ExperimentRecord, firstTest: String)] = [:]
        var judges: [String: [TestRun.Test]] = [:]
        for attached in run.attachments where attached.fileName.hasSuffix(".json") {
            let url = directory.appendingPathComponent(Self.attachmentsName).appendingPathComponent(attached.fileName)
            guard let json = FileManager.default.contents(atPath: url.path) else {
                throw ResultsError(file: url.path, problem: "attached by the test run but missing")
            }
            let record: ExperimentRecord
            do { record = try ExperimentRecord(json: json) } catch {
                throw ResultsError(file: url.path, problem: "is not a readable experiment record (\(error))")
            }
            let testName = run.tests[attached.testID]?.displayName ?? attached.testID
            if let earlier = records[record.id], earlier.record != record {
                throw ResultsError(file: url.path, problem: "record '\(record.id)' attached by \"\(testName)\" differs from the one attached by \"\(earlier.firstTest)\": the experiment gave different numbers within one run")
            }
            records[record.id] = records[record.id] ?? (record, testName)
            if let test = run.tests[attached.testID], !(judges[record.id] ?? []).contains(where: { $0.id == test.id }) {
                judges[record.id, default: []].append(test)
            }
        }
        guard !records.isEmpty else {
            throw ResultsError(file: streamURL.path, problem: "the test run attached no experiment records (was it run with --attachments-path?)")
        }
        experiments = records.values.map { entry in
            ExperimentResult(record: entry.record,
                             outcomes: (judges[entry.record.id] ?? []).sorted { Self.sourceOrder($0.id) < Self.sourceOrder($1.id) })
        }.sorted { ($0.record.milestone.number, $0.record.order, $0.record.id) < ($1.record.milestone.number, $1.record.order, $1.record.id) }
    }

    /// A test ID ends in "/File.swift:LINE:COLUMN"; order by file, then line.
    static func sourceOrder(_ id: String) -> (String, Int) {
        let location = id.split(separator: "/").last.map(String.init) ?? id
        let parts = location.split(separator: ":")
        guard parts.count == 3, let line = Int(parts[1]) else { return (id, 0) }
        return (String(parts[0]), line)
    }
}
