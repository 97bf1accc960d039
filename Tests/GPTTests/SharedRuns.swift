import GPT
import GPTExperiments
import WorkbookTesting

/// M8's experiments, each run once per test process (the main run is shared with later chapters).
enum SharedRuns {
    static let corpus = Result { try CharacterCorpus.shakespeare(root: packageRoot) }
    static let comparison = Result { try GPTMainRun.shared(root: packageRoot) }
    static let comparisonRecord = comparison.flatMap { value in Result { try value.record() } }
    static let checks = corpus.flatMap { c in Result { try GPTChecks(corpus: c) } }
    static let checksRecord = checks.map { $0.record() }
}
