import Foundation
import Testing
import GSL
import GPTExperiments
import GPTFastPath
import Numerics
import WorkbookTesting

@Suite("M12 · Inference: batching")
struct BatchingTests {
    @Test("Prompts of different lengths generated together give each prompt's ids generated alone, past the block size")
    func batchedEqualsAlone() throws {
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
}
