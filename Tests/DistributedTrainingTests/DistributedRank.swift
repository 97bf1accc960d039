import Foundation
import Testing
import DistributedTrainingExperiments

/// The outcome tests launch this test bundle under `mpirun`, each rank running only this test;
/// in an ordinary `swift test` run it is skipped.
@Suite("M14 · Distributed: a rank of an mpirun job")
struct DistributedRank {
    @Test("One rank of a job the outcome tests launch (skipped outside mpirun)",
          .enabled(if: ProcessInfo.processInfo.environment[DistributedJob.environmentVariable] != nil))
    func rank() {
        DistributedJob.runRank(jobFile: ProcessInfo.processInfo.environment[DistributedJob.environmentVariable]!)
    }
}
