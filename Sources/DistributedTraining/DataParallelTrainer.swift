import GPT
import GPTFastPath
import Numerics
import Optimization

/// How a data-parallel trainer sums the gradients of its processes.
public enum GradientReduction: String, Sendable, CaseIterable {
    /// `MPI_Allreduce`, Open MPI's choice of algorithm.
    case mpiAllReduce = "MPI_Allreduce"
    /// The chapter's `ringAllReduce` over point-to-point messages.
    case ring = "ring"
}

/// What one distributed training step measured on this rank.
public struct DistributedStep: Sendable {
    /// The whole batch's mean loss (the mean of every rank's), and the gradient norm before clipping.
    public let loss: Double, norm: Double
    /// Bytes this rank sent through `ringAllReduce` (0 with MPI's own collectives, which do not say).
    public let ringBytesSent: Int
    /// Seconds in forward and backward, in communication, and in the optimizer on this rank.
    public let computeSeconds: Double, communicationSeconds: Double, optimizerSeconds: Double
}

// listing: data-parallel-step
/// Data parallelism (DDP): every rank holds a replica of the model and the optimizer, trains on
/// its shard of each batch, and the gradients are averaged across ranks before the update.
/// The average of N shards' mean gradients is the whole batch's mean gradient (equal shards),
/// and every rank applies the same update to the same weights, so the replicas stay identical.
public final class DataParallelTrainer {
    public let model: FusedGPT<Float>
    public let communicator: MPICommunicator
    public let reduction: GradientReduction

    /// Throws `ArgumentError` if the model trains on two in-process workers (one process per
    /// core here; the two would compete).
    public init(model: FusedGPT<Float>, communicator: MPICommunicator, reduction: GradientReduction = .mpiAllReduce) throws {
        try ArgumentError.require(model.workers == 1, "model.workers", model.workers, allowed: "must be 1: each rank is one worker")
        (self.model, self.communicator, self.reduction) = (model, communicator, reduction)
    }

    /// One step on `batch`, the whole batch of B sequences (every rank passes the same one):
    /// this rank trains on sequences rank·B/N ..< (rank + 1)·B/N. Throws `ArgumentError`
    /// unless B is a multiple of the number of ranks, as the model's `trainingStep` for the
    /// shard, `NonFiniteValueError` with the step for a loss that is not finite, `MPIError`.
    public func step(_ batch: (inputs: [Int], targets: [Int]), learningRate: Double, step: Int,
                     optimizer: AdamWSettings = .gpt) throws -> DistributedStep {
        // exercise: M14.2 write the data-parallel step: forward and backward on this rank's shard, the gradients summed over ranks and divided by N, AdamW on every replica (Chapter 14, data parallelism)
        let n = communicator.size, t = model.configuration.blockSize
        let shard = try DataParallelTrainer.shard(of: batch, rank: communicator.rank, ranks: n, blockSize: t)
        let start = MPICommunicator.time()
        let localLoss = try model.forward(shard.inputs, targets: shard.targets, sequences: shard.inputs.count / t)!
        try NonFiniteValueError.check([localLoss], "training loss on rank \(communicator.rank)", step: step)
        try model.backward()
        let computed = MPICommunicator.time()
        // Sum the gradients of all ranks, then divide by N: the mean of the shards' mean gradients.
        var gradient = model.gradientValues, sent = 0
        switch reduction {
        case .mpiAllReduce: try communicator.allReduceSum(&gradient)
        case .ring: sent = try ringAllReduce(&gradient, communicator: communicator)
        }
        let loss = try communicator.allReduceSum(localLoss) / Double(n)
        let communicated = MPICommunicator.time()
        let scale = 1 / Float(n)
        for i in gradient.indices { gradient[i] *= scale }
        try model.replaceGradients(with: gradient)
        let norm = try model.update(learningRate: learningRate, settings: optimizer)
        return DistributedStep(loss: loss, norm: norm, ringBytesSent: sent, computeSeconds: computed - start, communicationSeconds: communicated - computed,
                               optimizerSeconds: MPICommunicator.time() - communicated)
        // end exercise
    }
    // end listing

    /// Sequences `rank`·B/N ..< (`rank` + 1)·B/N of `batch` (B sequences of `blockSize`
    /// tokens). Throws `ArgumentError` unless there is at least one rank, `rank` is one of
    /// them, B ≥ N and N divides B.
    public static func shard(of batch: (inputs: [Int], targets: [Int]), rank: Int, ranks: Int,
                             blockSize: Int) throws -> (inputs: [Int], targets: [Int]) {
        try ArgumentError.requireAtLeast(1, ranks, "ranks")
        try ArgumentError.requireAtLeast(1, blockSize, "blockSize")
        try ArgumentError.require((0..<ranks).contains(rank), "rank", rank, allowed: "must be in 0..<\(ranks)")
        let sequences = batch.inputs.count / blockSize
        try ArgumentError.require(sequences * blockSize == batch.inputs.count && batch.targets.count == batch.inputs.count,
                                  "batch.inputs.count", batch.inputs.count, allowed: "whole blocks of \(blockSize) tokens with a target each")
        try ArgumentError.require(sequences >= ranks && sequences % ranks == 0, "batch sequences", sequences,
                                  allowed: "a multiple of the \(ranks) ranks, so that every shard is the same size")
        let per = sequences / ranks * blockSize, range = (rank * per)..<((rank + 1) * per)
        return (Array(batch.inputs[range]), Array(batch.targets[range]))
    }
}
