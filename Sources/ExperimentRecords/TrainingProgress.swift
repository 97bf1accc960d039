import Foundation
import Numerics

/// Shows how a training run is going (step, loss, ETA) on a terminal, redrawing one line
/// at most every `interval` seconds. Off a terminal it prints nothing, so logs stay clean.
public final class TrainingProgress {
    private let label: String
    private let unit: String
    private let total: Int
    private let interval: TimeInterval
    private let isTerminal: Bool
    private let start = Date()
    private var lastDrawn = Date.distantPast

    public init(label: String, total: Int, unit: String = "epoch", interval: TimeInterval = 0.1,
                isTerminal: Bool = isatty(STDERR_FILENO) == 1) {
        self.label = label
        self.unit = unit
        self.total = total
        self.interval = interval
        self.isTerminal = isTerminal
    }

    /// Reports that `step` of `total` steps is done with training loss `loss`.
    public func update(step: Int, loss: Double) {
        guard isTerminal else { return }
        let now = Date()
        guard step == total || now.timeIntervalSince(lastDrawn) >= interval else { return }
        lastDrawn = now
        let line = Self.line(label: label, unit: unit, step: step, total: total, loss: loss,
                             elapsed: now.timeIntervalSince(start))
        FileHandle.standardError.write(Data(("\r\u{1B}[2K" + line + (step == total ? "\n" : "")).utf8))
    }

    /// "M1 main run  epoch 120/200  loss 0.012345  ETA 0.4s"
    public static func line(label: String, unit: String = "epoch", step: Int, total: Int, loss: Double, elapsed: TimeInterval) -> String {
        let remaining = step > 0 ? elapsed / Double(step) * Double(total - step) : .infinity
        let lossText = abs(loss) >= 1e-3 || loss == 0 ? String(format: "%.6f", loss) : String(format: "%.3e", loss)
        return "\(label)  \(unit) \(step)/\(total)  loss \(lossText)  ETA \(duration(remaining))"
    }

    /// 0.42 → "0.4s", 75 → "1m15s", ∞ → "?".
    public static func duration(_ seconds: TimeInterval) -> String {
        guard seconds.isFinite else { return "?" }
        if seconds < 60 { return String(format: "%.1fs", seconds) }
        let whole = Int(seconds.rounded())
        if whole < 3600 { return "\(whole / 60)m\(String(format: "%02d", whole % 60))s" }
        return "\(whole / 3600)h\(String(format: "%02d", whole % 3600 / 60))m"
    }
}
