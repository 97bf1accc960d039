import ExperimentRecords
import Numerics
import GSL

/// How real the sampled words look.
public struct SampleQuality: Sendable {
    public let samples: [String]
    /// Samples that are words of the held-out list.
    public let realFraction: Double
    /// Samples that are not words of the training list.
    public let novelFraction: Double

    public init(samples: [String], training: Set<String>, heldOut: Set<String>) {
        self.samples = samples
        realFraction = Double(samples.filter(heldOut.contains).count) / Double(samples.count)
        novelFraction = Double(samples.filter { !training.contains($0) }.count) / Double(samples.count)
    }

    /// The first 20 samples, five to a row, for a log entry ("∅" for an empty word).
    public func table(seed: UInt) -> Table {
        Table(title: "The first 20 samples (seed \(seed))", columns: ["Samples"],
              rows: stride(from: 0, to: 20, by: 5).map { start in
                  [samples[start..<(start + 5)].map { "`\($0.isEmpty ? "∅" : $0)`" }.joined(separator: " ")]
              })
    }
}
