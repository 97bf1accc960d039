import GPT
import Numerics

extension FusedGPT {
    // listing: fused-backward
    /// The gradient of the last forward pass's loss for every weight, layer by layer in
    /// reverse; `dResidual` carries ∂loss/∂(residual stream) down through the blocks. Throws
    /// `ArgumentError` unless the last forward pass had targets.
    @_specialize(exported: true, where Scalar == Float)
    @_specialize(exported: true, where Scalar == Double)
    public func backward() throws {
        let a = try lastForwardPass("backward()")
        try ArgumentError.require(!a.targets.isEmpty, "forward pass", "without targets", allowed: "backward() needs a loss, so targets")
        try requireNoLowRankTerms("backward()")
        backward(a, into: gradients)
    }
    // end listing

    /// Throws `ArgumentError` while low-rank terms are set: the backward pass does not
    /// differentiate them (merge an adapter, or train it with its fine-tuner).
    func requireNoLowRankTerms(_ caller: String) throws {
        try ArgumentError.require(lowRankTerms.isEmpty, "low-rank terms", "\(lowRankTerms.values.reduce(0) { $0 + $1.count }) set",
                                  allowed: "\(caller) needs none (they are for inference)")
    }

    // listing: fused-backward-pass
    /// The backward pass of one set of activations, written into `gradient`.
    func backward(_ a: FusedActivations<Scalar>, into gradient: Buffer<Scalar>) {
        let length = a.length, n = a.sequences * length, w = configuration.width
        let headSize = configuration.headSize, heads = configuration.heads, v = vocabularySize
        let p = parameters.pointer, g = gradient.pointer
        typealias K = FusedKernels<Scalar>
        gradient.zero()

        // Cross-entropy: (softmax − one-hot) / (targets counted), over the rows that had logits
        // (`headRows`; every row when none was ignored). Then the tied head, both ways; an
        // ignored row's gradient is zero.
        let rows = a.headRows ?? Array(0..<n), m = rows.count
        let headInput = a.headRows == nil ? a.finalNorm.pointer : a.headInput.pointer
        let dLogits = a.dLogits.pointer
        dLogits.update(from: a.probabilities.pointer, count: m * v)
        for (i, r) in rows.enumerated() { dLogits[i * v + a.targets[r]] -= 1 }
        let scale = 1 / Scalar(a.lossDenominator)
        for i in 0..<(m * v) { dLogits[i] *= scale }
        a.dNorm.zero()
        if m > 0 {
            Scalar.gemm(transposeA: true, transposeB: false, m: v, n: w, k: m, alpha: 1, dLogits, v, headInput, w,
                        beta: 1, g + layout.tokenEmbedding, w)
            // The compact rows' gradient goes where headInput was (it is no longer needed), then to its rows.
            let dHead = a.headRows == nil ? a.dNorm.pointer : a.headInput.pointer
            Scalar.gemm(transposeA: false, transposeB: false, m: m, n: w, k: v, alpha: 1, dLogits, v, p + layout.tokenEmbedding, w,
                        beta: 0, dHead, w)
            if a.headRows != nil {
                for (i, r) in rows.enumerated() { (a.dNorm.pointer + r * w).update(from: dHead + i * w, count: w) }
            }
        }
        let dResidual = a.dResidual.pointer
        a.dResidual.zero()
        K.layerNormBackward(dx: dResidual, dgain: g + layout.finalNormGain, dbias: g + layout.finalNormBias, dout: a.dNorm.pointer,
                            x: a.residuals[configuration.layers].pointer, mean: a.finalNormMean.pointer, rstd: a.finalNormRstd.pointer,
                            gain: p + layout.finalNormGain, n: n, width: w)

        for (l, (block, layer)) in zip(layout.blocks, a.layers).enumerated().reversed() {
            // MLP, backwards: contract, GELU, expand, LayerNorm (which adds into dResidual).
            K.linearBackward(dx: a.dActivated.pointer, accumulate: false, dw: g + block.contractWeights, db: g + block.contractBias,
                             dout: dResidual, x: layer.activated.pointer, w: p + block.contractWeights, n: n, inputs: 4 * w, outputs: w)
            K.geluBackward(a.dExpanded.pointer, dout: a.dActivated.pointer, x: layer.expanded.pointer, cdf: layer.normalCDF.pointer, count: n * 4 * w)
            K.linearBackward(dx: a.dNorm.pointer, accumulate: false, dw: g + block.expandWeights, db: g + block.expandBias,
                             dout: a.dExpanded.pointer, x: layer.feedForwardNorm.pointer, w: p + block.expandWeights, n: n, inputs: w, outputs: 4 * w)
            K.layerNormBackward(dx: dResidual, dgain: g + block.feedForwardNormGain, dbias: g + block.feedForwardNormBias, dout: a.dNorm.pointer,
                                x: layer.afterAttention.pointer, mean: layer.feedForwardNormMean.pointer, rstd: layer.feedForwardNormRstd.pointer,
                                gain: p + block.feedForwardNormGain, n: n, width: w)
            // Attention, backwards: projection, each head, queries/keys/values, LayerNorm.
            K.linearBackward(dx: a.dAttentionOutput.pointer, accumulate: false, dw: g + block.projectionWeights, db: g + block.projectionBias,
                             dout: dResidual, x: layer.attentionOutput.pointer, w: p + block.projectionWeights, n: n, inputs: w, outputs: w)
            for s in 0..<a.sequences {
                for h in 0..<heads {
                    let offset = s * length * 3 * w + h * headSize, q = layer.queryKeyValue.pointer + offset, dq = a.dQueryKeyValue.pointer + offset
                    K.attentionBackward(dq: dq, dk: dq + w, dv: dq + 2 * w, scratch: a.attentionScratch.pointer,
                                        dout: a.dAttentionOutput.pointer + s * length * w + h * headSize,
                                        weights: layer.attentionWeights.pointer + (s * heads + h) * length * length,
                                        q: q, k: q + w, v: q + 2 * w, length: length, headSize: headSize, stride: 3 * w, outStride: w)
                }
            }
            K.linearBackward(dx: a.dNorm.pointer, accumulate: false, dw: g + block.queryKeyValueWeights, db: g + block.queryKeyValueBias,
                             dout: a.dQueryKeyValue.pointer, x: layer.attentionNorm.pointer, w: p + block.queryKeyValueWeights,
                             n: n, inputs: w, outputs: 3 * w)
            K.layerNormBackward(dx: dResidual, dgain: g + block.attentionNormGain, dbias: g + block.attentionNormBias, dout: a.dNorm.pointer,
                                x: a.residuals[l].pointer, mean: layer.attentionNormMean.pointer, rstd: layer.attentionNormRstd.pointer,
                                gain: p + block.attentionNormGain, n: n, width: w)
        }
        // Embeddings: each row's gradient goes to its token's and its position's row.
        for r in 0..<n {
            let token = g + layout.tokenEmbedding + a.tokens[r] * w, position = g + layout.positionEmbedding + (r % length) * w
            for j in 0..<w { token[j] += dResidual[r * w + j]; position[j] += dResidual[r * w + j] }
        }
    }
    // end listing
}
