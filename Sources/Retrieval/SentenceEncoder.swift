@preconcurrency import CGSLOpenBLAS
import CVectorMath
import Dispatch
import Foundation
import Numerics

/// A sentence-embedding model of the BERT family, written out: all-MiniLM-L6-v2 (Wang et al.
/// 2020's MiniLM distilled from BERT, fine-tuned for sentence similarity by the
/// sentence-transformers project). Token ids (from `WordPieceTokenizer`) go through token,
/// position and segment embeddings, 6 post-LayerNorm transformer encoder layers (384 wide, 12
/// heads, GELU with erf, LayerNorm ε = 1e-12, attention in both directions), then the token
/// vectors are averaged (mean pooling) and the mean is scaled to length 1, so the dot product
/// of two embeddings is their cosine similarity. Float32, matrix products on OpenBLAS.
public struct SentenceEncoder: Sendable {
    public struct Configuration: Sendable, Equatable {
        public let layers: Int, width: Int, heads: Int, intermediate: Int, vocabularySize: Int, positions: Int
        public let layerNormEpsilon: Float
        /// all-MiniLM-L6-v2's `config.json`.
        public static let miniLM = Configuration(layers: 6, width: 384, heads: 12, intermediate: 1536, vocabularySize: 30522, positions: 512, layerNormEpsilon: 1e-12)
    }

    struct Layer: Sendable {
        let query: Linear, key: Linear, value: Linear, attentionOutput: Linear
        let attentionNorm: Norm, intermediate: Linear, output: Linear, outputNorm: Norm
    }

    /// A PyTorch `nn.Linear`: weight [out, in] (y = x·Wᵀ + b).
    struct Linear: Sendable {
        let weight: [Float], bias: [Float], inputs: Int, outputs: Int
    }

    struct Norm: Sendable {
        let gain: [Float], bias: [Float]
    }

    public let configuration: Configuration
    let wordEmbeddings: [Float], positionEmbeddings: [Float], typeEmbeddings: [Float]
    let embeddingNorm: Norm
    let layers: [Layer]

    /// Reads the weights from a BERT `model.safetensors` with Hugging Face's tensor names;
    /// throws `FileFormatError` naming the file and tensor for a missing or misshaped one.
    public init(weights file: SafetensorsFile, configuration c: Configuration = .miniLM) throws {
        // OpenBLAS on one thread (the workbook's policy, `MatrixKernel.active`): parallelism
        // comes from encoding batches on separate threads, not from splitting each product.
        _ = MatrixKernel.active
        configuration = c
        func linear(_ name: String, _ inputs: Int, _ outputs: Int) throws -> Linear {
            Linear(weight: try file.values(name + ".weight", shape: [outputs, inputs]), bias: try file.values(name + ".bias", shape: [outputs]),
                   inputs: inputs, outputs: outputs)
        }
        func norm(_ name: String) throws -> Norm {
            Norm(gain: try file.values(name + ".weight", shape: [c.width]), bias: try file.values(name + ".bias", shape: [c.width]))
        }
        wordEmbeddings = try file.values("embeddings.word_embeddings.weight", shape: [c.vocabularySize, c.width])
        positionEmbeddings = try file.values("embeddings.position_embeddings.weight", shape: [c.positions, c.width])
        typeEmbeddings = try file.values("embeddings.token_type_embeddings.weight", shape: [2, c.width])
        embeddingNorm = try norm("embeddings.LayerNorm")
        layers = try (0..<c.layers).map { l in
            let p = "encoder.layer.\(l)."
            return Layer(query: try linear(p + "attention.self.query", c.width, c.width), key: try linear(p + "attention.self.key", c.width, c.width),
                         value: try linear(p + "attention.self.value", c.width, c.width),
                         attentionOutput: try linear(p + "attention.output.dense", c.width, c.width), attentionNorm: try norm(p + "attention.output.LayerNorm"),
                         intermediate: try linear(p + "intermediate.dense", c.width, c.intermediate),
                         output: try linear(p + "output.dense", c.intermediate, c.width), outputNorm: try norm(p + "output.LayerNorm"))
        }
    }

    /// The unit-length embedding (`width` values) of one tokenized text. Throws
    /// `ArgumentError` for no ids, more than `positions` of them, or an id outside the vocabulary.
    public func embedding(ids: [Int]) throws -> [Float] {
        try embeddings(ids: [ids])[0]
    }

    /// The embeddings of several tokenized texts, computed together: their tokens are packed
    /// into one matrix (no padding), so each linear layer is one matrix product over all of
    /// them, while attention stays within each text. The result equals embedding each text
    /// alone up to the rounding of those products. Throws `ArgumentError` naming the text for
    /// no ids, more than `positions`, or an id outside the vocabulary.
    public func embeddings(ids texts: [[Int]]) throws -> [[Float]] {
        try embeddings(ids: texts, reusing: Activations())
    }

    /// The activations of one batch, kept by an encoding thread and reused by every layer and
    /// batch: the large arrays are allocated, and their pages faulted in, once rather than for
    /// each product (glibc returns freed blocks of several MB to the kernel). Each array grows
    /// to the largest batch seen.
    final class Activations {
        var h: [Float] = [], q: [Float] = [], k: [Float] = [], v: [Float] = [], context: [Float] = []
        var attended: [Float] = [], inner: [Float] = [], scaled: [Float] = [], scores: [Float] = []
    }

    func embeddings(ids texts: [[Int]], reusing a: Activations) throws -> [[Float]] {
        let c = configuration, w = c.width
        for (n, ids) in texts.enumerated() {
            try ArgumentError.require(ids.count >= 1 && ids.count <= c.positions, texts.count == 1 ? "ids.count" : "ids[\(n)].count", ids.count, allowed: "must be in 1...\(c.positions)")
            try ArgumentError.requireAll(ids, in: 0..<c.vocabularySize, texts.count == 1 ? "ids" : "ids[\(n)]")
        }
        var starts = [0]
        for ids in texts { starts.append(starts.last! + ids.count) }
        let rows = starts.last!
        Self.reserve(&a.h, rows * w)
        a.h.withUnsafeMutableBufferPointer { h in
            for (n, ids) in texts.enumerated() {
                for (i, id) in ids.enumerated() {
                    let r = starts[n] + i
                    for j in 0..<w { h[r * w + j] = wordEmbeddings[id * w + j] + positionEmbeddings[i * w + j] + typeEmbeddings[j] }
                }
            }
        }
        layerNorm(&a.h, rows: rows, embeddingNorm)
        for layer in layers { encoderLayer(a, starts: starts, layer) }
        let h = a.h
        // listing: mean-pooling
        return texts.indices.map { n in
            let t = texts[n].count
            var pooled = [Float](repeating: 0, count: w)
            for i in starts[n]..<starts[n + 1] { for j in 0..<w { pooled[j] += h[i * w + j] } }
            for j in 0..<w { pooled[j] /= Float(t) }
            let norm = max(pooled.reduce(Float(0)) { $0 + $1 * $1 }.squareRoot(), 1e-12)
            return pooled.map { $0 / norm }
        }
        // end listing
    }

    /// The embeddings of `texts`, tokenized by `tokenizer` (truncated at 256 tokens), encoded
    /// `batchSize` texts at a time on `threads` threads (1 or 2; each thread takes every
    /// other batch). The same numbers whatever the thread count. Throws `ArgumentError` for a
    /// batch size below 1 or a thread count outside 1...2.
    public func embeddings(of texts: [String], tokenizer: WordPieceTokenizer, batchSize: Int = 32, threads: Int = 1) throws -> [[Float]] {
        try ArgumentError.requireAtLeast(1, batchSize, "batchSize")
        try ArgumentError.require((1...2).contains(threads), "threads", threads, allowed: "must be 1 or 2")
        let ids = try texts.map { try tokenizer.encode($0) }
        let batches = stride(from: 0, to: ids.count, by: batchSize).map { Array(ids[$0..<min($0 + batchSize, ids.count)]) }
        nonisolated(unsafe) var results = [[[Float]]](repeating: [], count: batches.count)
        nonisolated(unsafe) var failure: Error?
        let encoder = self
        DispatchQueue.concurrentPerform(iterations: threads) { worker in
            let activations = Activations()
            for b in stride(from: worker, to: batches.count, by: threads) {
                do { results[b] = try encoder.embeddings(ids: batches[b], reusing: activations) } catch { failure = error }
            }
        }
        if let failure { throw failure }
        return results.flatMap { $0 }
    }

    // listing: encoder-layer
    /// One encoder layer, post-LayerNorm as in BERT: h ← LN(h + Attention(h)), then
    /// h ← LN(h + W₂·GELU(W₁·h)). Rows `starts[n]..<starts[n+1]` of `a.h` are text n.
    func encoderLayer(_ a: Activations, starts: [Int], _ layer: Layer) {
        let w = configuration.width, heads = configuration.heads, d = w / heads, rows = starts.last!
        apply(layer.query, a.h, rows: rows, into: &a.q)
        apply(layer.key, a.h, rows: rows, into: &a.k)
        apply(layer.value, a.h, rows: rows, into: &a.v)
        Self.reserve(&a.context, rows * w)
        let scale = 1 / Float(d).squareRoot()
        for n in 0..<(starts.count - 1) {
            let first = starts[n], t = starts[n + 1] - first
            Self.reserve(&a.scores, t * t)
            for head in 0..<heads {
                let offset = first * w + head * d
                a.q.withUnsafeBufferPointer { qp in
                    a.k.withUnsafeBufferPointer { kp in
                        // scores = Q_h · K_hᵀ / √d, over all positions of the text (no causal mask in an encoder)
                        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(t), Int32(t), Int32(d), scale,
                                    qp.baseAddress! + offset, Int32(w), kp.baseAddress! + offset, Int32(w), 0, &a.scores, Int32(t))
                    }
                }
                // Softmax of each row: shift by its maximum, exponentiate (libmvec), normalise.
                a.scores.withUnsafeMutableBufferPointer { sp in
                    for i in 0..<t {
                        let row = sp.baseAddress! + i * t
                        var top = -Float.infinity
                        for j in 0..<t { top = max(top, row[j]) }
                        for j in 0..<t { row[j] -= top }
                        workbook_expf(row, row, t)
                        var sum: Float = 0
                        for j in 0..<t { sum += row[j] }
                        for j in 0..<t { row[j] /= sum }
                    }
                }
                a.v.withUnsafeBufferPointer { vp in
                    a.context.withUnsafeMutableBufferPointer { cp in
                        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(t), Int32(d), Int32(t), 1,
                                    a.scores, Int32(t), vp.baseAddress! + offset, Int32(w), 0, cp.baseAddress! + offset, Int32(w))
                    }
                }
            }
        }
        apply(layer.attentionOutput, a.context, rows: rows, into: &a.attended)
        Self.add(a.h, to: &a.attended, count: rows * w)
        layerNorm(&a.attended, rows: rows, layer.attentionNorm)
        apply(layer.intermediate, a.attended, rows: rows, into: &a.inner)
        // GELU with erf, x·(1 + erf(x/√2))/2, erf sixteen lanes at a time (glibc's libmvec)
        let count = rows * layer.intermediate.outputs
        Self.reserve(&a.scaled, count)
        a.inner.withUnsafeMutableBufferPointer { x in
            a.scaled.withUnsafeMutableBufferPointer { e in
                for i in 0..<count { e[i] = x[i] * (1 / Float(2).squareRoot()) }
                workbook_erff(e.baseAddress!, e.baseAddress!, count)
                for i in 0..<count { x[i] = 0.5 * x[i] * (1 + e[i]) }
            }
        }
        apply(layer.output, a.inner, rows: rows, into: &a.h)
        Self.add(a.attended, to: &a.h, count: rows * w)
        layerNorm(&a.h, rows: rows, layer.outputNorm)
    }
    // end listing

    /// The residual sum x ← x + y over the first `count` values.
    static func add(_ y: [Float], to x: inout [Float], count: Int) {
        x.withUnsafeMutableBufferPointer { xp in y.withUnsafeBufferPointer { yp in for i in 0..<count { xp[i] += yp[i] } } }
    }

    /// Grows `buffer` to at least `count` values; what it holds is overwritten by its next use.
    static func reserve(_ buffer: inout [Float], _ count: Int) {
        if buffer.count < count { buffer = [Float](repeating: 0, count: count) }
    }

    /// y ← x·Wᵀ + b for the first `rows` rows of x, into the first rows of y (grown if needed).
    func apply(_ linear: Linear, _ x: [Float], rows: Int, into y: inout [Float]) {
        Self.reserve(&y, rows * linear.outputs)
        y.withUnsafeMutableBufferPointer { yp in
            linear.bias.withUnsafeBufferPointer { b in
                for i in 0..<rows { (yp.baseAddress! + i * linear.outputs).update(from: b.baseAddress!, count: linear.outputs) }
            }
        }
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(rows), Int32(linear.outputs), Int32(linear.inputs), 1,
                    x, Int32(linear.inputs), linear.weight, Int32(linear.inputs), 1, &y, Int32(linear.outputs))
    }

    /// LayerNorm of each row: (x − mean) / √(variance + ε) · gain + bias (mean and variance
    /// accumulated in Double).
    func layerNorm(_ x: inout [Float], rows: Int, _ norm: Norm) {
        let w = configuration.width, epsilon = Double(configuration.layerNormEpsilon)
        x.withUnsafeMutableBufferPointer { xp in
            norm.gain.withUnsafeBufferPointer { gain in
                norm.bias.withUnsafeBufferPointer { bias in
                    for i in 0..<rows {
                        let row = xp.baseAddress! + i * w
                        var mean = 0.0, variance = 0.0
                        for j in 0..<w { mean += Double(row[j]) }
                        mean /= Double(w)
                        for j in 0..<w { let d = Double(row[j]) - mean; variance += d * d }
                        variance /= Double(w)
                        let inverse = 1 / (variance + epsilon).squareRoot()
                        for j in 0..<w { row[j] = Float((Double(row[j]) - mean) * inverse) * gain[j] + bias[j] }
                    }
                }
            }
        }
    }
}
