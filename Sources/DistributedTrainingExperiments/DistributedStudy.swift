import Foundation
import GPT
import GPTFastPath
import GSL
import Numerics

/// Chapter 14's experiment: the small GPT trained by 2 and 4 ranks with each distributed
/// trainer and by one process on the whole batch; the ring against `MPI_Allreduce` on 3 and
/// 4 ranks; and two jobs in which a rank fails.
public struct DistributedStudy: Sendable {
    /// How long any one job may take before it counts as hung, in seconds.
    public static let timeout = 120.0
    public static let rankCounts = [2, 4]

    /// One process's run on the whole batch, with 1 or 2 in-process workers (Chapter 8's toy).
    public struct SingleProcess: Sendable {
        public let workers: Int
        public let losses: [Double], norms: [Double], weights: [Float]
    }

    public let job: DistributedJob
    /// The weights every run starts from, and one process's runs on the whole batch.
    public let initialWeights: [Float]
    public let single: [SingleProcess]
    public let training: [Int: (outcome: MPIJobLauncher.Outcome, comparison: TrainerComparison?)]
    public let ring: [Int: (outcome: MPIJobLauncher.Outcome, check: RingCheck?)]
    public let failures: [DistributedJob.Failure: MPIJobLauncher.Outcome]
    /// Chapter 8's baby GPT trained a few steps by 1, 2 and 4 ranks: step and communication times.
    public let scaling: [Int: TrainerComparison]
    public static let scalingRanks = [1, 2, 4]

    /// The scaling jobs' setting: the baby GPT (4 layers, 128 wide, block 64, batch 12), with
    /// `trainers` (nil: all three; the suite runs data parallelism with MPI_Allreduce only).
    public static func scalingJob(root: URL, steps: Int = 5, trainers: [TrainerComparison.Trainer]? = nil) -> DistributedJob {
        var job = DistributedJob(kind: .training, resultPath: "")
        job.root = root.path
        (job.layers, job.heads, job.width, job.blockSize, job.batchSize, job.steps) = (4, 4, 128, 64, 12, steps)
        job.trainers = trainers?.map(\.rawValue)
        return job
    }

    /// `launch(job, processes)` runs a job (the test bundle or the workbook as its ranks).
    /// Throws as the corpus and model do.
    public init(root: URL, launch: (DistributedJob, Int) throws -> MPIJobLauncher.Outcome) throws {
        var job = DistributedJob(kind: .training, resultPath: "")
        job.root = root.path
        self.job = job
        let corpus = try CharacterCorpus.shakespeare(root: root)
        initialWeights = try FusedGPT<Float>(configuration: job.configuration, vocabularySize: corpus.vocabularySize, seed: job.modelSeed).parameterValues
        single = try [1, 2].map { workers in
            let model = try FusedGPT<Float>(configuration: job.configuration, vocabularySize: corpus.vocabularySize, seed: job.modelSeed)
            try model.useWorkers(workers)
            let generator = RandomGenerator(seed: job.seed)
            let steps = try (1...job.steps).map { step in
                let batch = try corpus.randomWindows(count: job.batchSize, length: job.blockSize, generator: generator)
                return try model.trainingStep(batch, learningRate: job.learningRate, step: step)
            }
            return SingleProcess(workers: workers, losses: steps.map(\.loss), norms: steps.map(\.norm), weights: model.parameterValues)
        }
        var training: [Int: (outcome: MPIJobLauncher.Outcome, comparison: TrainerComparison?)] = [:]
        for n in Self.rankCounts {
            let outcome = try launch(job, n)
            if case .training(let comparison)? = outcome.result { training[n] = (outcome, comparison) } else { training[n] = (outcome, nil) }
        }
        self.training = training
        var ring: [Int: (outcome: MPIJobLauncher.Outcome, check: RingCheck?)] = [:]
        for n in [3, 4] {
            let outcome = try launch(DistributedJob(kind: .ringCheck, resultPath: ""), n)
            if case .ring(let check)? = outcome.result { ring[n] = (outcome, check) } else { ring[n] = (outcome, nil) }
        }
        self.ring = ring
        var failures: [DistributedJob.Failure: MPIJobLauncher.Outcome] = [:]
        for failure in [DistributedJob.Failure.throwsError, .killed] {
            var failing = DistributedJob(kind: .failure, resultPath: "")
            failing.failure = failure
            failures[failure] = try launch(failing, 3)
        }
        self.failures = failures
        var scaling: [Int: TrainerComparison] = [:]
        for n in Self.scalingRanks {
            if case .training(let comparison)? = try launch(Self.scalingJob(root: root, trainers: [.allReduce]), n).result { scaling[n] = comparison }
        }
        self.scaling = scaling
    }

    /// The bound, stated before the final run, on how far N ranks' weights may be from one
    /// process's after the job's steps, as a share of the largest distance any weight moved in
    /// training. Derivation (Chapter 14 §2): the ranks add the same per-example gradients in
    /// another order, which changes an element by about k·ε·c of its value (k ≈ 256 terms,
    /// ε = 1.2e-7 in Float, c = Σ|terms|/|g| the element's cancellation); AdamW's update
    /// m̂/(√v̂ + ε) divides out the gradient's scale, so its step moves by about the same share.
    /// 1e-3 allows cancellation up to c ≈ 30. A real error (a shard missed or counted twice)
    /// moves weights by a sizeable share of a step.
    public static let weightTolerance = 1e-3
    /// The losses' relative tolerance: each is a mean of 256 per-position losses, summed in
    /// another order (256 × ε_Double ≈ 6e-14), of logits that differ by the gradient rounding above.
    public static let lossTolerance = 1e-6

    /// The largest distance a weight moved in one process's run on the whole batch.
    public var largestMovement: Double { Self.largestDifference(single[0].weights, initialWeights) }

    /// The largest |a − b| over two weight arrays.
    public static func largestDifference(_ a: [Float], _ b: [Float]) -> Double {
        zip(a, b).reduce(0) { max($0, Double(abs($1.0 - $1.1))) }
    }
}
