import Foundation
import AutogradEngine
import FineTuning
import GPT
import GPTExperiments
import GPTFastPath
import GSL
import Numerics

/// LoRA's exactness checks: the adapted model starts as the base bit for bit, its frozen
/// weights never move, the factors' gradients match GSL and the chain-rule identities, merged
/// and unmerged forward passes agree, the trainable count equals its formula, and the masked
/// loss ignores what it should; plus the checkpoint's round trip.
public struct LoRAChecks: @unchecked Sendable {
    public static let checkRank = 2
    public static let checkSteps = 5

    /// Step 0 (tiny base, rank 4): the number of logits that differ from the base's.
    public let stepZeroDifferingLogits: Int
    public let stepZeroLogitCount: Int
    /// After training (tiny, rank 4, 20 steps): frozen weights that changed, and the largest
    /// |merged logit − unmerged logit| relative to the largest |logit|.
    public let changedFrozenWeights: Int
    public let mergedUnmergedDifference: Double
    /// GSL central differences of the loss for 4 coordinates of every A and B (check
    /// configuration, Double, after `checkSteps` steps so that B ≠ 0).
    public let gradientChecks: [(name: String, check: GradientCheck)]
    /// Largest |∂L/∂A − (α/r)·G·Bᵀ| and |∂L/∂B − (α/r)·Aᵀ·G| relative to the largest entry,
    /// with G from a separate full model's backward pass on the merged weights.
    public let identityDifference: Double
    /// Trainable counts of the fine-tuner and of the formula, per rank of the run.
    public let trainableCounts: [(rank: Int, counted: Int, formula: Int, total: Int)]
    /// Masked cross-entropy on 6 × 5 logits with rows 1 and 4 ignored.
    public let maskedGradientCheck: GradientCheck
    public let maskedIgnoredRowsGradient: Double
    public let maskedLossDifference: Double

    public init(run: FineTuningRun) throws {
        let base = run.base, nt = run.newTestament, c = base.configuration
        let batch = try nt.randomWindows(count: c.batchSize, length: c.blockSize, generator: RandomGenerator(seed: 21))

        // Step 0: B = 0, so W₀ + (α/r)·A·B is W₀ and every logit is the base's.
        let fresh = try LoRAFineTuner(base: base, settings: LoRASettings(rank: 4))
        let logits = { (model: FusedGPT<Float>) throws -> [Float] in
            try model.forward(batch.inputs, targets: nil, sequences: c.batchSize)
            return try (0..<(c.batchSize * c.blockSize)).flatMap { try model.logits(row: $0) }
        }
        let (baseLogits, freshLogits) = try (logits(base), logits(fresh.model))
        stepZeroLogitCount = baseLogits.count
        stepZeroDifferingLogits = zip(baseLogits, freshLogits).filter { $0.bitPattern != $1.bitPattern }.count

        // After training: the frozen weights, and merged against unmerged.
        let baseWeights = base.parameterValues
        let tuner = try LoRAFineTuner(base: base, settings: LoRASettings(rank: 4))
        let generator = RandomGenerator(seed: 22)
        for step in 1...20 {
            _ = try tuner.trainingStep(nt.randomWindows(count: c.batchSize, length: c.blockSize, generator: generator), learningRate: 5e-3, step: step)
        }
        let adapted = Set(tuner.adapters.flatMap { $0.offset..<($0.offset + $0.inputs * $0.outputs) })
        let merged = tuner.model.parameterValues
        changedFrozenWeights = zip(baseWeights, tuner.baseParameters).filter { $0.bitPattern != $1.bitPattern }.count
            + baseWeights.indices.filter { !adapted.contains($0) && baseWeights[$0].bitPattern != merged[$0].bitPattern }.count
        let (mergedLogits, unmergedLogits) = try (logits(tuner.model), logits(tuner.unmergedModel()))
        mergedUnmergedDifference = zip(mergedLogits, unmergedLogits).map { Double(abs($0 - $1)) }.max()!
            / Double(mergedLogits.map(abs).max()!)

        // Gradients, in Double on the small check model.
        let check = GPTChecks.checkConfiguration, v = GPTChecks.checkVocabulary
        let g = RandomGenerator(seed: 23)
        let ids = try (0..<(2 * check.batchSize * check.blockSize)).map { _ in try g.integer(below: v) }
        let small = (inputs: Array(ids.prefix(check.batchSize * check.blockSize)), targets: Array(ids.suffix(check.batchSize * check.blockSize)))
        let smallBase = try FusedGPT<Double>(configuration: check, vocabularySize: v, seed: 24)
        let doubleTuner = try LoRAFineTuner(base: smallBase, settings: LoRASettings(rank: Self.checkRank))
        for step in 1...Self.checkSteps { _ = try doubleTuner.trainingStep(small, learningRate: 1e-2, step: step) }
        let (_, factors) = try doubleTuner.gradients(small, sequences: check.batchSize)
        var checks: [(String, GradientCheck)] = []
        for (k, adapter) in doubleTuner.adapters.enumerated() {
            for (factor, values, gradient) in [("A", adapter.a, factors[k].a), ("B", adapter.b, factors[k].b)] {
                let picked = try Array(g.permutation(of: values.count).prefix(4))
                let gradientCheck = try GradientCheck(function: { point in
                    var changed = values
                    for (i, x) in zip(picked, point) { changed[i] = x }
                    try doubleTuner.setFactors(k, a: factor == "A" ? changed : adapter.a, b: factor == "B" ? changed : adapter.b)
                    defer { try? doubleTuner.setFactors(k, a: adapter.a, b: adapter.b) }
                    return try doubleTuner.model.forward(small.inputs, targets: small.targets, sequences: check.batchSize)!
                }, gradient: picked.map { gradient[$0] }, at: picked.map { values[$0] }, relativeTolerance: 1e-6)
                checks.append(("block \(adapter.layer + 1) \(adapter.matrix.rawValue) \(factor)", gradientCheck))
            }
        }
        gradientChecks = checks

        // The identities, with G from an independent model holding the merged weights.
        let full = try FusedGPT<Double>(configuration: check, vocabularySize: v, parameters: doubleTuner.model.parameterValues)
        _ = try full.forward(small.inputs, targets: small.targets, sequences: check.batchSize)
        try full.backward()
        let fullGradient = full.gradientValues, s = LoRASettings(rank: Self.checkRank).scale, r = Self.checkRank
        var largestDifference = 0.0, largestEntry = 0.0
        for (k, adapter) in doubleTuner.adapters.enumerated() {
            let (n, m) = (adapter.inputs, adapter.outputs)
            let w = { (i: Int, j: Int) in fullGradient[adapter.offset + i * m + j] }
            for i in 0..<n {
                for l in 0..<r {
                    let expected = s * (0..<m).reduce(0) { $0 + w(i, $1) * adapter.b[l * m + $1] }
                    largestDifference = max(largestDifference, abs(expected - factors[k].a[i * r + l]))
                    largestEntry = max(largestEntry, abs(expected))
                }
            }
            for l in 0..<r {
                for j in 0..<m {
                    let expected = s * (0..<n).reduce(0) { $0 + adapter.a[$1 * r + l] * w($1, j) }
                    largestDifference = max(largestDifference, abs(expected - factors[k].b[l * m + j]))
                    largestEntry = max(largestEntry, abs(expected))
                }
            }
        }
        identityDifference = largestDifference / largestEntry

        trainableCounts = try FineTuningRun.methods.compactMap { method -> (Int, Int, Int, Int)? in
            guard case .lora(let rank) = method else { return nil }
            let settings = LoRASettings(rank: rank)
            return (rank, try LoRAFineTuner(base: base, settings: settings).trainableParameterCount,
                    LoRAFineTuner<Float>.trainableParameterCount(configuration: c, settings: settings), base.layout.count)
        }

        // The masked loss: ignored rows get no gradient and do not count in the mean.
        let m = RandomGenerator(seed: 25)
        let values = (0..<30).map { _ in m.gaussian(standardDeviation: 2) }
        let targets = [3, ignoreIndex, 0, 4, ignoreIndex, 2]
        let logitsTensor = try Tensor(values, shape: [6, 5])
        let loss = try logitsTensor.maskedCrossEntropy(targets: targets)
        try loss.backward()
        let gradient = logitsTensor.gradient!
        maskedIgnoredRowsGradient = ([5..<10, 20..<25].flatMap { $0 }).map { abs(gradient[$0]) }.max()!
        let kept = try Tensor([0, 2, 3, 5].flatMap { Array(values[($0 * 5)..<($0 * 5 + 5)]) }, shape: [4, 5])
        maskedLossDifference = try abs(loss.scalar - kept.crossEntropy(targets: [3, 0, 4, 2]).scalar)
        maskedGradientCheck = try GradientCheck(function: { point in
            try Tensor(point, shape: [6, 5]).maskedCrossEntropy(targets: targets).scalar
        }, gradient: gradient, at: values, relativeTolerance: 1e-7)
    }
}
