import Foundation
import FineTuning
import GPT
import GPTFastPath
import GSL
import Numerics

/// How low-rank is what full fine-tuning learned? The weight change ΔW of every adapted
/// matrix, decomposed by GSL's SVD: its singular values, the Eckart–Young error of each
/// truncation, and the full fine-tune rebuilt from rank-r truncations used as LoRA factors
/// (A = U_r·diag(σ_r)/(α/r), B = V_rᵀ) on top of its other weights.
public struct LowRankStudy: @unchecked Sendable {
    public struct Matrix: Sendable {
        public let layer: Int
        public let matrix: BlockMatrix
        public let singularValues: [Double]
        /// ‖ΔW − ΔW_r‖_F computed from the truncated matrix, and the bound √(Σ_{i>r} σ²ᵢ), per rank of `ranks`.
        public let measuredErrors: [Double]
        public let bounds: [Double]
        public var name: String { "block \(layer + 1) \(matrix.rawValue)" }
    }

    public let ranks: [Int]
    public let matrices: [Matrix]
    /// New Testament dev loss of the rebuilt model at each rank of `ranks`.
    public let devLosses: [Double]
    /// Largest |logit difference| between the full-rank rebuild and the full fine-tune,
    /// relative to the largest |logit|.
    public let fullRankLogitDifference: Double

    public init(run: FineTuningRun) throws {
        let base = run.base, full = run.fullFineTune, c = base.configuration
        let baseWeights = base.parameterValues, fullWeights = full.parameterValues
        let fullRank = c.width          // min(inputs, outputs) of every block matrix
        ranks = [1, 2, 4, 8, 16, fullRank]
        var matrices: [Matrix] = [], decompositions: [(offset: Int, inputs: Int, outputs: Int, svd: SingularValueDecomposition)] = []
        for (layer, block) in base.layout.blocks.enumerated() {
            for matrix in BlockMatrix.allCases {
                let (n, m) = matrix.shape(width: c.width), offset = matrix.offset(in: block)
                let delta = (0..<(n * m)).map { Double(fullWeights[offset + $0]) - Double(baseWeights[offset + $0]) }
                let svd = try SingularValueDecomposition(delta, rows: n, columns: m)
                let measured = try ranks.map { r in
                    zip(delta, try svd.truncated(rank: r)).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }.squareRoot()
                }
                matrices.append(Matrix(layer: layer, matrix: matrix, singularValues: svd.singularValues, measuredErrors: measured,
                                       bounds: try ranks.map { try svd.truncationError(rank: $0) }))
                decompositions.append((offset, n, m, svd))
            }
        }
        self.matrices = matrices

        // The full fine-tune with its block matrices reset to W₀: the base the factors adapt.
        var resetWeights = fullWeights
        for d in decompositions { resetWeights.replaceSubrange(d.offset..<(d.offset + d.inputs * d.outputs), with: baseWeights[d.offset..<(d.offset + d.inputs * d.outputs)]) }
        let resetModel = try FusedGPT<Float>(configuration: c, vocabularySize: base.vocabularySize, parameters: resetWeights)
        let dev = try run.newTestament.validationWindows(length: c.blockSize, characters: FineTuningRun.devCharacters)
        var losses: [Double] = [], fullRankDifference = 0.0
        for r in ranks {
            let settings = LoRASettings(rank: r)
            let tuner = try LoRAFineTuner(base: resetModel, settings: settings)
            for (k, d) in decompositions.enumerated() {
                let k2 = d.svd.singularValues.count
                let a = (0..<(d.inputs * r)).map { i in Float(d.svd.u[(i / r) * k2 + i % r] * d.svd.singularValues[i % r] / settings.scale) }
                let b = (0..<(r * d.outputs)).map { i in Float(d.svd.v[(i % d.outputs) * k2 + i / d.outputs]) }
                try tuner.setFactors(k, a: a, b: b)
            }
            losses.append(try tuner.model.meanLoss(inputs: dev.inputs, targets: dev.targets, length: c.blockSize))
            if r == fullRank {
                let windows = Array(dev.inputs.prefix(c.batchSize * c.blockSize))
                func logits(_ model: FusedGPT<Float>) throws -> [Float] {
                    try model.forward(windows, targets: nil, sequences: c.batchSize)
                    return try (0..<windows.count).flatMap { try model.logits(row: $0) }
                }
                let (rebuilt, original) = try (logits(tuner.model), logits(full))
                fullRankDifference = zip(rebuilt, original).map { Double(abs($0 - $1)) }.max()! / Double(original.map(abs).max()!)
            }
        }
        devLosses = losses
        fullRankLogitDifference = fullRankDifference
    }

    /// The largest |measured − bound| over every matrix and rank, relative to that matrix's ‖ΔW‖_F.
    public var largestEckartYoungDeviation: Double {
        matrices.flatMap { m in
            let norm = m.singularValues.reduce(0) { $0 + $1 * $1 }.squareRoot()
            return zip(m.measuredErrors, m.bounds).map { abs($0 - $1) / norm }
        }.max()!
    }

    /// The fraction of ‖ΔW‖²_F in the top r singular values, averaged over the matrices.
    public func energyFraction(rank r: Int) -> Double {
        matrices.map { m in
            let total = m.singularValues.reduce(0) { $0 + $1 * $1 }
            return m.singularValues.prefix(r).reduce(0) { $0 + $1 * $1 } / total
        }.reduce(0, +) / Double(matrices.count)
    }
}
