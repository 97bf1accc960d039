import Foundation
import Agent
import AgentExperiments
import GPTFastPath
import RetrievalExperiments
import WorkbookTesting

/// M13's shared pieces, made once per test process.
enum AgentRuns {
    static let generator = Result { try AgentTaskGenerator(elements: ElementFacts.all(root: packageRoot), words: WordTool.debianWords()) }
    /// The adversarial probe, run on an untrained GPT of the agent's vocabulary: the loop's
    /// guarantees must hold whatever the model writes.
    static let probe = generator.flatMap { g in
        Result { try AdversarialProbe(toolbox: g.toolbox, model: FusedGPT<Float>(configuration: AgentStudy.Settings.suite.configuration, vocabularySize: AgentVocabulary().size, seed: 1)) }
    }
    static let probeRecord = probe.map { $0.record() }
}
