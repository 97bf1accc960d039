import Foundation
import DistributedTrainingExperiments
import WorkbookTesting

/// M14's jobs, launched once per test process: this test bundle again, as the ranks.
enum SharedRuns {
    static let rankCommand = [MPIJobLauncher.currentExecutable, "--testing-library", "swift-testing", "--filter", "DistributedRank"]
    static let study = Result {
        try DistributedStudy(root: packageRoot) { job, processes in
            try MPIJobLauncher.run(job, processes: processes, rankCommand: rankCommand, timeout: DistributedStudy.timeout)
        }
    }
}
