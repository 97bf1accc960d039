import Foundation
import GPT
import GPTExperiments
import Inference
import InferenceExperiments
import WorkbookTesting

/// M12's experiments, each run once per test process, on Chapter 8's trained GPT.
enum InferenceRuns {
    static let mainRun = Result { try GPTMainRun.shared(root: packageRoot) }
    static let modelDescription = mainRun.map { run in
        let c = run.gpt.configuration
        return "Chapter 8's trained GPT (\(c.layers) layers, \(c.heads) heads, \(c.width) wide, block \(c.blockSize), dev loss \(String(format: "%.4f", run.history.devLoss.last!.loss)))"
    }
    static let devPrompts = mainRun.map { SpeculativeStudy.prompts(corpus: $0.corpus, count: 24, length: 8) }

    static let kvCache = mainRun.flatMap { run in
        Result { try KVCacheEquivalence(model: run.gpt, prompt: Array(try run.corpus.encode("ROMEO:\nWhat light").prefix(12)), count: 3 * run.gpt.configuration.blockSize) }
    }
    static let contextCost = mainRun.flatMap { run in Result { try ContextCost(model: run.gpt) } }
    static let kvCacheRecord = kvCache.flatMap { e in contextCost.flatMap { cost in modelDescription.map { e.record(cost: cost, model: $0) } } }

    static let batching = mainRun.flatMap { run in
        Result {
            let prompts = try ["ROMEO:", "First Citizen:\nBefore we proceed", "O", "KING LEAR:\nCome not between the dragon and his wrath"].map { try run.corpus.encode($0) }
            return try BatchThroughput(model: run.gpt, prompts: prompts, count: 2 * run.gpt.configuration.blockSize, batches: [1, 2, 4, 8, 16, 32])
        }
    }
    static let batchingRecord = batching.flatMap { b in modelDescription.map { b.record(model: $0) } }

    static let quantization = mainRun.flatMap { run in
        Result { try QuantizedDevLoss(model: run.gpt, dev: run.corpus.validationWindows(length: GPTMainRun.configuration.blockSize, characters: GPTMainRun.training.devCharacters)) }
    }
    static let quantizationRecord = quantization.flatMap { q in modelDescription.map { q.record(model: $0) } }

    static let draft = mainRun.flatMap { run in Result { try TrainedDraft(corpus: run.corpus) } }
    static let speculative = mainRun.flatMap { run in
        draft.flatMap { draft in devPrompts.flatMap { prompts in Result { try SpeculativeStudy(target: run.gpt, draft: draft.model(), prompts: prompts, count: 24) } } }
    }
    static let speculativeRecord = speculative.flatMap { s in
        draft.flatMap { d in mainRun.map { s.record(draftDevLoss: d.devLoss, targetDevLoss: $0.history.devLoss.last!.loss) } }
    }

    static let serving = mainRun.flatMap { run in
        draft.flatMap { draft in devPrompts.flatMap { prompts in Result { try ServingCosts(model: run.gpt, draft: draft.model(), prompts: prompts, count: 24) } } }
    }
    static let servingRecord = serving.flatMap { s in modelDescription.map { s.record(model: $0) } }
}
