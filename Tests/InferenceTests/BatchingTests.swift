import Foundation
import Testing
import GSL
import GPTExperiments
import GPTFastPath
import Inference
import InferenceExperiments
import Numerics
import WorkbookTesting

@Suite("M12 · Inference: batching")
struct BatchingTests {
    @Test("Prompts of different lengths decoded together with the KV cache give each prompt's ids decoded alone, past the block size")
    func cachedBatchEqualsAlone() throws {
        attach(try InferenceRuns.batchingRecord.get())
        let b = try InferenceRuns.batching.get()
        #expect(b.differing.isEmpty, "prompts \(b.differing) differ")
        #expect(Set(b.promptLengths).count == b.promptLengths.count, "every prompt has its own length")
        #expect(b.promptLengths.max()! + b.newTokens > 2 * GPTMainRun.configuration.blockSize, "the longest crosses the block twice")
    }

    @Test("Batched recomputation (Chapter 8's fast path) gives each prompt's ids generated alone, past the block size")
    func recomputedBatchEqualsAlone() throws {
        let run = try GPTMainRun.shared(root: packageRoot)
        let model = try FusedGPT<Float>(configuration: run.gpt.configuration, vocabularySize: run.gpt.vocabularySize, parameters: run.gpt.parameterValues)
        let prompts = try ["ROMEO:", "First Citizen:\nBefore we proceed", "O", "KING LEAR:\nCome not between the dragon and his wrath"].map { try run.corpus.encode($0) }
        let count = 2 * model.configuration.blockSize
        // Together: each stops at its first id 0 or after `count` tokens; alone: cut the same way.
        let together = try model.continuations(of: prompts, stop: 0, maximumLength: count)
        for (prompt, batched) in zip(prompts, together) {
            let alone = try model.generate(after: prompt, count: count, sampling: .greedy, generator: RandomGenerator(seed: 1))
            let cut = alone.firstIndex(of: 0) ?? alone.count
            #expect(batched == Array(alone[..<cut]), "prompt of \(prompt.count) tokens")
        }
        #expect(together.contains { $0.count == count }, "at least one continuation runs past the block")
    }

    @Test("Sampled batches are reproducible and each sequence's draws do not depend on the others")
    func sampledBatch() throws {
        let model = try FusedGPT<Float>(configuration: .test, vocabularySize: 13, seed: 4)
        let decoder = try KVCacheDecoder(model: model, sequences: 3)
        let sampling = SamplingSettings(temperature: 1, topK: 5)
        let three = try decoder.generate(prompts: [[1], [2, 3], [4, 5, 6]], count: 40, sampling: sampling, seed: 9)
        #expect(three == (try decoder.generate(prompts: [[1], [2, 3], [4, 5, 6]], count: 40, sampling: sampling, seed: 9)))
        #expect(three[0] == (try decoder.generate(prompts: [[1]], count: 40, sampling: sampling, seed: 9))[0])
    }

    @Test("The batched decoder refuses more prompts than it has room for, and rows it cannot place, naming them")
    func refusals() throws {
        let decoder = try KVCacheDecoder(model: FusedGPT<Float>(configuration: .test, vocabularySize: 11, seed: 1), sequences: 2)
        #expect((#expect(throws: ArgumentError.self) { try decoder.generate(prompts: [[1], [2], [3]], count: 2) })?.parameter == "prompts.count")
        #expect((#expect(throws: ArgumentError.self) { try decoder.append([]) })?.parameter == "rows")
        #expect((#expect(throws: ArgumentError.self) { try decoder.append([(sequence: 2, token: 1)]) })?.parameter == "rows[0].sequence")
        #expect((#expect(throws: ArgumentError.self) { try decoder.truncate(sequence: 0, to: 1) })?.parameter == "length")
        #expect((#expect(throws: ArgumentError.self) { try KVCacheDecoder(model: FusedGPT<Float>(configuration: .test, vocabularySize: 11, seed: 1), sequences: 0) })?.parameter == "sequences")
        #expect(decoder.lengths == [0, 0], "a refused call changes nothing")
    }
}

@Suite("M12 · Inference: serving costs")
struct ServingCostTests {
    @Test("Serving costs: the cache cuts FLOPs per token, int4 weights take under a sixth of Float32's bytes, and the cache's bytes equal its formula")
    func costs() throws {
        attach(try InferenceRuns.servingRecord.get())
        let s = try InferenceRuns.serving.get()
        let c = GPTMainRun.configuration
        for batch in [1, 8, 32] {
            let cached = try #require(s.row(.cache, batch: batch)), plain = try #require(s.row(.noCache, batch: batch))
            #expect(plain.flopsPerToken > 3 * cached.flopsPerToken, "batch \(batch)")
            #expect(cached.cacheBytes == KVCacheDecoder.cacheBytes(configuration: c, positions: batch * (s.promptLength + s.newTokens - 1)))
            let int4 = try #require(s.row(.int4, batch: batch))
            #expect(Double(int4.modelBytes) < Double(cached.modelBytes) / 2, "embeddings stay Float32")
            #expect(int4.flopsPerToken == cached.flopsPerToken, "quantization changes bytes, not FLOPs")
        }
        let speculative = try #require(s.row(.speculative, batch: 1))
        #expect(speculative.flopsPerToken > s.row(.cache, batch: 1)!.flopsPerToken, "rejected drafts and the draft's own passes are paid for")
    }

    @Test("A decoder on quantized weights gives the logits of the model with those weights dequantized", arguments: QuantizedMatrix.Scheme.allCases)
    func quantizedDecoderEqualsDequantizedModel(scheme: QuantizedMatrix.Scheme) throws {
        let run = try GPTMainRun.shared(root: packageRoot)
        let model = try FusedGPT<Float>(configuration: run.gpt.configuration, vocabularySize: run.gpt.vocabularySize, parameters: run.gpt.parameterValues)
        let w = model.configuration.width
        for block in model.layout.blocks {
            for (offset, inputs, outputs) in [(block.queryKeyValueWeights, w, 3 * w), (block.projectionWeights, w, w), (block.expandWeights, w, 4 * w), (block.contractWeights, 4 * w, w)] {
                try model.replaceParameters(at: offset, with: QuantizedMatrix(Array(model.parameterValues[offset..<(offset + inputs * outputs)]), inputs: inputs, outputs: outputs, scheme: scheme).dequantized())
            }
        }
        let quantized = try KVCacheDecoder(model: run.gpt, weights: .quantized(scheme)), dequantized = try KVCacheDecoder(model: model)
        let prompt = try run.corpus.encode("To be, or not to be")
        let a = try quantized.generate(after: prompt, count: 12), b = try dequantized.generate(after: prompt, count: 12)
        #expect(a.ids == b.ids)
        let largest = zip(a.logits, b.logits).map { zip($0, $1).map { Double(abs($0 - $1)) }.max()! }.max()!
        #expect(largest <= 1e-4, "\(scheme): \(largest)")
    }
}
