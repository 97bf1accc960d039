import Foundation
import Testing
import ExperimentRecords
import Numerics
import WorkbookTesting
import MLPLanguageModel
import MLPLanguageModelExperiments

@Suite("M6 · MLP language model: outcomes")
struct MLPLanguageModelOutcomes {
    @Test("Every parameter's gradient matches GSL numeric differentiation")
    func gradientsMatchNumericDifferentiation() throws {
        try attach(SharedRuns.contextRecords.get()[0])
        for (name, check) in try SharedRuns.gradientCheck.get().checks {
            for c in check.failures { Issue.record("\(name)[\(c.index)]: engine \(c.analytic) vs GSL \(c.numeric)") }
        }
    }

    @Test("Dev perplexity is below the bigram's")
    func beatsTheBigram() throws {
        try attach(SharedRuns.contextRecords.get()[0])
        let experiment = try SharedRuns.context.get()
        #expect(experiment.main.devNLL < experiment.bigramDevNLL, "MLP \(experiment.main.devNLL), bigram \(experiment.bigramDevNLL)")
    }

    @Test("Dev loss falls as the context grows from 1 to 3 characters")
    func moreContextLowerLoss() throws {
        try attach(SharedRuns.contextRecords.get()[1])
        let losses = try SharedRuns.context.get().runs.map(\.devNLL)
        #expect(losses.count == 3)
        for (shorter, longer) in zip(losses, losses.dropFirst()) { #expect(longer < shorter, "\(losses)") }
    }

    @Test("In the 2-D embedding, vowels sit closer to each other than to consonants (clustering ratio < 1)")
    func vowelsCluster() throws {
        try attach(SharedRuns.embeddingsRecord.get())
        let ratio = try SharedRuns.embeddings.get().vowelClusteringRatio
        #expect(ratio < 1, "vowel–vowel / vowel–consonant mean distance \(ratio)")
    }
}

@Suite("M6 · MLP language model: chapter and data")
struct MLPLanguageModelChapter {
    @Test("Chapter 6's listings match their sources")
    func listingsMatchSources() throws {
        try expectListingsMatchSources(of: .mlpLanguageModel, minimum: 2)
    }

    @Test("Context windows: 'ab' with context 2 gives (.. → a), (.a → b), (ab → .)")
    func contextWindows() throws {
        let windows = try ContextWindows(words: ["ab"], contextLength: 2)
        #expect(windows.contexts == [0, 0, 0, 1, 1, 2] && windows.targets == [1, 2, 0])
    }
}
