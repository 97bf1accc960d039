import Foundation
import Testing
import DistributedTraining
import DistributedTrainingExperiments
import Numerics
import WorkbookTesting

/// Each job must have run and reported; a job that failed to start shows its output.
func comparison(_ study: DistributedStudy, ranks n: Int) throws -> TrainerComparison {
    let job = try #require(study.training[n], "no job on \(n) ranks")
    return try #require(job.comparison, "the \(n)-rank job reported nothing (status \(job.outcome.status)):\n\(job.outcome.output.suffix(2000))")
}

@Suite("M14 · Distributed: outcomes")
struct DistributedOutcomes {
    /// Bounds stated before the final run (`DistributedStudy.weightTolerance`, `lossTolerance`).
    @Test("N ranks with batch B/N each give one process's losses and weights with batch B, within the bound derived from summation order")
    func matchesOneProcess() throws {
        let study = try SharedRuns.study.get()
        attach(study.dataParallelRecord())
        let one = study.single[0], movement = study.largestMovement
        #expect(movement > 0)
        for n in DistributedStudy.rankCounts {
            for run in try comparison(study, ranks: n).runs {
                let weights = DistributedStudy.largestDifference(run.weights, one.weights)
                #expect(weights <= DistributedStudy.weightTolerance * movement, "\(n) ranks, \(run.trainer): |Δw| \(weights), movement \(movement)")
                let losses = DistributedStudy.largestRelativeDifference(run.losses, one.losses)
                #expect(losses <= DistributedStudy.lossTolerance, "\(n) ranks, \(run.trainer): losses \(run.losses) vs \(one.losses)")
                // A gradient scaled wrongly (a sum not divided by N) shows in the norm, which AdamW would hide from the weights.
                let norms = DistributedStudy.largestRelativeDifference(run.norms, one.norms)
                #expect(norms <= 1e-4, "\(n) ranks, \(run.trainer): gradient norms \(run.norms) vs \(one.norms)")
            }
        }
    }

    @Test("Two ranks equal Chapter 8's two in-process workers bit for bit")
    func twoRanksAreTwoWorkers() throws {
        let study = try SharedRuns.study.get()
        attach(study.dataParallelRecord())
        let two = study.single[1]
        for run in try comparison(study, ranks: 2).runs {
            // Compared as one Bool each, so that a failure prints the largest difference, not the arrays.
            let sameLosses = run.losses == two.losses, sameWeights = run.weights == two.weights
            #expect(sameLosses, "\(run.trainer): losses \(run.losses) vs \(two.losses)")
            #expect(sameWeights, "\(run.trainer): largest |Δw| \(DistributedStudy.largestDifference(run.weights, two.weights))")
        }
    }

    @Test("ZeRO-1 gives data parallelism's weights with 1/N of the optimizer state per rank")
    func zeroShardsTheOptimizer() throws {
        let study = try SharedRuns.study.get()
        attach(study.zeroRecord())
        let weights = study.single[0].weights.count
        for n in DistributedStudy.rankCounts {
            let runs = try comparison(study, ranks: n).runs
            let ddp = try #require(runs.first { $0.trainer == TrainerComparison.Trainer.allReduce.rawValue })
            let zero = try #require(runs.first { $0.trainer == TrainerComparison.Trainer.zero.rawValue })
            #expect(DistributedStudy.largestDifference(zero.weights, ddp.weights) <= DistributedStudy.weightTolerance * study.largestMovement)
            if n == 2 {
                let same = zero.weights == ddp.weights
                #expect(same, "on 2 ranks the sums are of two terms, so exact; largest |Δw| \(DistributedStudy.largestDifference(zero.weights, ddp.weights))")
            }
            #expect(ddp.optimizerBytesPerRank == 8 * weights)
            #expect(zero.optimizerBytesTotal == 8 * weights)
            #expect(zero.optimizerBytesPerRank == 8 * ((weights + n - 1) / n), "\(n) ranks: \(zero.optimizerBytesPerRank) bytes on the largest slice")
        }
    }
}

@Suite("M14 · Distributed: communication and failures")
struct DistributedCommunication {
    @Test("The ring all-reduce equals MPI_Allreduce on random buffers of odd sizes")
    func ringEqualsMPI() throws {
        let study = try SharedRuns.study.get()
        attach(study.ringRecord())
        for n in [3, 4] {
            let job = try #require(study.ring[n])
            let check = try #require(job.check, "\(n) ranks reported nothing (status \(job.outcome.status)):\n\(job.outcome.output.suffix(2000))")
            #expect(check.cases.count == RingCheck.counts.count)
            for c in check.cases {
                #expect(c.integerValuedEqual, "\(n) ranks, \(c.count) whole numbers")
                #expect(c.largestShareOfBound <= 1, "\(n) ranks, \(c.count) floats: \(c.largestDifference) is \(c.largestShareOfBound) of the bound")
            }
        }
    }

    @Test("Each rank of the ring sends 2·(N − 1)/N of the buffer")
    func ringBytes() throws {
        let study = try SharedRuns.study.get()
        attach(study.ringRecord())
        for n in [3, 4] {
            for c in try #require(study.ring[n]?.check).cases {
                // Uneven chunks differ by one Float; the busiest rank sends at most one more per step.
                let formula = DistributedStudy.ringFormulaBytes(count: c.count, ranks: n)
                #expect(Double(c.bytesSent) >= formula - 1e-9 && Double(c.bytesSent) <= formula + Double(8 * (n - 1)), "\(n) ranks, \(c.count) floats: \(c.bytesSent) bytes, formula \(formula)")
            }
        }
        let weights = try SharedRuns.study.get().single[0].weights.count
        for n in DistributedStudy.rankCounts {
            let ring = try #require(try comparison(study, ranks: n).runs.first { $0.trainer == TrainerComparison.Trainer.ring.rawValue })
            let formula = DistributedStudy.ringFormulaBytes(count: weights, ranks: n)
            #expect(Double(ring.ringBytesPerStep) >= formula - 1e-9 && Double(ring.ringBytesPerStep) <= formula + Double(8 * (n - 1)))
        }
    }

    @Test("A rank that throws or is killed stops the whole job with an error naming it, within the time limit")
    func failureStopsTheJob() throws {
        let study = try SharedRuns.study.get()
        attach(study.ringRecord())
        for failure in [DistributedJob.Failure.throwsError, .killed] {
            let outcome = try #require(study.failures[failure])
            #expect(!outcome.timedOut, "\(failure): still running after \(DistributedStudy.timeout) s")
            #expect(outcome.status != 0, "\(failure): exit status 0")
            #expect(DistributedStudy.failureLine(outcome.output) != nil, "\(failure): no line names rank 1:\n\(outcome.output.suffix(1500))")
        }
    }
}

@Suite("M14 · Distributed: scaling")
struct DistributedScaling {
    @Test("The baby GPT trains on 1, 2 and 4 ranks and every rank count reports its step time")
    func scalingRuns() throws {
        let study = try SharedRuns.study.get()
        attach(study.scalingRecord())
        for n in DistributedStudy.scalingRanks {
            let runs = try #require(study.scaling[n], "no scaling job on \(n) ranks").runs
            #expect(runs.allSatisfy { $0.stepSeconds > 0 && $0.losses.allSatisfy(\.isFinite) })
        }
        // The same batches on any number of ranks: the losses agree to the same tolerance.
        let one = try #require(study.scaling[1]?.runs.first?.losses)
        for n in DistributedStudy.scalingRanks {
            for run in try #require(study.scaling[n]).runs {
                #expect(DistributedStudy.largestRelativeDifference(run.losses, one) <= DistributedStudy.lossTolerance, "\(n) ranks, \(run.trainer)")
            }
        }
    }
}

@Suite("M14 · Distributed: refusals")
struct DistributedRefusals {
    @Test("Slices, shards and launches that cannot work are errors naming the parameter")
    func refusals() throws {
        #expect(try evenSlices(count: 7, parts: 3) == [0..<3, 3..<5, 5..<7])
        #expect(try evenSlices(count: 1, parts: 4) == [0..<1, 1..<1, 1..<1, 1..<1])
        for (count, parts, parameter) in [(5, 0, "parts"), (-1, 2, "count")] {
            let error = #expect(throws: ArgumentError.self) { try evenSlices(count: count, parts: parts) }
            #expect(error?.parameter == parameter)
        }
        let batch = (inputs: Array(repeating: 0, count: 5 * 4), targets: Array(repeating: 0, count: 5 * 4))
        let uneven = #expect(throws: ArgumentError.self) { try DataParallelTrainer.shard(of: batch, rank: 0, ranks: 2, blockSize: 4) }
        #expect(uneven?.parameter == "batch sequences")
        let ragged = #expect(throws: ArgumentError.self) { try DataParallelTrainer.shard(of: (Array(batch.inputs.dropLast()), batch.targets), rank: 0, ranks: 1, blockSize: 4) }
        #expect(ragged?.parameter == "batch.inputs.count")
        #expect(try DataParallelTrainer.shard(of: batch, rank: 4, ranks: 5, blockSize: 4).inputs.count == 4)
        for (ranks, rank, parameter) in [(0, 0, "ranks"), (2, 2, "rank"), (2, -1, "rank")] {
            let error = #expect(throws: ArgumentError.self) { try DataParallelTrainer.shard(of: batch, rank: rank, ranks: ranks, blockSize: 4) }
            #expect(error?.parameter == parameter)
        }
        // A job that cannot run is refused by every rank before any work, naming the field.
        func refusal(_ change: (inout DistributedJob) -> Void) -> String? {
            var job = DistributedJob(kind: .training, resultPath: FileManager.default.temporaryDirectory.appendingPathComponent("r.json").path)
            change(&job)
            return (#expect(throws: ArgumentError.self) { try job.validate(ranks: 2) })?.parameter
        }
        #expect(refusal { $0.steps = 1 } == "steps")
        #expect(refusal { $0.trainers = [] } == "trainers")
        #expect(refusal { $0.trainers = ["bogus"] } == "trainers")
        #expect(refusal { $0.resultPath = "" } == "resultPath")
        #expect(refusal { $0.resultPath = "/no/such/folder/r.json" } == "resultPath")
        #expect(refusal { $0.kind = .failure; $0.failingRank = 2 } == "failingRank")
        let none = #expect(throws: ArgumentError.self) {
            try MPIJobLauncher.run(DistributedJob(kind: .ringCheck, resultPath: ""), processes: 0, rankCommand: ["true"], timeout: 1)
        }
        #expect(none?.parameter == "processes")
    }
}

@Suite("M14 · Distributed: chapter")
struct DistributedChapter {
    @Test("Chapter 14's listings match their sources")
    func listingsMatchSources() throws {
        try expectListingsMatchSources(of: .distributedTraining, minimum: 3)
    }
}
