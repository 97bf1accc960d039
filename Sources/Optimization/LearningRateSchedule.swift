import Foundation

// listing: warmup-cosine
/// Linear warm-up from near 0 to `peak` over `warmupSteps`, then a cosine decay from `peak`
/// to `floor` at `totalSteps`: large steps only once the adaptive statistics have settled,
/// small ones at the end to settle into a minimum.
public struct WarmupCosineSchedule: Sendable, Equatable {
    public var peak: Double
    public var floor: Double
    public var warmupSteps: Int
    public var totalSteps: Int

    public init(peak: Double, floor: Double, warmupSteps: Int, totalSteps: Int) {
        self.peak = peak; self.floor = floor; self.warmupSteps = warmupSteps; self.totalSteps = totalSteps
    }

    public func rate(at step: Int) -> Double {
        if step < warmupSteps { return peak * Double(step + 1) / Double(warmupSteps) }
        let progress = min(1, Double(step - warmupSteps) / Double(max(1, totalSteps - warmupSteps)))
        return floor + (peak - floor) * 0.5 * (1 + cos(.pi * progress))
    }
}
// end listing
