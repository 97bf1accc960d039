import DistributedTraining
import GSL

/// The ring all-reduce against `MPI_Allreduce` on random buffers of odd sizes: each rank's
/// buffer drawn from its own seed. On integer-valued buffers (sums exact in Float) the two
/// must agree bit for bit; on real-valued ones they may add in another order.
public struct RingCheck: Codable, Sendable {
    public struct Case: Codable, Sendable {
        public let count: Int
        /// Largest |ring − MPI| over the buffer, and the largest ratio of a difference to its
        /// bound (N − 1)·ε·Σ|x| (≤ 1 when every element is within it).
        public let largestDifference: Double, largestShareOfBound: Double
        public let integerValuedEqual: Bool
        public let bytesSent: Int
    }
    public let ranks: Int
    public let cases: [Case]
    public static let counts = [1, 2, 3, 7, 31, 1001, 65_537]

    static func run(_ communicator: MPICommunicator) throws -> RingCheck {
        let g = RandomGenerator(seed: 100 + UInt(communicator.rank)), n = communicator.size
        let cases = try counts.map { count -> Case in
            let real = (0..<count).map { _ in Float(g.uniform() * 2 - 1) }
            let integers = (0..<count).map { _ in Float(Int(g.uniform() * 2001) - 1000) }
            var (ring, reference) = (real, real)
            let sent = try ringAllReduce(&ring, communicator: communicator)
            try communicator.allReduceSum(&reference)
            var magnitudes = real.map(abs)
            try communicator.allReduceSum(&magnitudes)
            var worst = 0.0, share = 0.0
            for i in 0..<count {
                let d = Double(abs(ring[i] - reference[i])), b = Double(n - 1) * Double(Float.ulpOfOne) * Double(magnitudes[i])
                worst = max(worst, d)
                share = max(share, d == 0 ? 0 : b == 0 ? .infinity : d / b)
            }
            var (ringIntegers, referenceIntegers) = (integers, integers)
            try ringAllReduce(&ringIntegers, communicator: communicator)
            try communicator.allReduceSum(&referenceIntegers)
            let equal = try communicator.allReduceMax(ringIntegers == referenceIntegers ? 0 : 1) == 0
            return Case(count: count, largestDifference: try communicator.allReduceMax(worst), largestShareOfBound: try communicator.allReduceMax(share),
                        integerValuedEqual: equal, bytesSent: Int(try communicator.allReduceMax(Double(sent))))
        }
        return RingCheck(ranks: n, cases: cases)
    }
}
