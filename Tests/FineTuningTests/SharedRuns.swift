import GPTExperiments
import FineTuningExperiments
import WorkbookTesting

/// M9's experiments, each run once per test process (the fine-tuning run is shared with Chapter 10).
enum SharedRuns {
    static let run = Result { try FineTuningRun.shared(root: packageRoot) }
    static let runRecord = run.flatMap { value in Result { try value.record() } }
    static let checks = run.flatMap { value in Result { try LoRAChecks(run: value) } }
    static let checksRecord = checks.map { $0.record() }
    static let lowRank = run.flatMap { value in Result { try LowRankStudy(run: value) } }
    static let lowRankRecord = lowRank.flatMap { study in run.map { study.record(run: $0) } }
}
