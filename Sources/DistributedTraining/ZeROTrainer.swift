import Foundation
import GPT
import GPTFastPath
import Numerics
import Optimization

// listing: zero-1-step
/// ZeRO stage 1 (Rajbhandari et al. 2020): data parallelism in which each of the N ranks keeps
/// AdamW's two moments for its slice of the parameters only (`evenSlices` of the flat array),
/// so optimizer memory per rank falls as 1/N. A step: forward and backward on this rank's
/// shard; a reduce-scatter that leaves each rank the summed gradient of its slice; the global
/// gradient norm from every slice's Σg² (for clipping); AdamW on the slice, the same arithmetic
/// as the fused model's `update`; and an all-gather of the updated slices into every replica.
/// It moves the same bytes as one all-reduce (a reduce-scatter and an all-gather are its two
/// halves), so it costs no extra communication.
public final class ZeROTrainer {
    public let model: FusedGPT<Float>
    public let communicator: MPICommunicator
    /// Every rank's slice of the flat parameter array, in rank order.
    public let slices: [Range<Int>]
    var firstMoment: [Float], secondMoment: [Float], adamSteps = 0
    /// For each weight of this rank's slice, whether AdamW decays it (matrices and embeddings).
    let decays: [Bool]

    /// Throws `ArgumentError` if the model trains on two in-process workers.
    public init(model: FusedGPT<Float>, communicator: MPICommunicator) throws {
        try ArgumentError.require(model.workers == 1, "model.workers", model.workers, allowed: "must be 1: each rank is one worker")
        (self.model, self.communicator) = (model, communicator)
        slices = try evenSlices(count: model.layout.count, parts: communicator.size)
        let mine = slices[communicator.rank]
        var decays = [Bool](repeating: false, count: mine.count)
        for tensor in model.layout.tensors where tensor.decays {
            for i in tensor.range.clamped(to: mine) { decays[i - mine.lowerBound] = true }
        }
        self.decays = decays
        firstMoment = [Float](repeating: 0, count: mine.count)
        secondMoment = firstMoment
    }

    /// Bytes of optimizer state on this rank: two Float moments per weight of its slice.
    public var optimizerBytes: Int { 2 * MemoryLayout<Float>.size * firstMoment.count }

    /// One step on the whole batch, as `DataParallelTrainer.step`; throws as it does.
    public func step(_ batch: (inputs: [Int], targets: [Int]), learningRate: Double, step: Int,
                     optimizer s: AdamWSettings = .gpt) throws -> DistributedStep {
        try model.validateUpdate(learningRate: learningRate, settings: s)
        // exercise: M14.3 write the ZeRO-1 step: reduce-scatter the gradient, the global norm from each slice's Σg², AdamW on this rank's slice only, all-gather the weights (Chapter 14, ZeRO)
        let n = communicator.size, t = model.configuration.blockSize, mine = slices[communicator.rank]
        let shard = try DataParallelTrainer.shard(of: batch, rank: communicator.rank, ranks: n, blockSize: t)
        let start = MPICommunicator.time()
        let localLoss = try model.forward(shard.inputs, targets: shard.targets, sequences: shard.inputs.count / t)!
        try NonFiniteValueError.check([localLoss], "training loss on rank \(communicator.rank)", step: step)
        try model.backward()
        let computed = MPICommunicator.time()
        // This rank's slice of the summed gradient, then the mean; the norm needs every slice.
        var g = try communicator.reduceScatterSum(model.gradientValues, slices: slices)
        let scale = 1 / Float(n)
        for i in g.indices { g[i] *= scale }
        let squares = g.reduce(0.0) { $0 + Double($1) * Double($1) }
        let norm = try communicator.allReduceSum(squares).squareRoot()
        let loss = try communicator.allReduceSum(localLoss) / Double(n)
        try NonFiniteValueError.check([norm], "gradient norm", step: step)
        let communicated = MPICommunicator.time()
        // AdamW on the slice (clipping by the global norm first).
        let clip = Float(norm > s.clipNorm ? s.clipNorm / (norm + 1e-6) : 1)
        adamSteps += 1
        let c1 = Float(1 - pow(s.beta1, Double(adamSteps))), c2 = Float(1 - pow(s.beta2, Double(adamSteps)))
        let (b1, b2, eps, rate, decay) = (Float(s.beta1), Float(s.beta2), Float(s.epsilon), Float(learningRate), Float(learningRate * s.weightDecay))
        var θ = Array(model.parameterValues[mine])
        // The moments move into locals for the loop (no copy), so it runs on plain arrays.
        var m: [Float] = [], v: [Float] = []
        swap(&m, &firstMoment)
        swap(&v, &secondMoment)
        for i in θ.indices {
            let gi = g[i] * clip
            let mi = b1 * m[i] + (1 - b1) * gi, vi = b2 * v[i] + (1 - b2) * gi * gi
            m[i] = mi
            v[i] = vi
            let decayed = decays[i] ? θ[i] - decay * θ[i] : θ[i]
            θ[i] = decayed - rate * (mi / c1) / ((vi / c2).squareRoot() + eps)
        }
        swap(&m, &firstMoment)
        swap(&v, &secondMoment)
        let optimized = MPICommunicator.time()
        // Every rank's updated slice, into every replica.
        try model.replaceParameters(at: 0, with: communicator.allGather(θ, slices: slices))
        let gathered = MPICommunicator.time()
        return DistributedStep(loss: loss, norm: norm, ringBytesSent: 0, computeSeconds: computed - start,
                               communicationSeconds: (communicated - computed) + (gathered - optimized), optimizerSeconds: optimized - communicated)
        // end exercise
    }
}
// end listing
