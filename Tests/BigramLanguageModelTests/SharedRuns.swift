import BigramLanguageModel
import BigramLanguageModelExperiments
import ExperimentRecords
import Numerics

/// M5's experiments, each run once per test process.
enum SharedRuns {
    static let words = Result { try WordList.standard() }
    static let bigram = words.map { BigramExperiment(words: $0) }
    static let bigramRecords = bigram.map { $0.records() }
    static let markov = Result { MarkovExperiment(source: try MarkovSource.standard()) }
    static let markovRecord = markov.map { $0.record() }
}
