import Foundation
import Agent
import AgentExperiments
import GPTFastPath
import RetrievalExperiments
import WorkbookTesting

/// M13's shared pieces, made once per test process.
enum AgentRuns {
    static let generator = Result { try AgentTaskGenerator(elements: ElementFacts.all(root: packageRoot), words: WordTool.debianWords()) }
    /// The suite's study: both models trained and evaluated once per test process, started at
    /// planning time by the outcome suite's trait and awaited by its tests.
    static let study = BackgroundRun { try AgentStudy(generator: generator.get()) }
    /// The adversarial probe, run on the trained tool model.
    static let probe = Task<AdversarialProbe, any Error> {
        let s = try await study.value
        return try AdversarialProbe(toolbox: generator.get().toolbox, model: FusedGPT<Float>(configuration: s.settings.configuration(.tools), vocabularySize: s.vocabularySize,
                                                                                            parameters: s.evaluation(.tools).parameters))
    }
}
