import Testing
import GSL
import MLPLanguageModel
import Numerics
import WorkbookTesting

/// What M6's MLP language model refuses: contexts of the wrong length or with ids outside the
/// vocabulary, example indices outside the windows, settings that cannot train.
@Suite("M6 · MLP language model: what the model refuses")
struct MLPLanguageModelRefusals {
    @Test("Property: 200 seeded random invalid contexts, batches and settings are refused, never a crash")
    func randomInvalidCalls() throws {
        let model = try MLPLanguageModel(contextLength: 3, embeddingSize: 2, hiddenSize: 4, seed: 1)
        let windows = try ContextWindows(words: ["emma", "ava"], contextLength: 3)
        let v = model.vocabularySize
        expectEveryDrawRefused(draws: 200, seed: 61, "MLP language model call") { g in
            switch try g.integer(below: 6) {
            case 0: _ = try model.logits(contexts: try g.corrupting([0, 1, 2], below: v))
            case 1: _ = try model.logits(contexts: Array(repeating: 0, count: 3 * (1 + (try g.integer(below: 3))) + 1))
            case 2: _ = try windows.batch([try g.invalidIndex(below: windows.count)])
            case 3: _ = try model.nextTokenLogProbabilities(after: try g.corrupting([1, 2], below: v))
            case 4: _ = try MLPLanguageModel(contextLength: 0, embeddingSize: 2, hiddenSize: 4, seed: 1)
            default:
                var training = LanguageModelTraining(steps: 1, batchSize: 1, peakRate: 0.1, seed: 1)
                training.batchSize = -(try g.integer(below: 3))
                _ = try training.train(model, on: windows)
            }
        }
    }
}
