import Foundation
import Testing
import GPTExperiments
import GPTFastPath
import Inference
import InferenceExperiments
import Numerics
import WorkbookTesting

@Suite("M12 · Inference: speculative decoding")
struct SpeculativeTests {
    @Test("Speculative decoding gives exactly the target's greedy output for k = 2, 4 and 6")
    func identicalToTarget() throws {
        attach(try InferenceRuns.speculativeRecord.get())
        let study = try InferenceRuns.speculative.get()
        for point in study.points {
            #expect(point.differing == 0, "k = \(point.lookahead): \(point.differing) of \(study.prompts) prompts differ")
            #expect(point.targetPassesPerToken < 1, "k = \(point.lookahead): \(point.targetPassesPerToken) target passes per token")
        }
    }

    @Test("Speculative decoding refuses mismatched models, a lookahead below 1 and a generation past the block, naming them")
    func refusals() throws {
        let model = try FusedGPT<Float>(configuration: .test, vocabularySize: 11, seed: 1)
        let target = try KVCacheDecoder(model: model), copy = try KVCacheDecoder(model: model)
        let other = try KVCacheDecoder(model: FusedGPT<Float>(configuration: .test, vocabularySize: 12, seed: 1))
        #expect((#expect(throws: ArgumentError.self) { try SpeculativeDecoding(lookahead: 0) })?.parameter == "lookahead")
        let decoding = try SpeculativeDecoding(lookahead: 2)
        #expect((#expect(throws: ArgumentError.self) { try decoding.generate(target: target, draft: other, prompt: [1], count: 3) })?.parameter == "draft.vocabularySize")
        #expect((#expect(throws: ArgumentError.self) { try decoding.generate(target: target, draft: target, prompt: [1], count: 3) })?.parameter == "draft")
        let block = target.configuration.blockSize
        #expect((#expect(throws: ArgumentError.self) { try decoding.generate(target: target, draft: copy, prompt: [1, 2], count: block) })?.parameter == "prompt.count + count")
        // A draft equal to the target is always accepted: k + 1 tokens per target pass.
        let full = try decoding.generate(target: target, draft: copy, prompt: [1, 2], count: block - 1)
        #expect(full.ids == (try target.generate(prompts: [[1, 2]], count: block - 1)[0]))
        #expect(full.acceptanceRate == 1)
        #expect(throws: ArgumentError.self) { try decoding.generate(target: target, draft: copy, prompt: [], count: 3) }
    }
}

@Suite("M12 · Inference: chapter")
struct InferenceChapter {
    @Test("Chapter 12's listings match their sources")
    func listingsMatchSources() throws {
        try expectListingsMatchSources(of: .inference, minimum: 3)
    }
}
