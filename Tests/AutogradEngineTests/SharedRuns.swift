import AutogradEngine
import AutogradEngineExperiments
import ExperimentRecords
import Numerics

/// M3's experiments, each run once per test process.
enum SharedRuns {
    static let operations = Result { try OperationChecksExperiment() }
    static let operationsRecord = operations.map { $0.record() }
    static let training = Result { try EngineTrainingExperiment() }
    static let trainingRecord = training.flatMap { value in Result { try value.record() } }
}
