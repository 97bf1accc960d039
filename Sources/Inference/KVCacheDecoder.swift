@preconcurrency import CGSLOpenBLAS
import CVectorMath
import Foundation
import GPT
import GPTFastPath
import GSL
import Numerics

/// Generation with a key/value cache for Chapter 8's GPT, for several sequences at once.
///
/// Without a cache every new token reruns the whole context: at context length t each layer
/// recomputes t rows of queries, keys and values and t×t attention scores, though only the
/// last row is new. The keys and values of earlier positions do not change when a token is
/// appended (attention is causal), so they can be kept: `append` computes the new positions'
/// queries, keys and values, adds the keys and values to their sequence's cache, and attends
/// from each new query to its sequence's cached keys. The cache holds, per sequence and
/// layer, a key and a value of `width` numbers for each position: layers × 2 × positions ×
/// width × 4 bytes.
///
/// One call to `append` takes rows of (sequence, token): a prompt's tokens (prefill), one new
/// token of each of several sequences (batched decoding), or a draft to verify (speculative
/// decoding). Each linear layer is one matrix product over all the rows, so a batch reads the
/// weights once for all its sequences; each row's attention reads only its own sequence.
///
/// With learned absolute positions the cache is only valid inside one block: once the context
/// is longer, the window of the last `blockSize` tokens moves by one at each step, every token
/// in it changes position, and every cached key and value is stale. `generate` then refills a
/// sequence's cache from its window (a full recomputation per token, the cost without a cache).
public final class KVCacheDecoder {
    /// How the block matrices are stored: Float32 as trained, or quantized (`QuantizedMatrix`).
    /// Embeddings, LayerNorms and biases stay Float32.
    public enum Weights: Sendable, Equatable, CustomStringConvertible {
        case float32
        case quantized(QuantizedMatrix.Scheme)

        public var description: String {
            switch self {
            case .float32: "fp32"
            case .quantized(let scheme): scheme.rawValue
            }
        }
    }

    /// One block matrix y = x·W + b: W inputs × outputs at an offset of the parameters, or quantized.
    enum Linear {
        case dense(weights: Int, inputs: Int, outputs: Int)
        case quantized(QuantizedMatrix)
    }

    public let configuration: GPTConfiguration
    public let vocabularySize: Int
    /// How many sequences the cache has room for.
    public let sequences: Int
    public let weights: Weights
    let layout: GPTParameterLayout
    let parameters: [Float]
    /// Per layer: queries/keys/values, projection, expand, contract.
    let linears: [[Linear]]
    /// Keys and values of sequence s, layer l, position p at ((s·layers + l)·blockSize + p)·width.
    var keys: [Float], values: [Float]
    /// The positions cached for each sequence.
    public private(set) var lengths: [Int]
    /// The model FLOPs of every row appended so far (`flopsPerToken` at each row's context).
    public private(set) var flops = 0

    /// A decoder with `model`'s weights (copied: training the model afterwards does not change
    /// it), room for `sequences` sequences and the block matrices stored as `weights`. Throws
    /// `ArgumentError` for fewer than 1 sequence, or a width that `weights`' group size does
    /// not divide (Q8_0 needs a multiple of 64, int4 of 32).
    public init(model: FusedGPT<Float>, sequences: Int = 1, weights: Weights = .float32) throws {
        try ArgumentError.requireAtLeast(1, sequences, "sequences")
        let c = model.configuration, w = c.width
        (configuration, vocabularySize, layout, parameters) = (c, model.vocabularySize, model.layout, model.parameterValues)
        (self.sequences, self.weights) = (sequences, weights)
        let p = model.parameterValues
        linears = try model.layout.blocks.map { block in
            try [(block.queryKeyValueWeights, w, 3 * w), (block.projectionWeights, w, w),
                 (block.expandWeights, w, 4 * w), (block.contractWeights, 4 * w, w)].map { offset, inputs, outputs in
                guard case .quantized(let scheme) = weights else { return Linear.dense(weights: offset, inputs: inputs, outputs: outputs) }
                return .quantized(try QuantizedMatrix(Array(p[offset..<(offset + inputs * outputs)]), inputs: inputs, outputs: outputs, scheme: scheme))
            }
        }
        let cacheCount = try ArgumentError.checkedProduct([sequences, c.layers, c.blockSize, w], "sequences")
        keys = [Float](repeating: 0, count: cacheCount)
        values = keys
        lengths = Array(repeating: 0, count: sequences)
        _ = MatrixKernel.active
    }

    /// The cache's size in bytes for `positions` positions: layers × 2 × positions × width × 4.
    public static func cacheBytes(configuration c: GPTConfiguration, positions: Int) -> Int {
        c.layers * 2 * positions * c.width * MemoryLayout<Float>.size
    }

    /// The bytes the cached positions take now (all sequences).
    public var cacheBytes: Int { Self.cacheBytes(configuration: configuration, positions: lengths.reduce(0, +)) }
    /// The bytes set aside for the cache: every sequence's full block.
    public var reservedCacheBytes: Int { (keys.count + values.count) * MemoryLayout<Float>.size }

    /// The bytes of the weights as this decoder stores them: embeddings, LayerNorms and biases
    /// in Float32, the block matrices in Float32 or quantized.
    public var modelBytes: Int {
        let float = MemoryLayout<Float>.size
        return parameters.count * float - linears.joined().reduce(0) { saved, linear in
            guard case .quantized(let q) = linear else { return saved }
            return saved + q.inputs * q.outputs * float - q.bytes
        }
    }

    /// Multiply-adds × 2 for one new token at context length `context` (the position counted
    /// from 1): 2 × (layers × 12 × width² + vocabulary × width) for the weight matrices and the
    /// tied head, plus 4 × layers × context × width for the scores and the weighted values.
    /// Embedding lookups, LayerNorm, GELU and softmax are left out (a few per cent here).
    public static func flopsPerToken(configuration c: GPTConfiguration, vocabularySize v: Int, context: Int) -> Int {
        2 * (c.layers * 12 * c.width * c.width + v * c.width) + 4 * c.layers * context * c.width
    }

    /// Empties every sequence's cache.
    public func reset() { lengths = Array(repeating: 0, count: sequences) }

    /// Forgets sequence `sequence`'s positions from `length` on (speculative decoding drops a
    /// rejected draft this way). Throws `ArgumentError` for a sequence outside the decoder or
    /// a length above what is cached.
    public func truncate(sequence: Int, to length: Int) throws {
        try ArgumentError.require((0..<sequences).contains(sequence), "sequence", sequence, allowed: "0..<\(sequences)")
        try ArgumentError.require((0...lengths[sequence]).contains(length), "length", length, allowed: "0...\(lengths[sequence]) (the positions cached)")
        lengths[sequence] = length
    }

    /// Appends `token` to sequence `sequence` and returns that position's logits (V values).
    /// Throws as `append(_:)` with rows.
    public func append(_ token: Int, to sequence: Int = 0) throws -> [Float] {
        try append([(sequence, token)])[0]
    }

    /// Appends each row's token at its sequence's next position (rows of one sequence in
    /// order) and returns each row's logits (rows × V). Throws `ArgumentError` for no rows, a
    /// sequence outside the decoder, a token outside the vocabulary, or a sequence that would
    /// pass `blockSize` positions (the position table has no row for more: `truncate` or
    /// `reset` and refill to slide the window).
    public func append(_ rows: [(sequence: Int, token: Int)]) throws -> [[Float]] {
        try ArgumentError.require(!rows.isEmpty, "rows", "[]", allowed: "at least one (sequence, token)")
        var next = lengths, positions: [Int] = []
        for (i, row) in rows.enumerated() {
            try ArgumentError.require((0..<sequences).contains(row.sequence), "rows[\(i)].sequence", row.sequence, allowed: "0..<\(sequences)")
            try ArgumentError.require((0..<vocabularySize).contains(row.token), "rows[\(i)].token", row.token, allowed: "a token id in 0..<\(vocabularySize)")
            try ArgumentError.require(next[row.sequence] < configuration.blockSize, "cache length", next[row.sequence],
                                      allowed: "below the block size (\(configuration.blockSize)); truncate or reset and refill to slide the window")
            positions.append(next[row.sequence])
            next[row.sequence] += 1
        }
        let logits = try forward(rows, positions: positions)
        lengths = next
        flops += positions.reduce(0) { $0 + Self.flopsPerToken(configuration: configuration, vocabularySize: vocabularySize, context: $1 + 1) }
        return (0..<rows.count).map { Array(logits[($0 * vocabularySize)..<(($0 + 1) * vocabularySize)]) }
    }

    // listing: cached-forward
    /// The forward pass of `rows` at `positions`, writing their keys and values into the
    /// cache; returns rows × V logits.
    func forward(_ rows: [(sequence: Int, token: Int)], positions: [Int]) throws -> [Float] {
        // exercise: M12.1 write the cached forward pass: each new row's key and value into its sequence's cache, its query against the cached keys up to its position, the rest as in training (Chapter 12, the KV cache)
        let n = rows.count, w = configuration.width, heads = configuration.heads, d = configuration.headSize
        let block = configuration.blockSize, layers = configuration.layers
        var x = [Float](repeating: 0, count: n * w), normed = x, attended = x
        var qkv = [Float](repeating: 0, count: n * 3 * w), hidden = [Float](repeating: 0, count: n * 4 * w)
        var logits = [Float](repeating: 0, count: n * vocabularySize)
        var scores = [Double](repeating: 0, count: block)
        parameters.withUnsafeBufferPointer { pp in
            let p = pp.baseAddress!
            for (r, row) in rows.enumerated() {
                for i in 0..<w { x[r * w + i] = p[layout.tokenEmbedding + row.token * w + i] + p[layout.positionEmbedding + positions[r] * w + i] }
            }
            for (l, block) in layout.blocks.enumerated() {
                // Every row's query, key and value; the keys and values join their sequence's cache.
                layerNorm(x, rows: n, gain: p + block.attentionNormGain, bias: p + block.attentionNormBias, into: &normed)
                apply(linears[l][0], normed, rows: n, bias: p + block.queryKeyValueBias, into: &qkv)
                for (r, row) in rows.enumerated() {
                    let slot = ((row.sequence * layers + l) * configuration.blockSize + positions[r]) * w
                    for i in 0..<w {
                        keys[slot + i] = qkv[r * 3 * w + w + i]
                        values[slot + i] = qkv[r * 3 * w + 2 * w + i]
                    }
                }
                // Each row's query against its own sequence's keys up to its position, head by
                // head; the sums in Double, so this side's rounding stays far below 1e-5.
                keys.withUnsafeBufferPointer { kp in
                    values.withUnsafeBufferPointer { vp in
                        for (r, row) in rows.enumerated() {
                            let first = (row.sequence * layers + l) * configuration.blockSize * w, count = positions[r] + 1
                            for h in 0..<heads {
                                let q = r * 3 * w + h * d
                                var top = -Double.infinity
                                for j in 0..<count {
                                    var dot = 0.0
                                    for i in 0..<d { dot += Double(qkv[q + i]) * Double(kp[first + j * w + h * d + i]) }
                                    scores[j] = dot / Double(d).squareRoot()
                                    top = max(top, scores[j])
                                }
                                var total = 0.0
                                for j in 0..<count { scores[j] = Foundation.exp(scores[j] - top); total += scores[j] }
                                for i in 0..<d {
                                    var sum = 0.0
                                    for j in 0..<count { sum += scores[j] * Double(vp[first + j * w + h * d + i]) }
                                    attended[r * w + h * d + i] = Float(sum / total)
                                }
                            }
                        }
                    }
                }
                apply(linears[l][1], attended, rows: n, bias: p + block.projectionBias, into: &normed)
                for i in 0..<(n * w) { x[i] += normed[i] }
                // The MLP, as in training: expand, GELU with erf, contract.
                layerNorm(x, rows: n, gain: p + block.feedForwardNormGain, bias: p + block.feedForwardNormBias, into: &normed)
                apply(linears[l][2], normed, rows: n, bias: p + block.expandBias, into: &hidden)
                gelu(&hidden)
                apply(linears[l][3], hidden, rows: n, bias: p + block.contractBias, into: &normed)
                for i in 0..<(n * w) { x[i] += normed[i] }
            }
            // The tied head: logits = LN(x)·Eᵀ.
            layerNorm(x, rows: n, gain: p + layout.finalNormGain, bias: p + layout.finalNormBias, into: &normed)
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(n), Int32(vocabularySize), Int32(w), 1,
                        normed, Int32(w), p + layout.tokenEmbedding, Int32(w), 0, &logits, Int32(vocabularySize))
        }
        return logits
        // end exercise
    }
    // end listing

    /// y = x·W + b for `rows` rows, W stored inputs × outputs (the workbook's layout) or quantized.
    func apply(_ linear: Linear, _ x: [Float], rows: Int, bias: UnsafePointer<Float>, into y: inout [Float]) {
        let outputs: Int
        switch linear {
        case .dense(_, _, let o): outputs = o
        case .quantized(let q): outputs = q.outputs
        }
        for r in 0..<rows { for j in 0..<outputs { y[r * outputs + j] = bias[j] } }
        x.withUnsafeBufferPointer { xp in
            y.withUnsafeMutableBufferPointer { yp in
                switch linear {
                case .dense(let offset, let inputs, _):
                    parameters.withUnsafeBufferPointer { pp in
                        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(rows), Int32(outputs), Int32(inputs), 1,
                                    xp.baseAddress!, Int32(inputs), pp.baseAddress! + offset, Int32(outputs), 1, yp.baseAddress!, Int32(outputs))
                    }
                case .quantized(let q):
                    q.accumulate(xp.baseAddress!, rows: rows, into: yp.baseAddress!)
                }
            }
        }
    }

    /// LayerNorm of each of `rows` rows with ε = 1e-5, as the fast path computes it (here in Double).
    func layerNorm(_ x: [Float], rows: Int, gain: UnsafePointer<Float>, bias: UnsafePointer<Float>, into y: inout [Float]) {
        let w = configuration.width
        for r in 0..<rows {
            var mean = 0.0, variance = 0.0
            for i in 0..<w { mean += Double(x[r * w + i]) }
            mean /= Double(w)
            for i in 0..<w { variance += (Double(x[r * w + i]) - mean) * (Double(x[r * w + i]) - mean) }
            let scale = 1 / (variance / Double(w) + 1e-5).squareRoot()
            for i in 0..<w { y[r * w + i] = Float((Double(x[r * w + i]) - mean) * scale) * gain[i] + bias[i] }
        }
    }

    /// GELU with erf, x·(1 + erf(x/√2))/2, erf from glibc's vector math library.
    func gelu(_ h: inout [Float]) {
        let scaled = h.map { $0 / Float(2).squareRoot() }
        var e = scaled
        e.withUnsafeMutableBufferPointer { workbook_erff(scaled, $0.baseAddress!, scaled.count) }
        for i in h.indices { h[i] = 0.5 * h[i] * (1 + e[i]) }
    }

    /// Greedy generation of `count` tokens after `prompt` in sequence 0, with the cache.
    /// Returns the ids and the logits each was chosen from. Past the block the window slides
    /// and the cache is refilled from it at every step. Throws `ArgumentError` for an empty
    /// prompt, an id outside the vocabulary or a negative count.
    public func generate(after prompt: [Int], count: Int) throws -> (ids: [Int], logits: [[Float]]) {
        var chosenFrom: [[Float]] = []
        let ids = try generate(prompts: [prompt], count: count, observe: { _, _, logits in chosenFrom.append(logits) })
        return (ids[0], chosenFrom)
    }

    /// Continues every prompt by `count` tokens, all together: one prefill of every prompt,
    /// then one `append` per step with a row per sequence. Prompt i samples with its own
    /// generator, seeded `seed + i`, so its continuation does not depend on the others; greedy
    /// takes the largest logit (the lowest id among ties). With `cache` false every step
    /// recomputes each window from scratch (the cost the cache saves). `observe` sees each
    /// token as it is chosen, with its sequence and the logits it came from (for streaming).
    /// Throws `ArgumentError` for no prompts or more than the decoder's sequences, an empty
    /// prompt or an id outside the vocabulary, a negative count, or invalid sampling settings.
    public func generate(prompts: [[Int]], count: Int, sampling: SamplingSettings = .greedy, seed: UInt = 0, cache: Bool = true,
                         observe: (_ sequence: Int, _ token: Int, _ logits: [Float]) throws -> Void = { _, _, _ in }) throws -> [[Int]] {
        try ArgumentError.require((1...sequences).contains(prompts.count), "prompts.count", prompts.count,
                                  allowed: "1 to the decoder's \(sequences) sequences")
        for prompt in prompts {
            try configuration.validateGeneration(prompt: prompt, count: count, sampling: sampling, vocabularySize: vocabularySize)
        }
        let block = configuration.blockSize
        let generators = prompts.indices.map { RandomGenerator(seed: seed + UInt($0)) }
        var tokens = prompts, generated = [[Int]](repeating: [], count: prompts.count)
        reset()
        var last = lastLogits(try append(prompts.enumerated().flatMap { s, prompt in prompt.suffix(block).map { (s, $0) } }),
                                  counts: prompts.map { min($0.count, block) })
        for step in 0..<count {
            var rows: [(sequence: Int, token: Int)] = []
            for s in prompts.indices {
                let next = sampling.temperature == 0
                    ? Self.greedyToken(last[s])
                    : try sampling.sample(logits: last[s].map(Double.init), generator: generators[s])
                try observe(s, next, last[s])
                generated[s].append(next)
                tokens[s].append(next)
                if step == count - 1 {
                    continue
                } else if cache && lengths[s] < block {
                    rows.append((s, next))
                } else {
                    try truncate(sequence: s, to: 0)
                    rows += tokens[s].suffix(block).map { (s, $0) }
                }
            }
            if rows.isEmpty { break }
            let counts = prompts.indices.map { s in rows.count { $0.sequence == s } }
            last = lastLogits(try append(rows), counts: counts)
        }
        return generated
    }

    /// The id of the largest logit, the lowest among ties (as greedy sampling picks).
    public static func greedyToken(_ logits: [Float]) -> Int {
        logits.indices.max { (logits[$0], -$0) < (logits[$1], -$1) }!
    }

    /// Each sequence's last row of logits, from rows grouped by sequence with `counts` rows each.
    private func lastLogits(_ logits: [[Float]], counts: [Int]) -> [[Float]] {
        var end = 0
        return counts.map { end += $0; return logits[end - 1] }
    }
}
