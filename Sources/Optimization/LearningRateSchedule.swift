import Numerics
import Foundation

// listing: warmup-cosine
/// Linear warm-up from near 0 to `peak` over `warmupSteps`, then a cosine decay from `peak`
/// to `floor` at `totalSteps`: large steps only once the adaptive statistics have settled,
/// small ones at the end to settle into a minimum.
public struct WarmupCosineSchedule: Sendable, Equatable {
    public let peak: Double
    public let floor: Double
    public let warmupSteps: Int
    public let totalSteps: Int

    /// Throws `ArgumentError` unless 0 ≤ floor ≤ peak (finite, peak above 0), the warm-up is
    /// ≥ 0 steps, the run at least 1 and no shorter than the warm-up.
    public init(peak: Double, floor: Double, warmupSteps: Int, totalSteps: Int) throws {
        try ArgumentError.requirePositive(peak, "peak")
        try ArgumentError.require(floor >= 0 && floor <= peak, "floor", floor, allowed: "must be in [0, peak = \(peak)]")
        try ArgumentError.requireAtLeast(0, warmupSteps, "warmupSteps")
        try ArgumentError.requireAtLeast(1, totalSteps, "totalSteps")
        try ArgumentError.require(warmupSteps <= totalSteps, "warmupSteps", warmupSteps, allowed: "must not exceed totalSteps (\(totalSteps))")
        self.peak = peak; self.floor = floor; self.warmupSteps = warmupSteps; self.totalSteps = totalSteps
    }

    /// The rate of step `step` (0-based); throws `ArgumentError` for a negative step.
    public func rate(at step: Int) throws -> Double {
        try ArgumentError.requireAtLeast(0, step, "step")
        // exercise: M4.3 write rate(at:): linear warm-up to the peak, then cosine decay to the floor (Chapter 4, schedules)
        if step < warmupSteps { return peak * Double(step + 1) / Double(warmupSteps) }
        let progress = min(1, Double(step - warmupSteps) / Double(max(1, totalSteps - warmupSteps)))
        return floor + (peak - floor) * 0.5 * (1 + cos(.pi * progress))
        // end exercise
    }
}
// end listing
