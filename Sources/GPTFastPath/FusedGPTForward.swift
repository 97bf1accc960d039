import Foundation
import GPT
import Numerics

extension FusedGPT {
    // listing: fused-forward
    /// The forward pass over `sequences` rows of token ids. With targets, returns the mean
    /// cross-entropy over the targets that are not `ignoreIndex` and keeps what `backward()` needs; without, leaves the logits
    /// ((sequences·length) × V) in `logits(row:)` and returns nil. Every id and target is
    /// checked (`GPTConfiguration.batchLength`) before the loops below index a table with it:
    /// an id of V would read the position table, a target of V the next row's logits.
    @_specialize(exported: true, where Scalar == Float)
    @_specialize(exported: true, where Scalar == Double)
    @discardableResult
    public func forward(_ inputs: [Int], targets: [Int]?, sequences: Int) throws -> Double? {
        let length = try configuration.batchLength(tokens: inputs, targets: targets, sequences: sequences, vocabularySize: vocabularySize, allowingIgnored: true)
        let a = activations(sequences: sequences, length: length)
        forward(a, inputs: inputs, targets: targets)
        return targets == nil ? nil : a.loss
    }
    // end listing

    /// The forward pass into one set of activation buffers (`a.loss` gets the loss), for a
    /// batch the caller has checked.
    func forward(_ a: FusedActivations<Scalar>, inputs: [Int], targets: [Int]?) {
        let length = a.length, sequences = a.sequences, n = inputs.count
        let w = configuration.width, headSize = configuration.headSize, heads = configuration.heads
        let p = parameters.pointer, v = vocabularySize
        typealias K = FusedKernels<Scalar>
        a.tokens = inputs
        a.targets = targets ?? []

        // Token embedding plus position embedding, row by row.
        let x0 = a.residuals[0].pointer
        for r in 0..<n {
            let token = p + layout.tokenEmbedding + inputs[r] * w, position = p + layout.positionEmbedding + (r % length) * w
            for j in 0..<w { x0[r * w + j] = token[j] + position[j] }
        }
        for (l, (block, layer)) in zip(layout.blocks, a.layers).enumerated() {
            let x = a.residuals[l].pointer
            // Attention: LayerNorm, queries/keys/values for all rows at once, then each head of each sequence.
            K.layerNorm(layer.attentionNorm.pointer, mean: layer.attentionNormMean.pointer, rstd: layer.attentionNormRstd.pointer,
                        x, gain: p + block.attentionNormGain, bias: p + block.attentionNormBias, n: n, width: w)
            K.linear(layer.queryKeyValue.pointer, layer.attentionNorm.pointer, p + block.queryKeyValueWeights,
                     p + block.queryKeyValueBias, n: n, inputs: w, outputs: 3 * w)
            addLowRankTerm(layer: l, .queryKeyValue, into: layer.queryKeyValue.pointer, from: layer.attentionNorm.pointer, rows: n)
            for s in 0..<sequences {
                for h in 0..<heads {
                    let q = layer.queryKeyValue.pointer + s * length * 3 * w + h * headSize
                    K.attention(out: layer.attentionOutput.pointer + s * length * w + h * headSize,
                                weights: layer.attentionWeights.pointer + (s * heads + h) * length * length,
                                q: q, k: q + w, v: q + 2 * w, length: length, headSize: headSize, stride: 3 * w, outStride: w)
                }
            }
            // Residual: afterAttention = x + projection(attention output).
            let mid = layer.afterAttention.pointer
            K.linear(mid, layer.attentionOutput.pointer, p + block.projectionWeights, p + block.projectionBias, n: n, inputs: w, outputs: w)
            addLowRankTerm(layer: l, .projection, into: mid, from: layer.attentionOutput.pointer, rows: n)
            for i in 0..<(n * w) { mid[i] += x[i] }
            // MLP: LayerNorm, expand ×4, GELU, contract; residual again.
            K.layerNorm(layer.feedForwardNorm.pointer, mean: layer.feedForwardNormMean.pointer, rstd: layer.feedForwardNormRstd.pointer,
                        mid, gain: p + block.feedForwardNormGain, bias: p + block.feedForwardNormBias, n: n, width: w)
            K.linear(layer.expanded.pointer, layer.feedForwardNorm.pointer, p + block.expandWeights, p + block.expandBias,
                     n: n, inputs: w, outputs: 4 * w)
            addLowRankTerm(layer: l, .expand, into: layer.expanded.pointer, from: layer.feedForwardNorm.pointer, rows: n)
            K.gelu(layer.activated.pointer, cdf: layer.normalCDF.pointer, layer.expanded.pointer, count: n * 4 * w)
            let out = a.residuals[l + 1].pointer
            K.linear(out, layer.activated.pointer, p + block.contractWeights, p + block.contractBias, n: n, inputs: 4 * w, outputs: w)
            addLowRankTerm(layer: l, .contract, into: out, from: layer.activated.pointer, rows: n)
            for i in 0..<(n * w) { out[i] += mid[i] }
        }
        // Final LayerNorm and the tied head: logits = h·Eᵀ.
        K.layerNorm(a.finalNorm.pointer, mean: a.finalNormMean.pointer, rstd: a.finalNormRstd.pointer, a.residuals[configuration.layers].pointer,
                    gain: p + layout.finalNormGain, bias: p + layout.finalNormBias, n: n, width: w)
        // With targets, only the rows whose target counts need logits: an ignored row adds
        // nothing to the loss and gets no gradient, so the head (often the largest product) and
        // the softmax skip it.
        let counted = targets.map { t in t.indices.filter { t[$0] != ignoreIndex } }
        a.headRows = counted?.count == n ? nil : counted
        var headInput = a.finalNorm.pointer, headTargets = targets ?? [], m = n
        if let rows = a.headRows {
            for (i, r) in rows.enumerated() { (a.headInput.pointer + i * w).update(from: a.finalNorm.pointer + r * w, count: w) }
            (headInput, headTargets, m) = (a.headInput.pointer, rows.map { targets![$0] }, rows.count)
        }
        if m > 0 {
            Scalar.gemm(transposeA: false, transposeB: true, m: m, n: v, k: w, alpha: 1, headInput, w,
                        p + layout.tokenEmbedding, w, beta: 0, a.probabilities.pointer, v)
        }
        guard targets != nil else { return }
        a.lossDenominator = Double(m)
        let sum = K.softmaxCrossEntropy(a.probabilities.pointer, targets: headTargets, n: m, classes: v)
        a.loss = m == 0 ? 0 : sum / a.lossDenominator   // a worker's half may have every target ignored
    }

    /// y += scale·(x·A)·B for the low-rank term on `matrix` of `layer`, if one is set: two
    /// thin products (rows × rank, then rows × outputs) instead of touching W.
    func addLowRankTerm(layer: Int, _ matrix: BlockMatrix, into y: UnsafeMutablePointer<Scalar>, from x: UnsafePointer<Scalar>, rows n: Int) {
        guard let term = lowRankTerms[layer]?[matrix] else { return }
        let (inputs, outputs) = matrix.shape(width: configuration.width), r = term.rank
        var xa = [Scalar](repeating: 0, count: n * r)
        term.a.withUnsafeBufferPointer { a in
            xa.withUnsafeMutableBufferPointer { xa in
                Scalar.gemm(transposeA: false, transposeB: false, m: n, n: r, k: inputs, alpha: 1, x, inputs, a.baseAddress!, r,
                            beta: 0, xa.baseAddress!, r)
            }
        }
        xa.withUnsafeBufferPointer { xa in
            term.b.withUnsafeBufferPointer { b in
                Scalar.gemm(transposeA: false, transposeB: false, m: n, n: outputs, k: r, alpha: term.scale, xa.baseAddress!, r,
                            b.baseAddress!, outputs, beta: 1, y, outputs)
            }
        }
    }

    /// Row `row`'s logits after a forward pass without targets; throws `ArgumentError` before
    /// any forward pass or for a row outside it.
    public func logits(row: Int) throws -> [Scalar] {
        let v = vocabularySize, a = try lastForwardPass("logits(row:)")
        try ArgumentError.require(a.targets.isEmpty, "forward pass", "with targets",
                                  allowed: "logits(row:) needs a forward pass without targets (with them the buffer holds probabilities)")
        try ArgumentError.require((0..<(a.sequences * a.length)).contains(row), "row", row, allowed: "must be in 0..<\(a.sequences * a.length)")
        return Array(UnsafeBufferPointer(start: a.probabilities.pointer + row * v, count: v))
    }

    /// The attention weights (length × length) of `layer`, `sequence` and `head` from the last
    /// forward pass; throws `ArgumentError` before one or for an index outside it.
    public func attentionWeights(layer: Int, sequence: Int, head: Int) throws -> [Scalar] {
        let a = try lastForwardPass("attentionWeights(layer:sequence:head:)"), t = a.length
        try ArgumentError.require((0..<configuration.layers).contains(layer), "layer", layer, allowed: "must be in 0..<\(configuration.layers)")
        try ArgumentError.require((0..<a.sequences).contains(sequence), "sequence", sequence, allowed: "must be in 0..<\(a.sequences)")
        try ArgumentError.require((0..<configuration.heads).contains(head), "head", head, allowed: "must be in 0..<\(configuration.heads)")
        return Array(UnsafeBufferPointer(start: a.layers[layer].attentionWeights.pointer + (sequence * configuration.heads + head) * t * t,
                                         count: t * t))
    }

    /// Mean loss over windows (each `length` long), `batchSize` windows at a time. Throws
    /// `ArgumentError` unless the inputs are whole windows (at least one) with a target each,
    /// and as `forward` for the windows themselves.
    @_specialize(exported: true, where Scalar == Float)
    @_specialize(exported: true, where Scalar == Double)
    public func meanLoss(inputs: [Int], targets: [Int], length: Int) throws -> Double {
        try ArgumentError.require(length >= 1 && !inputs.isEmpty && inputs.count % length == 0, "inputs.count", inputs.count,
                                  allowed: "whole windows of length \(length), at least one")
        try ArgumentError.require(targets.count == inputs.count, "targets.count", targets.count, allowed: "one per input (\(inputs.count))")
        let windows = inputs.count / length, chunk = configuration.batchSize
        var total = 0.0
        for start in stride(from: 0, to: windows - windows % chunk, by: chunk) {
            let range = (start * length)..<((start + chunk) * length)
            total += try forward(Array(inputs[range]), targets: Array(targets[range]), sequences: chunk)! * Double(chunk)
        }
        for window in (windows - windows % chunk)..<windows {
            let range = (window * length)..<((window + 1) * length)
            total += try forward(Array(inputs[range]), targets: Array(targets[range]), sequences: 1)!
        }
        return total / Double(windows)
    }
}
