import Foundation
import DistributedTraining
import GPT
import GPTFastPath
import GSL
import Numerics

/// One trainer's run on every rank of a job: what rank 0 reports.
public struct TrainerRun: Codable, Sendable {
    public let trainer: String
    /// The whole batch's mean loss and the gradient norm before clipping at each step, and the
    /// weights after the last step.
    public let losses: [Double], norms: [Double], weights: [Float]
    /// Optimizer bytes on the rank that holds most, and summed over ranks.
    public let optimizerBytesPerRank: Int, optimizerBytesTotal: Int
    /// Bytes each rank sent in the ring all-reduce per step (0 for the other trainers).
    public let ringBytesPerStep: Int
    /// Median over steps (after the first) of the slowest rank's step and communication seconds.
    public let stepSeconds: Double, communicationSeconds: Double
}

/// The same model trained on the same batches by each distributed trainer, in one job.
public struct TrainerComparison: Codable, Sendable {
    public let ranks: Int, parameters: Int
    public let runs: [TrainerRun]

    public enum Trainer: String, CaseIterable, Sendable {
        case allReduce = "data parallel, MPI_Allreduce", ring = "data parallel, ring all-reduce", zero = "ZeRO-1"
    }

    /// Every rank trains `job.steps` steps with each trainer from the same initial weights.
    static func run(_ job: DistributedJob, _ communicator: MPICommunicator) throws -> TrainerComparison {
        let corpus = try CharacterCorpus.shakespeare(root: URL(fileURLWithPath: job.root))
        let c = job.configuration
        var parameters = 0
        let chosen = Trainer.allCases.filter { job.trainers?.contains($0.rawValue) ?? true }
        let runs = try chosen.map { trainer -> TrainerRun in
            let model = try FusedGPT<Float>(configuration: c, vocabularySize: corpus.vocabularySize, seed: job.modelSeed)
            parameters = model.layout.count
            let ddp = trainer == .zero ? nil : try DataParallelTrainer(model: model, communicator: communicator,
                                                                        reduction: trainer == .ring ? .ring : .mpiAllReduce)
            let zero = trainer == .zero ? try ZeROTrainer(model: model, communicator: communicator) : nil
            let generator = RandomGenerator(seed: job.seed)
            var losses: [Double] = [], norms: [Double] = [], steps: [Double] = [], communication: [Double] = []
            for step in 1...job.steps {
                let batch = try corpus.randomWindows(count: c.batchSize, length: c.blockSize, generator: generator)
                let start = MPICommunicator.time()
                let result = try ddp?.step(batch, learningRate: job.learningRate, step: step)
                    ?? zero!.step(batch, learningRate: job.learningRate, step: step)
                losses.append(result.loss)
                norms.append(result.norm)
                steps.append(try communicator.allReduceMax(MPICommunicator.time() - start))
                communication.append(try communicator.allReduceMax(result.communicationSeconds))
            }
            let bytes = Double(zero?.optimizerBytes ?? 2 * MemoryLayout<Float>.size * model.layout.count)
            let n = communicator.size, ringBytes = trainer == .ring && n > 1 ? try ringBytesSent(count: model.layout.count, ranks: n, rank: communicator.rank) : 0
            return TrainerRun(trainer: trainer.rawValue, losses: losses, norms: norms, weights: model.parameterValues,
                              optimizerBytesPerRank: Int(try communicator.allReduceMax(bytes)), optimizerBytesTotal: Int(try communicator.allReduceSum(bytes)),
                              ringBytesPerStep: Int(try communicator.allReduceMax(Double(ringBytes))),
                              stepSeconds: median(Array(steps.dropFirst())), communicationSeconds: median(Array(communication.dropFirst())))
        }
        return TrainerComparison(ranks: communicator.size, parameters: parameters, runs: runs)
    }

    /// The bytes `ringAllReduce` sends from `rank` for `count` floats: the chunks it passes on
    /// in the 2·(N − 1) steps.
    static func ringBytesSent(count: Int, ranks n: Int, rank: Int) throws -> Int {
        let chunks = try evenSlices(count: count, parts: n)
        let sent = (0..<(n - 1)).map { s in chunks[((rank - s) % n + n) % n].count + chunks[((rank + 1 - s) % n + n) % n].count }
        return sent.reduce(0, +) * MemoryLayout<Float>.size
    }
}

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
