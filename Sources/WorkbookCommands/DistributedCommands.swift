import ArgumentParser
import DistributedTraining
import DistributedTrainingExperiments
import ExperimentRecords
import Foundation
import GPT
import GPTExperiments
import GPTFastPath
import Numerics

/// `workbook distributed-rank`: one rank of a job `MPIJobLauncher` started (the benchmark's);
/// the job file is named by `WORKBOOK_MPI_JOB`.
struct DistributedRankCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "distributed-rank", abstract: "One rank of an mpirun job started by `workbook bench --part distributed` (not for direct use).",
        shouldDisplay: false)

    func run() throws {
        guard let file = ProcessInfo.processInfo.environment[DistributedJob.environmentVariable] else {
            throw ValidationError("\(DistributedJob.environmentVariable) must name a job file; this command runs under mpirun, started by the benchmark")
        }
        DistributedJob.runRank(jobFile: file)
    }
}

/// `mpirun -np N workbook train m8 --distributed`: Chapter 8's training as N ranks.
struct DistributedM8Training {
    let setting: GPTConfiguration, steps: Int, learningRate: Double, seed: UInt, evaluateEvery: Int, devCharacters: Int?
    let zero: Bool, sampleLength: Int, checkpointPath: String, command: String

    func run() throws {
        let communicator = try MPICommunicator.world()
        let lead = communicator.rank == 0, c = setting
        // Every rank sees the same rank count, so all stop alike, with one message and no abort.
        guard c.batchSize % communicator.size == 0 else {
            if lead {
                FileHandle.standardError.write(Data("Error: mpirun -np \(communicator.size): must divide the batch size (\(c.batchSize)), so that every rank's shard is the same size\n".utf8))
            }
            MPICommunicator.finalize()
            throw ExitCode(64)
        }
        do {
            let corpus = try CharacterCorpus.shakespeare(root: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
            let model = try FusedGPT<Float>(configuration: c, vocabularySize: corpus.vocabularySize, seed: GPTMainRun.modelSeed)
            let ddp = zero ? nil : try DataParallelTrainer(model: model, communicator: communicator)
            let sharded = zero ? try ZeROTrainer(model: model, communicator: communicator) : nil
            if lead {
                print("GPT \(c), \(model.layout.count) parameters, \(counted(communicator.size, "rank")) × \(c.batchSize / communicator.size) sequences, \(zero ? "ZeRO-1" : "data parallel (MPI_Allreduce)")")
                print("optimizer state per rank: \(sharded?.optimizerBytes ?? 8 * model.layout.count) bytes")
            }
            var training = GPTTraining(steps: steps, seed: seed, evaluateEvery: evaluateEvery, devCharacters: devCharacters)
            training.peakRate = learningRate
            training.warmupSteps = min(training.warmupSteps, steps)
            let progress = lead ? TrainingProgress(label: "M8 on \(communicator.size) ranks", total: steps, unit: "step") : nil
            var communication: [Double] = []
            let history = try training.train(configuration: c, on: corpus, progress: { progress?.update(step: $0, loss: $1) },
                                             step: { batch, rate, step in
                                                 let result = try ddp?.step(batch, learningRate: rate, step: step, optimizer: training.optimizer)
                                                     ?? sharded!.step(batch, learningRate: rate, step: step, optimizer: training.optimizer)
                                                 communication.append(result.communicationSeconds)
                                                 return (result.loss, result.norm)
                                             },
                                             devLoss: { dev in try model.meanLoss(inputs: dev.inputs, targets: dev.targets, length: c.blockSize) })
            if lead {
                for (step, loss) in history.devLoss { print("step \(step): dev loss \(formatted(loss, digits: 4))") }
                let step = median(history.stepSeconds)
                print("median step \(formatted(step * 1000, digits: 1)) ms, of which communication \(formatted(median(communication) * 1000, digits: 1)) ms (\(formatted(Double(c.batchSize * c.blockSize) / step, digits: 0)) tokens/s)")
                try printSample(of: model, corpus: corpus, length: sampleLength)
                try saveCheckpoint(GPTCheckpoint(model: model, vocabulary: corpus.vocabulary, notes: ["trained": command]), to: checkpointPath)
            }
            try communicator.barrier()
            MPICommunicator.finalize()
        } catch {
            FileHandle.standardError.write(Data("rank \(communicator.rank) of \(communicator.size) failed: \(error)\n".utf8))
            communicator.abort(code: 3)
        }
    }
}

/// A benchmark job that failed or ran out of time: a runtime failure, not a usage error.
struct JobFailure: Error, CustomStringConvertible {
    let description: String
}

extension BenchCommand {
    /// Chapter 14's scaling: the baby GPT trained by 1, 2 and 4 ranks of this machine.
    func benchmarkDistributed() throws {
        print("")
        print("Distributed data parallel (Chapter 14): the baby GPT, batch 12, \(distributedSteps) steps per rank count, mpirun --oversubscribe on \(ProcessInfo.processInfo.activeProcessorCount) cores")
        let job = DistributedStudy.scalingJob(root: URL(fileURLWithPath: FileManager.default.currentDirectoryPath), steps: distributedSteps)
        let short = [TrainerComparison.Trainer.allReduce.rawValue: "DDP", TrainerComparison.Trainer.ring.rawValue: "DDP ring", TrainerComparison.Trainer.zero.rawValue: "ZeRO-1"]
        print("(DDP: data parallel with MPI_Allreduce; DDP ring: with the chapter's ring all-reduce)")
        print(row(["ranks", "trainer", "ms/step", "comm ms", "tokens/s", "vs 1 rank", "bytes/rank/step (ring)"]))
        var baseline: [String: Double] = [:]
        for n in [1, 2, 4] {
            let outcome = try MPIJobLauncher.run(job, processes: n, rankCommand: [MPIJobLauncher.currentExecutable, "distributed-rank"], timeout: 600)
            guard case .training(let comparison)? = outcome.result else {
                throw JobFailure(description: outcome.timedOut ? "the \(n)-rank job did not finish within 600 s:\n\(outcome.output.suffix(2000))"
                                                               : "the \(n)-rank job failed (status \(outcome.status)):\n\(outcome.output.suffix(2000))")
            }
            for run in comparison.runs {
                if n == 1 { baseline[run.trainer] = run.stepSeconds }
                print(row(["\(n)", short[run.trainer] ?? run.trainer, ms(run.stepSeconds), ms(run.communicationSeconds), formatted(Double(12 * 64) / run.stepSeconds, digits: 0),
                           "×" + formatted((baseline[run.trainer] ?? .nan) / run.stepSeconds, digits: 2),
                           formatted(DistributedStudy.ringFormulaBytes(count: comparison.parameters, ranks: n), digits: 0)]))
            }
        }
        print("(more ranks than cores take turns on them: 4 ranks on 2 cores cannot be faster than 2)")
    }
}
