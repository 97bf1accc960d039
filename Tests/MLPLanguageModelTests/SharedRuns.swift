import BigramLanguageModel
import MLPLanguageModel
import MLPLanguageModelExperiments
import BigramLanguageModelExperiments
import ExperimentRecords
import Numerics

/// M6's experiments, each run once per test process.
enum SharedRuns {
    static let words = Result { try WordList.standard() }
    static let gradientCheck = words.flatMap { w in Result { try LanguageModelGradientCheck(words: w) } }
    static let context = words.flatMap { w in Result { try ContextExperiment(words: w) } }
    static let contextRecords = Result { try context.get().records(gradientCheck: gradientCheck.get()) }
    static let embeddings = words.flatMap { w in Result { try EmbeddingExperiment(words: w) } }
    static let embeddingsRecord = embeddings.flatMap { value in Result { try value.record() } }
}
