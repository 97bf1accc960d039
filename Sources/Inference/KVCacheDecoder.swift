@preconcurrency import CGSLOpenBLAS
import Foundation
import GPT
import GPTFastPath
import Numerics

/// Generation one token at a time with a key/value cache, for Chapter 8's GPT.
///
/// Without a cache every new token reruns the whole context: at context length t each layer
/// recomputes t rows of queries, keys and values and t×t attention scores, though only the
/// last row is new. The keys and values of earlier positions do not change when a token is
/// appended (attention is causal), so they can be kept: `append` computes the new position's
/// query, key and value (matrix-*vector* products), adds its key and value to the cache, and
/// attends from the one new query to every cached key. The cache holds, per layer, a key and a
/// value of `width` numbers for each position: layers × 2 × positions × width × 4 bytes.
///
/// With learned absolute positions the cache is only valid inside one block: once the context
/// is longer, the window of the last `blockSize` tokens moves by one at each step, every token
/// in it changes position, and every cached key and value is stale. `generate` then refills the
/// cache from the window (a full recomputation per token, the cost without a cache).
public final class KVCacheDecoder {
    public let configuration: GPTConfiguration
    public let vocabularySize: Int
    let layout: GPTParameterLayout
    let parameters: [Float]
    /// keys[l] and values[l]: `length` rows of `width`, one per cached position.
    public private(set) var keys: [[Float]], values: [[Float]]
    public private(set) var length = 0

    /// A decoder with `model`'s weights (copied: training the model afterwards does not change it).
    public init(model: FusedGPT<Float>) {
        configuration = model.configuration
        vocabularySize = model.vocabularySize
        layout = model.layout
        parameters = model.parameterValues
        keys = Array(repeating: [], count: configuration.layers)
        values = Array(repeating: [], count: configuration.layers)
        _ = MatrixKernel.active
    }

    /// The cache's size in bytes for `positions` positions: layers × 2 × positions × width × 4.
    public static func cacheBytes(configuration c: GPTConfiguration, positions: Int) -> Int {
        c.layers * 2 * positions * c.width * MemoryLayout<Float>.size
    }

    /// The bytes the cache holds now.
    public var cacheBytes: Int { (keys + values).reduce(0) { $0 + $1.count * MemoryLayout<Float>.size } }

    /// Empties the cache.
    public func reset() {
        keys = Array(repeating: [], count: configuration.layers)
        values = Array(repeating: [], count: configuration.layers)
        length = 0
    }

    /// Appends `token` at position `length` and returns that position's logits (V values).
    /// Throws `ArgumentError` for a token outside the vocabulary or a full cache (`blockSize`
    /// positions: the position table has no row for more).
    public func append(_ token: Int) throws -> [Float] {
        try ArgumentError.require((0..<vocabularySize).contains(token), "token", token, allowed: "a token id in 0..<\(vocabularySize)")
        try ArgumentError.require(length < configuration.blockSize, "cache length", length,
                                  allowed: "below the block size (\(configuration.blockSize)); reset() and refill to slide the window")
        let w = configuration.width, heads = configuration.heads, d = configuration.headSize
        return parameters.withUnsafeBufferPointer { pp in
            let p = pp.baseAddress!
            var x = (0..<w).map { p[layout.tokenEmbedding + token * w + $0] + p[layout.positionEmbedding + length * w + $0] }
            for (l, block) in layout.blocks.enumerated() {
                // The new position's query, key and value; its key and value join the cache.
                let qkv = linear(layerNorm(x, gain: p + block.attentionNormGain, bias: p + block.attentionNormBias),
                                 p + block.queryKeyValueWeights, p + block.queryKeyValueBias, outputs: 3 * w)
                keys[l] += qkv[w..<(2 * w)]
                values[l] += qkv[(2 * w)..<(3 * w)]
                // One query against every cached key, head by head.
                var attended = [Float](repeating: 0, count: w)
                let positions = length + 1
                for h in 0..<heads {
                    // Sums in Double, so this side's rounding is far below the batched path's.
                    var scores = (0..<positions).map { j in
                        (0..<d).reduce(0.0) { $0 + Double(qkv[h * d + $1]) * Double(keys[l][j * w + h * d + $1]) } / Double(d).squareRoot()
                    }
                    let top = scores.max()!
                    for j in scores.indices { scores[j] = Foundation.exp(scores[j] - top) }
                    let total = scores.reduce(0, +)
                    for i in 0..<d {
                        attended[h * d + i] = Float((0..<positions).reduce(0.0) { $0 + scores[$1] / total * Double(values[l][$1 * w + h * d + i]) })
                    }
                }
                let projected = linear(attended, p + block.projectionWeights, p + block.projectionBias, outputs: w)
                for i in 0..<w { x[i] += projected[i] }
                // The MLP, as in training.
                var expanded = linear(layerNorm(x, gain: p + block.feedForwardNormGain, bias: p + block.feedForwardNormBias),
                                      p + block.expandWeights, p + block.expandBias, outputs: 4 * w)
                for i in expanded.indices { expanded[i] = 0.5 * expanded[i] * (1 + erf(expanded[i] / Float(2).squareRoot())) }
                let contracted = linear(expanded, p + block.contractWeights, p + block.contractBias, outputs: w)
                for i in 0..<w { x[i] += contracted[i] }
            }
            length += 1
            // The tied head: logits = LN(x)·Eᵀ.
            let normed = layerNorm(x, gain: p + layout.finalNormGain, bias: p + layout.finalNormBias)
            var logits = [Float](repeating: 0, count: vocabularySize)
            cblas_sgemv(CblasRowMajor, CblasNoTrans, Int32(vocabularySize), Int32(w), 1, p + layout.tokenEmbedding, Int32(w), normed, 1, 0, &logits, 1)
            return logits
        }
    }

    /// x·W + b for one row, W stored inputs × outputs (the workbook's layout).
    func linear(_ x: [Float], _ weights: UnsafePointer<Float>, _ bias: UnsafePointer<Float>, outputs: Int) -> [Float] {
        var y = Array(UnsafeBufferPointer(start: bias, count: outputs))
        cblas_sgemv(CblasRowMajor, CblasTrans, Int32(x.count), Int32(outputs), 1, weights, Int32(outputs), x, 1, 1, &y, 1)
        return y
    }

    /// LayerNorm of one row with ε = 1e-5, as the fast path computes it (here in Double).
    func layerNorm(_ x: [Float], gain: UnsafePointer<Float>, bias: UnsafePointer<Float>) -> [Float] {
        let n = Double(x.count), mean = x.reduce(0.0) { $0 + Double($1) } / n
        let variance = x.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / n, r = 1 / (variance + 1e-5).squareRoot()
        return x.indices.map { Float((Double(x[$0]) - mean) * r) * gain[$0] + bias[$0] }
    }

    /// Greedy generation of `count` tokens after `prompt`, with the cache. Returns the ids and
    /// the logits each was chosen from. Past the block the window slides and the cache is
    /// refilled from it at every step. Throws `ArgumentError` for an empty prompt, an id
    /// outside the vocabulary or a negative count.
    public func generate(after prompt: [Int], count: Int) throws -> (ids: [Int], logits: [[Float]]) {
        try configuration.validateGeneration(prompt: prompt, count: count, sampling: .greedy, vocabularySize: vocabularySize)
        let block = configuration.blockSize
        reset()
        var tokens = prompt, ids: [Int] = [], chosenFrom: [[Float]] = []
        var last: [Float] = []
        for token in prompt.suffix(block) { last = try append(token) }
        for _ in 0..<count {
            let next = last.indices.max { (last[$0], -$0) < (last[$1], -$1) }!   // of equal logits, the first, as greedy sampling picks
            ids.append(next)
            chosenFrom.append(last)
            tokens.append(next)
            if length < block {
                last = try append(next)
            } else {
                reset()
                for token in tokens.suffix(block) { last = try append(token) }
            }
        }
        return (ids, chosenFrom)
    }
}
