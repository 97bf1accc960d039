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
    /// The most bytes any rank sent in the ring all-reduce in one step, as `ringAllReduce`
    /// counted them (0 for the other trainers).
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
            var losses: [Double] = [], norms: [Double] = [], steps: [Double] = [], communication: [Double] = [], ringBytes = 0
            for step in 1...job.steps {
                let batch = try corpus.randomWindows(count: c.batchSize, length: c.blockSize, generator: generator)
                let start = MPICommunicator.time()
                let result = try ddp?.step(batch, learningRate: job.learningRate, step: step)
                    ?? zero!.step(batch, learningRate: job.learningRate, step: step)
                losses.append(result.loss)
                norms.append(result.norm)
                ringBytes = max(ringBytes, result.ringBytesSent)
                steps.append(try communicator.allReduceMax(MPICommunicator.time() - start))
                communication.append(try communicator.allReduceMax(result.communicationSeconds))
            }
            let bytes = Double(zero?.optimizerBytes ?? 2 * MemoryLayout<Float>.size * model.layout.count)
            return TrainerRun(trainer: trainer.rawValue, losses: losses, norms: norms, weights: model.parameterValues,
                              optimizerBytesPerRank: Int(try communicator.allReduceMax(bytes)), optimizerBytesTotal: Int(try communicator.allReduceSum(bytes)),
                              ringBytesPerStep: Int(try communicator.allReduceMax(Double(ringBytes))),
                              stepSeconds: median(Array(steps.dropFirst())), communicationSeconds: median(Array(communication.dropFirst())))
        }
        return TrainerComparison(ranks: communicator.size, parameters: parameters, runs: runs)
    }
}
