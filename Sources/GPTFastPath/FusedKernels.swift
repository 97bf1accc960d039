import Foundation
import GPT
import Numerics

/// The fused path's building blocks: each works on whole rows of a preallocated buffer,
/// forward and backward, with the arithmetic of the engine operations it replaces
/// (Chapter 3's graph of small tensors becomes one loop per layer, as in llm.c).
enum FusedKernels<Scalar: GPTScalar> {
    typealias Pointer = UnsafeMutablePointer<Scalar>

    // listing: fused-linear
    /// out (n × outputs) = x (n × inputs) · W (inputs × outputs) + b.
    static func linear(_ out: Pointer, _ x: Pointer, _ w: Pointer, _ b: Pointer, n: Int, inputs: Int, outputs: Int) {
        for r in 0..<n { (out + r * outputs).update(from: b, count: outputs) }
        Scalar.gemm(transposeA: false, transposeB: false, m: n, n: outputs, k: inputs, alpha: 1, x, inputs, w, outputs,
                    beta: 1, out, outputs)
    }

    /// dx = dout·Wᵀ (added to dx when `accumulate`), dW += xᵀ·dout, db += Σ rows of dout.
    static func linearBackward(dx: Pointer, accumulate: Bool, dw: Pointer, db: Pointer, dout: Pointer, x: Pointer, w: Pointer,
                               n: Int, inputs: Int, outputs: Int) {
        Scalar.gemm(transposeA: false, transposeB: true, m: n, n: inputs, k: outputs, alpha: 1, dout, outputs, w, outputs,
                    beta: accumulate ? 1 : 0, dx, inputs)
        Scalar.gemm(transposeA: true, transposeB: false, m: inputs, n: outputs, k: n, alpha: 1, x, inputs, dout, outputs,
                    beta: 1, dw, outputs)
        for r in 0..<n {
            let row = dout + r * outputs
            for j in 0..<outputs { db[j] += row[j] }
        }
    }
    // end listing

    // listing: fused-layer-norm
    /// LayerNorm of each row: out = (x − μ)·r·gain + bias with r = 1/√(σ² + 1e-5); keeps μ and r.
    static func layerNorm(_ out: Pointer, mean: Pointer, rstd: Pointer, _ x: Pointer, gain: Pointer, bias: Pointer, n: Int, width: Int) {
        let w = Scalar(width)
        for r in 0..<n {
            let row = x + r * width, o = out + r * width
            let mu = sum(width) { row[$0] } / w
            let squares = sum(width) { (row[$0] - mu) * (row[$0] - mu) }
            let s = 1 / (squares / w + 1e-5).squareRoot()
            for j in 0..<width { o[j] = (row[j] - mu) * s * gain[j] + bias[j] }
            mean[r] = mu
            rstd[r] = s
        }
    }

    /// Adds LayerNorm's input gradient to dx: r·(ĝ − mean(ĝ) − x̂·mean(ĝ·x̂)) with ĝ = gain·dout;
    /// dgain += x̂·dout, dbias += dout.
    static func layerNormBackward(dx: Pointer, dgain: Pointer, dbias: Pointer, dout: Pointer, x: Pointer, mean: Pointer, rstd: Pointer,
                                  gain: Pointer, n: Int, width: Int) {
        let w = Scalar(width)
        for r in 0..<n {
            let row = x + r * width, d = dout + r * width, g = dx + r * width
            let meanG = sum(width) { gain[$0] * d[$0] } / w
            let meanGX = sum(width) { gain[$0] * d[$0] * ((row[$0] - mean[r]) * rstd[r]) } / w
            for j in 0..<width {
                let xHat = (row[j] - mean[r]) * rstd[r]
                g[j] += (gain[j] * d[j] - meanG - xHat * meanGX) * rstd[r]
                dgain[j] += xHat * d[j]
                dbias[j] += d[j]
            }
        }
    }
    // end listing

    // listing: fused-gelu
    /// Exact GELU, x·Φ(x) with Φ(x) = (1 + erf(x/√2))/2; keeps Φ(x) for the backward pass.
    /// The transcendental functions run over whole arrays (vectorized for Float).
    static func gelu(_ out: Pointer, cdf: Pointer, _ x: Pointer, count: Int) {
        let invRoot2 = 1 / Scalar(2).squareRoot()
        for i in 0..<count { cdf[i] = x[i] * invRoot2 }
        Scalar.errorFunction(cdf, cdf, count: count)
        for i in 0..<count {
            cdf[i] = 0.5 * (1 + cdf[i])
            out[i] = x[i] * cdf[i]
        }
    }

    /// dx = dout·(Φ(x) + x·φ(x)) with φ(x) = e^(−x²/2)/√(2π).
    static func geluBackward(_ dx: Pointer, dout: Pointer, x: Pointer, cdf: Pointer, count: Int) {
        let invRoot2Pi = 1 / (2 * Scalar.pi).squareRoot()
        for i in 0..<count { dx[i] = -0.5 * x[i] * x[i] }
        Scalar.exponential(dx, dx, count: count)
        for i in 0..<count { dx[i] = dout[i] * (cdf[i] + x[i] * dx[i] * invRoot2Pi) }
    }
    // end listing

    // listing: fused-attention
    /// Causal attention of one sequence and head. Q, K, V are length × headSize views into the
    /// qkv buffer (row stride 3C); weights (length × length) receives softmax(QKᵀ/√d) with zeros
    /// above the diagonal; out (row stride C) receives weights·V.
    static func attention(out: Pointer, weights: Pointer, q: Pointer, k: Pointer, v: Pointer, length t: Int, headSize: Int, stride: Int, outStride: Int) {
        let scale = 1 / Scalar(headSize).squareRoot()
        Scalar.gemm(transposeA: false, transposeB: true, m: t, n: t, k: headSize, alpha: scale, q, stride, k, stride,
                    beta: 0, weights, t)
        for i in 0..<t {
            let row = weights + i * t
            var maximum = row[0]
            for j in 0...i where row[j] > maximum { maximum = row[j] }
            for j in 0...i { row[j] -= maximum }
            Scalar.exponential(row, row, count: i + 1)
            let total = sum(i + 1) { row[$0] }
            for j in 0...i { row[j] /= total }
            for j in (i + 1)..<t { row[j] = 0 }
        }
        Scalar.gemm(transposeA: false, transposeB: false, m: t, n: headSize, k: t, alpha: 1, weights, t, v, stride,
                    beta: 0, out, outStride)
    }
    // end listing

    // listing: fused-attention-backward
    /// The gradients of `attention` for Q, K and V (written, not added), given dout; `scratch`
    /// holds length × length values.
    static func attentionBackward(dq: Pointer, dk: Pointer, dv: Pointer, scratch: Pointer, dout: Pointer, weights: Pointer,
                                  q: Pointer, k: Pointer, v: Pointer, length t: Int, headSize: Int, stride: Int, outStride: Int) {
        let scale = 1 / Scalar(headSize).squareRoot()
        // d(weights) = dout·Vᵀ and dV = weightsᵀ·dout.
        Scalar.gemm(transposeA: false, transposeB: true, m: t, n: t, k: headSize, alpha: 1, dout, outStride, v, stride,
                    beta: 0, scratch, t)
        Scalar.gemm(transposeA: true, transposeB: false, m: t, n: headSize, k: t, alpha: 1, weights, t, dout, outStride,
                    beta: 0, dv, stride)
        // Through the softmax: dS = P ⊙ (dP − Σⱼ Pⱼ dPⱼ), zero where the mask was.
        for i in 0..<t {
            let p = weights + i * t, d = scratch + i * t
            let dot = sum(i + 1) { p[$0] * d[$0] }
            for j in 0...i { d[j] = p[j] * (d[j] - dot) }
            for j in (i + 1)..<t { d[j] = 0 }
        }
        // dQ = dS·K/√d and dK = dSᵀ·Q/√d.
        Scalar.gemm(transposeA: false, transposeB: false, m: t, n: headSize, k: t, alpha: scale, scratch, t, k, stride,
                    beta: 0, dq, stride)
        Scalar.gemm(transposeA: true, transposeB: false, m: t, n: headSize, k: t, alpha: scale, scratch, t, q, stride,
                    beta: 0, dk, stride)
    }
    // end listing

    // listing: fused-softmax-cross-entropy
    /// Rows of logits become probabilities in place (stable softmax); returns the summed −log p[target].
    static func softmaxCrossEntropy(_ logits: Pointer, targets: [Int], n: Int, classes: Int) -> Double {
        var total = 0.0
        for r in 0..<n {
            let row = logits + r * classes
            var maximum = row[0]
            for j in 1..<classes where row[j] > maximum { maximum = row[j] }
            let shiftedTarget = Double(row[targets[r]] - maximum)
            var sum: Scalar = 0
            for j in 0..<classes { row[j] = Scalar.exponential(row[j] - maximum); sum += row[j] }
            let logTarget = shiftedTarget - Foundation.log(Double(sum))
            for j in 0..<classes { row[j] /= sum }
            total -= logTarget
        }
        return total
    }
    // end listing

    /// Σ term(j) for j in 0..<count as four interleaved partial sums, added in a fixed order at
    /// the end: four independent chains of additions, which the CPU overlaps, instead of one
    /// chain that waits for each addition to finish.
    @inline(__always)
    static func sum<T: FloatingPoint>(_ count: Int, _ term: (Int) -> T) -> T {
        var (s0, s1, s2, s3) = (T.zero, T.zero, T.zero, T.zero)
        var j = 0
        while j + 4 <= count {
            s0 += term(j)
            s1 += term(j + 1)
            s2 += term(j + 2)
            s3 += term(j + 3)
            j += 4
        }
        while j < count {
            s0 += term(j)
            j += 1
        }
        return (s0 + s1) + (s2 + s3)
    }
}
