@preconcurrency import CGSLOpenBLAS

/// A seeded Mersenne Twister (GSL's `mt19937`) with the draws the workbook needs.
/// Every random choice in the workbook goes through one of these, so a seed fixes a run.
public final class RandomGenerator {
    private let state: UnsafeMutablePointer<gsl_rng>
    public let seed: UInt

    public init(seed: UInt) {
        GSLRuntime.prepare()
        guard let state = gsl_rng_alloc(gsl_rng_mt19937) else {
            fatalError("gsl_rng_alloc failed: out of memory")
        }
        gsl_rng_set(state, seed)
        self.state = state
        self.seed = seed
    }

    deinit { gsl_rng_free(state) }

    /// Uniform on [0, 1).
    public func uniform() -> Double { gsl_rng_uniform(state) }

    /// Uniform integer in 0..<bound; throws `GSLError` (`GSL_EINVAL`) unless 1 ≤ bound ≤ 2³²
    /// (mt19937 draws 32 bits; GSL would return 0 for anything larger).
    public func integer(below bound: Int) throws -> Int {
        guard bound > 0, UInt(bound) <= UInt(gsl_rng_max(state)) + 1 else {
            throw GSLError.invalidArgument("bound = \(bound): integer(below:) needs a bound from 1 to 2^32")
        }
        return Int(gsl_rng_uniform_int(state, UInt(bound)))
    }

    /// Normal with mean `mean` and standard deviation `standardDeviation`.
    public func gaussian(mean: Double = 0, standardDeviation: Double = 1) -> Double {
        mean + gsl_ran_gaussian(state, standardDeviation)
    }

    /// A uniformly random permutation of 0..<count (GSL's Fisher–Yates, `gsl_ran_shuffle`);
    /// throws `GSLError` (`GSL_EINVAL`) for a negative count.
    public func permutation(of count: Int) throws -> [Int] {
        guard count >= 0 else { throw GSLError.invalidArgument("count = \(count): a permutation needs a count of at least 0") }
        var indices = Array(0..<count)
        indices.withUnsafeMutableBytes { buffer in
            gsl_ran_shuffle(state, buffer.baseAddress, count, MemoryLayout<Int>.stride)
        }
        return indices
    }
}
