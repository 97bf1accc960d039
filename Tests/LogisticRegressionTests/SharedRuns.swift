import LogisticRegression
import LogisticRegressionExperiments
import ExperimentRecords
import Numerics

/// The experiments, run once per test process and judged by many tests; every outcome
/// test attaches the record it judged, so the log shows exactly these numbers.
enum SharedRuns {
    static let mainRun = Result { try LogisticRegressionMainRun() }
    static let mainRecord = mainRun.flatMap { value in Result { try value.record() } }
    static let ablation = Result { try LearningRateAblation() }
    static let ablationRecord = ablation.map { $0.record() }
}
