import Foundation
import Agent
import AgentExperiments
import GPTFastPath
import RetrievalExperiments
import WorkbookTesting

/// M13's shared pieces, made once per test process.
enum AgentRuns {
    static let generator = Result { try AgentTaskGenerator(elements: ElementFacts.all(root: packageRoot), words: WordTool.debianWords()) }
    /// The suite's study: both models trained and evaluated once per test process, on threads
    /// of their own. Tests await it without holding one of Swift Testing's threads, so the
    /// other suites run while it trains.
    static let study = Task<AgentStudy, any Error> {
        try await withCheckedThrowingContinuation { done in
            Thread.detachNewThread { done.resume(with: generator.flatMap { g in Result { try AgentStudy(generator: g) } }) }
        }
    }
    /// The adversarial probe, run on the trained tool model.
    static let probe = Task<AdversarialProbe, any Error> {
        let s = try await study.value
        return try AdversarialProbe(toolbox: generator.get().toolbox, model: FusedGPT<Float>(configuration: s.settings.configuration(.tools), vocabularySize: s.vocabularySize,
                                                                                            parameters: s.evaluation(.tools).parameters))
    }
}
