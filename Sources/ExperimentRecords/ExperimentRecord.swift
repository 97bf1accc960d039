import Foundation
import Numerics

/// What one experiment measured, in the shape of an entry of the experiments log.
///
/// Outcome tests attach the record of the experiment they judge; the `workbook log` command
/// joins the attached records with the tests' verdicts, so the log shows exactly the numbers
/// the tests judged, and no experiment is run a second time to write it.
public struct ExperimentRecord: Codable, Equatable, Sendable {
    /// Stable identifier, also the attachment's file name: "m1-main-run".
    public var id: String
    /// "M1 Logistic Regression - Main Run".
    public var title: String
    public var milestone: Milestone
    /// Where the entry stands among its milestone's experiments (main run first).
    public var order: Int
    public var objective: String
    /// Model, Data, Optimization, …, in the template's order.
    public var setup: [Field]
    public var metrics: [Metric]
    /// The values of the milestone's phase's tracked metrics.
    public var tracking: PhaseTracking
    /// One short line for the Notes column of the Metrics Tracking table.
    public var trackingNote: String
    /// Extra tables (an ablation's per-setting results).
    public var tables: [Table]
    public var observations: [Observation]
    public var plots: [Plot]
    /// Said when every outcome test passed.
    public var conclusion: String
    public var provenance: Provenance

    /// A record of `milestone`'s experiment `experiment` ("main-run"): its id becomes
    /// "m1-main-run" and its title "M1 Logistic Regression - \(title)". `tracking` must be
    /// of the milestone's phase.
    public init(
        milestone: Milestone, experiment: String, title: String, order: Int, objective: String,
        setup: [Field], metrics: [Metric], tracking: PhaseTracking, trackingNote: String,
        tables: [Table] = [], observations: [Observation], plots: [Plot], conclusion: String,
        provenance: Provenance
    ) {
        precondition(tracking.phase == milestone.phase,
                     "\(milestone.code) is in phase \(milestone.phase.number); its tracking is phase \(tracking.phase.number)'s")
        self.id = "\(milestone.code.lowercased())-\(experiment)"
        self.title = "\(milestone.code) \(milestone.name) - \(title)"
        self.milestone = milestone
        self.order = order
        self.objective = objective
        self.setup = setup
        self.metrics = metrics
        self.tracking = tracking
        self.trackingNote = trackingNote
        self.tables = tables
        self.observations = observations
        self.plots = plots
        self.conclusion = conclusion
        self.provenance = provenance
    }

    /// The attachment file name outcome tests use for this record.
    public var attachmentName: String { "\(id).json" }

    public func metric(named name: String) -> Metric? { metrics.first { $0.name == name } }
}

/// A labelled line of text ("Model": "Logistic regression …").
public struct Field: Codable, Equatable, Sendable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// A measured number with the text the log prints for it.
public struct Metric: Codable, Equatable, Sendable {
    public var name: String
    public var value: Double
    public var display: String

    public init(name: String, value: Double, display: String) {
        self.name = name
        self.value = value
        self.display = display
    }

    /// 0.9875 → "98.8%".
    public static func percent(_ name: String, _ fraction: Double, digits: Int = 1) -> Metric {
        Metric(name: name, value: fraction, display: formatted(fraction * 100, digits: digits) + "%")
    }

    /// 0.0000179 → "0.0000" with 4 digits.
    public static func decimal(_ name: String, _ value: Double, digits: Int = 4) -> Metric {
        Metric(name: name, value: value, display: formatted(value, digits: digits))
    }

    /// 1.8e-5 → "1.80e-05".
    public static func scientific(_ name: String, _ value: Double, digits: Int = 2) -> Metric {
        Metric(name: name, value: value, display: scientificFormatted(value, digits: digits))
    }

    public static func count(_ name: String, _ value: Int, unit: String = "") -> Metric {
        Metric(name: name, value: Double(value), display: unit.isEmpty ? "\(value)" : "\(value) \(unit)")
    }
}

/// A small table of text cells.
public struct Table: Codable, Equatable, Sendable {
    public var title: String
    public var columns: [String]
    public var rows: [[String]]

    public init(title: String, columns: [String], rows: [[String]]) {
        precondition(rows.allSatisfy { $0.count == columns.count }, "every row needs \(columns.count) cells")
        self.title = title
        self.columns = columns
        self.rows = rows
    }
}

extension ExperimentRecord {
    /// Pretty-printed JSON with sorted keys: the same record always gives the same bytes.
    public func canonicalJSON() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    public init(json: Data) throws {
        self = try JSONDecoder().decode(ExperimentRecord.self, from: json)
    }
}
