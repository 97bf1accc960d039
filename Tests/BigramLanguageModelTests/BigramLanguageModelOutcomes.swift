import Foundation
import GSL
import Testing
import ExperimentRecords
import Numerics
import WorkbookTesting
import BigramLanguageModel
import BigramLanguageModelExperiments

@Suite("M5 · Bigram language model: outcomes")
struct BigramLanguageModelOutcomes {
    @Test("Counting and the neural bigram reach the same dev NLL (within 0.01 nats)")
    func countingEqualsNeural() throws {
        try attach(SharedRuns.bigramRecords.get()[0])
        let experiment = try SharedRuns.bigram.get()
        #expect(abs(experiment.neuralDevNLL - experiment.best.devNLL) <= 0.01,
                "neural \(experiment.neuralDevNLL), counting \(experiment.best.devNLL)")
    }

    @Test("The smoothing ablation has its dev-NLL optimum inside the range of k tried")
    func smoothingOptimumIsInterior() throws {
        try attach(SharedRuns.bigramRecords.get()[1])
        let experiment = try SharedRuns.bigram.get()
        #expect(experiment.bestIsInterior, "best k \(experiment.best.k) is at the edge of \(BigramExperiment.smoothingGrid)")
    }

    @Test("On the Markov source, test cross-entropy is within 1% of the true entropy rate")
    func crossEntropyApproachesEntropyRate() throws {
        try attach(SharedRuns.markovRecord.get())
        let experiment = try SharedRuns.markov.get()
        #expect(experiment.finalCrossEntropy >= experiment.entropyRate * 0.99, "below the limit: \(experiment.finalCrossEntropy)")
        #expect(abs(experiment.relativeExcess) <= 0.01, "cross-entropy \(experiment.finalCrossEntropy), entropy rate \(experiment.entropyRate)")
    }

    @Test("Sampling is seeded: the same seed gives the same words, another seed other words")
    func samplingIsReproducible() throws {
        try attach(SharedRuns.bigramRecords.get()[0])
        let counts = try BigramCounts(words: SharedRuns.words.get().train)
        let table = try smoothedProbabilities(counts, k: 0.1)
        let draw = { (seed: UInt) throws in
            let generator = RandomGenerator(seed: seed)
            return try (0..<50).map { _ in try sampleWord(table, generator: generator) }
        }
        #expect(try draw(5) == draw(5))
        #expect(try draw(5) != draw(6))
        #expect(try SharedRuns.bigram.get().quality.samples.prefix(50).elementsEqual(draw(BigramExperiment.sampleSeed)))
    }
}
