import BigramLanguageModel
import BigramLanguageModelExperiments
import ExperimentRecords
import Numerics

/// M5's experiments, each run once per test process.
enum SharedRuns {
    static let words = Result { try WordList.standard() }
    static let bigram = words.flatMap { w in Result { try BigramExperiment(words: w) } }
    static let bigramRecords = bigram.map { $0.records() }
    static let markov = Result { try MarkovExperiment(source: MarkovSource.standard()) }
    static let markovRecord = markov.map { $0.record() }
}
