import FineTuningExperiments
import EvaluationMetricsExperiments
import WorkbookTesting

/// M10's experiments, each run once per test process; the continuations use Chapter 9's
/// shared fine-tuning run.
enum SharedRuns {
    static let translations = Result { try TranslationStudy(root: packageRoot) }
    static let translationsRecord = translations.map { $0.record() }
    static let worked = Result { try WorkedExamples() }
    static let equality = translations.flatMap { study in Result { try ReferenceEquality(root: packageRoot, study: study) } }
    static let equalityRecord = equality.flatMap { e in worked.map { e.record(worked: $0) } }
    static let continuations = Result { try ModelContinuations(run: FineTuningRun.shared(root: packageRoot), root: packageRoot) }
    static let continuationsRecord = continuations.map { $0.record() }
}
