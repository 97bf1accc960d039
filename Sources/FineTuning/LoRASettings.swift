import Numerics
import GPTFastPath

/// What a LoRA fine-tune adapts and how: the rank r of each update, α (the update is scaled by
/// α/r, Hu et al. 2021), the block matrices that get adapters, and the seed of A's
/// initialization. Plain data; `validate()` before use.
public struct LoRASettings: Sendable, Equatable {
    public var rank: Int
    public var alpha: Double
    public var matrices: [BlockMatrix]
    public var seed: UInt

    /// α = 2r (so α/r = 2 at every rank), the choice of Biderman et al. 2024, "LoRA Learns Less
    /// and Forgets Less"; every matrix of every block.
    public init(rank: Int, alpha: Double? = nil, matrices: [BlockMatrix] = BlockMatrix.allCases, seed: UInt = 1) {
        self.rank = rank
        self.alpha = alpha ?? 2 * Double(rank)
        self.matrices = matrices
        self.seed = seed
    }

    /// α/r, the factor on B·A.
    public var scale: Double { alpha / Double(rank) }

    /// Throws `ArgumentError` unless the rank is at least 1, α finite and above 0, and the
    /// matrices a non-empty list without repeats.
    public func validate() throws {
        try ArgumentError.requireAtLeast(1, rank, "rank")
        try ArgumentError.requirePositive(alpha, "alpha")
        try ArgumentError.require(!matrices.isEmpty && Set(matrices).count == matrices.count, "matrices", matrices.map(\.rawValue),
                                  allowed: "at least one block matrix, each once")
    }
}
