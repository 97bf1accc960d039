import Numerics

/// τ-bench's pass^k (Yao et al. 2024): the chance that k independent tries of a task all
/// succeed, averaged over tasks. From n tries of a task with c successes the unbiased estimate
/// is C(c, k) / C(n, k), the share of the k-subsets of the tries that are all successes.
/// pass^1 is the success rate; pass^k can only fall as k grows. Throws `ArgumentError` for
/// k outside 1…n, or a count of successes outside 0…n.
public func passHatK(successes: [Int], tries n: Int, k: Int) throws -> Double {
    try ArgumentError.require((1...max(1, n)).contains(k) && n >= 1, "k", k, allowed: "1 to the tries (\(n))")
    if let bad = successes.firstIndex(where: { !(0...n).contains($0) }) {
        throw ArgumentError(parameter: "successes[\(bad)]", value: "\(successes[bad])", allowed: "0 to the tries (\(n))")
    }
    try ArgumentError.require(!successes.isEmpty, "successes", "[]", allowed: "at least one task")
    /// C(c, k) / C(n, k) as a product of k ratios (c − i)/(n − i), never a large binomial.
    func allSucceed(_ c: Int) -> Double { (0..<k).reduce(1.0) { $0 * Double(max(0, c - $1)) / Double(n - $1) } }
    return successes.map(allSucceed).reduce(0, +) / Double(successes.count)
}
