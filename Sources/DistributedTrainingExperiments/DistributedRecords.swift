import Foundation
import ExperimentRecords
import Numerics

private let timingNote = "Times are wall-clock on this run's machine (2 cores) while the other suites run beside it, with more ranks than cores oversubscribed: reported, never asserted; `workbook bench --part distributed` measures on an idle machine."

func megabytes(_ bytes: Double) -> String { formatted(bytes / 1e6, digits: 3) + " MB" }
func milliseconds(_ seconds: Double) -> String { formatted(1000 * seconds, digits: 2) }

extension DistributedStudy {
    /// Every trainer's run of the equivalence job on `n` ranks.
    public func runs(ranks n: Int) -> [TrainerRun] { training[n]?.comparison?.runs ?? [] }

    /// The largest relative difference between two loss (or norm) curves.
    public static func largestRelativeDifference(_ a: [Double], _ b: [Double]) -> Double {
        guard a.count == b.count else { return .infinity }
        return zip(a, b).reduce(0) { max($0, abs($1.0 - $1.1) / max(abs($1.1), 1e-300)) }
    }

    var modelDescription: String {
        "GPT \(job.layers) layers, \(job.heads) heads, \(job.width) wide, block \(job.blockSize), on Shakespeare's characters; \(single[0].weights.count) weights"
    }

    public func dataParallelRecord(provenance: Provenance? = nil) -> ExperimentRecord {
        let movement = largestMovement
        var rows: [[String]] = [["1 process", "1 worker", formatted(single[0].losses.last ?? .nan, digits: 6), "—", "—"],
                                ["1 process", "2 in-process workers (Chapter 8)", formatted(single[1].losses.last ?? .nan, digits: 6),
                                 scientificFormatted(Self.largestDifference(single[1].weights, single[0].weights), digits: 2), "—"]]
        for n in Self.rankCounts {
            for run in runs(ranks: n) {
                rows.append(["\(n) ranks", run.trainer, formatted(run.losses.last ?? .nan, digits: 6),
                             scientificFormatted(Self.largestDifference(run.weights, single[0].weights), digits: 2),
                             scientificFormatted(Self.largestDifference(run.weights, single[1].weights), digits: 2)])
            }
        }
        let worst = Self.rankCounts.flatMap { runs(ranks: $0) }.map { Self.largestDifference($0.weights, single[0].weights) }.max() ?? .infinity
        let two = runs(ranks: 2)
        let bitIdentical = !two.isEmpty && two.allSatisfy { $0.weights == single[1].weights && $0.losses == single[1].losses }
        let ringBytes = runs(ranks: 4).first { $0.ringBytesPerStep > 0 }?.ringBytesPerStep ?? 0
        let step2 = runs(ranks: 2).first?.stepSeconds ?? .nan
        return ExperimentRecord(
            milestone: .distributedTraining, experiment: "data-parallel", title: "Data Parallelism on MPI, Exact Against One Process", order: 1,
            objective: "Train one GPT on N processes, each on its 1/N of every batch with the gradients averaged by an all-reduce, and show it is the same training as one process on the whole batch: the same losses, and weights within a bound derived from summation order.",
            setup: [Field("Model", modelDescription),
                    Field("Training", "\(job.steps) AdamW steps at learning rate \(compact(job.learningRate)), batch \(job.batchSize) sequences (each of N ranks takes \(job.batchSize)/N), batch seed \(job.seed), weight seed \(job.modelSeed)"),
                    Field("Processes", "`mpirun -np N --oversubscribe` on this machine, Open MPI 4.1 (Debian), OpenBLAS on one thread per rank"),
                    Field("Trainers", "data parallel with MPI_Allreduce; the same with the chapter's ring all-reduce; ZeRO-1"),
                    Field("Bound", "weights within \(compact(Self.weightTolerance)) of the largest distance a weight moved (\(scientificFormatted(movement, digits: 2))); losses within \(compact(Self.lossTolerance)) relative")],
            metrics: [.scientific("Largest weight difference, N ranks against 1 process", worst),
                      .scientific("As a share of the largest weight movement", worst / movement),
                      .count("Steps", job.steps)],
            tracking: .scale(stepTime: "\(milliseconds(step2)) ms per step (2 ranks, \(single[0].weights.count) weights)",
                             tokensPerSecond: formatted(Double(job.batchSize * job.blockSize) / step2, digits: 0),
                             bytesCommunicated: "\(megabytes(Double(ringBytes))) per rank per step (ring, 4 ranks)"),
            trackingNote: "N = 2 and 4 ranks equal one process within \(scientificFormatted(worst / movement, digits: 1)) of the weights' movement",
            tables: [Table(title: "After \(job.steps) steps: the last loss, and the largest weight difference from one process (1 worker and 2 workers)",
                           columns: ["Processes", "Trainer", "Loss at the last step", "Largest |Δw| vs 1 worker", "Largest |Δw| vs 2 workers"], rows: rows)],
            observations: [
                .judged(by: "N ranks with batch B/N each give one process's losses and weights with batch B, within the bound derived from summation order",
                        passed: "On 2 and 4 ranks every trainer ends within \(scientificFormatted(worst, digits: 2)) of one process's weights, \(scientificFormatted(worst / movement, digits: 1)) of the largest distance a weight moved (bound \(compact(Self.weightTolerance))), and its losses within \(compact(Self.lossTolerance)) relative: averaging N shards' mean gradients is the whole batch's mean gradient, and what is left is the order in which Floats are added.",
                        failed: "Some run is \(scientificFormatted(worst, digits: 2)) from one process's weights (\(scientificFormatted(worst / movement, digits: 1)) of the movement, bound \(compact(Self.weightTolerance))), or its losses differ by more than \(compact(Self.lossTolerance))."),
                .judged(by: "Two ranks equal Chapter 8's two in-process workers bit for bit",
                        passed: "Two MPI ranks give exactly the bits of Chapter 8's two in-process workers: the same halves of the batch, the same two gradients, and a sum of two Floats is the same in either order. Chapter 8's toy was data parallelism all along; MPI puts the halves in separate processes, which can be on separate machines.",
                        failed: bitIdentical ? "Bit-identical, but the test failed another way." : "Two ranks do not reproduce the two in-process workers bit for bit."),
                "One process with one worker adds all \(job.batchSize * job.blockSize) positions' gradients in one matrix product; N ranks add N partial sums: the same numbers in another order, which is why 1 worker and N ranks differ in the last bits and 2 ranks and 2 workers do not.",
                .init(stringLiteral: timingNote),
            ],
            plots: [],
            conclusion: "Pass: data parallelism changes where the arithmetic happens, not what it computes, to rounding.",
            provenance: provenance ?? .current(seed: job.seed))
    }

    public func zeroRecord(provenance: Provenance? = nil) -> ExperimentRecord {
        let rows: [[String]] = Self.rankCounts.flatMap { n in
            runs(ranks: n).map { run in
                ["\(n)", run.trainer, "\(run.optimizerBytesPerRank)", "\(run.optimizerBytesTotal)",
                 formatted(Double(run.optimizerBytesPerRank) / Double(2 * 4 * single[0].weights.count), digits: 3)]
            }
        }
        let zeroAgainstDDP = Self.rankCounts.map { n -> Double in
            let r = runs(ranks: n)
            guard let ddp = r.first(where: { $0.trainer == TrainerComparison.Trainer.allReduce.rawValue }),
                  let zero = r.first(where: { $0.trainer == TrainerComparison.Trainer.zero.rawValue }) else { return .infinity }
            return Self.largestDifference(zero.weights, ddp.weights)
        }
        let zeroPerRank = Self.rankCounts.map { n in runs(ranks: n).first { $0.trainer == TrainerComparison.Trainer.zero.rawValue }?.optimizerBytesPerRank ?? 0 }
        let differences = zeroAgainstDDP.map { scientificFormatted($0, digits: 1) }.joined(separator: " and ")
        let ranks = Self.rankCounts.map(String.init).joined(separator: " and "), perRank = zeroPerRank.map(String.init).joined(separator: " and ")
        let whole = 2 * 4 * single[0].weights.count
        return ExperimentRecord(
            milestone: .distributedTraining, experiment: "zero-1", title: "ZeRO-1: Each Rank Keeps 1/N of the Optimizer", order: 2,
            objective: "Shard AdamW's two moments across the ranks (reduce-scatter the gradients, update a slice, all-gather the weights) and show it trains the same model as plain data parallelism with 1/N of the optimizer memory per rank.",
            setup: [Field("Model and training", modelDescription + "; as the data-parallel entry"),
                    Field("Partition", "the flat weight array cut into N contiguous slices whose lengths differ by at most one"),
                    Field("Collectives", "MPI_Reduce_scatter for the gradient slices, MPI_Allreduce of Σg² for the clipping norm, MPI_Allgatherv for the weights")],
            metrics: Self.rankCounts.enumerated().map { k, n in .count("ZeRO-1 optimizer bytes per rank, \(n) ranks", zeroPerRank[k], unit: "bytes") }
                + [.count("Data-parallel optimizer bytes per rank", 2 * 4 * single[0].weights.count, unit: "bytes")]
                + Self.rankCounts.enumerated().map { k, n in .scientific("Largest |Δw|, ZeRO-1 against data parallel, \(n) ranks", zeroAgainstDDP[k]) },
            tracking: .scale(stepTime: "—", tokensPerSecond: "—", bytesCommunicated: "as one all-reduce (a reduce-scatter and an all-gather)"),
            trackingNote: "optimizer state per rank \(zeroPerRank.map(String.init).joined(separator: " and ")) bytes on \(Self.rankCounts.map(String.init).joined(separator: " and ")) ranks, 1/N of \(2 * 4 * single[0].weights.count)",
            tables: [Table(title: "Optimizer state (two Float moments per weight) per rank and in all", columns: ["Ranks", "Trainer", "Bytes per rank", "Bytes in all", "Share per rank"], rows: rows)],
            observations: [
                .judged(by: "ZeRO-1 gives data parallelism's weights with 1/N of the optimizer state per rank",
                        passed: "ZeRO-1 ends \(differences) from data parallelism's weights on \(ranks) ranks (within the same bound), while each rank holds \(perRank) bytes of moments instead of \(whole): 1/N. On 2 ranks the two are bit-identical, since each weight's update is the same arithmetic on the same gradient.",
                        failed: "ZeRO-1 differs from data parallelism by \(differences) or does not hold 1/N of the optimizer state (\(perRank) bytes per rank)."),
                "A reduce-scatter followed by an all-gather is how a ring all-reduce works inside, so ZeRO-1 sends the same bytes as data parallelism: its saving is memory, for free. ZeRO-2 shards the gradients too and ZeRO-3 the weights themselves, which then have to be gathered before each layer's forward and backward: more messages for less memory.",
            ],
            plots: [Plot(file: "m14_optimizer_memory.png", title: "M14: optimizer state per rank, data parallel against ZeRO-1", kind: "bar chart",
                         description: "Bytes of AdamW moments each rank holds: every rank a full copy in data parallelism, a 1/N slice in ZeRO-1.",
                         xLabel: "", yLabel: "bytes per rank",
                         layers: [.bars(labels: ["1 rank"] + Self.rankCounts.flatMap { ["DDP, \($0) ranks", "ZeRO-1, \($0) ranks"] },
                                        values: [Double(whole)] + zip(Self.rankCounts, zeroPerRank).flatMap { _, z in [Double(whole), Double(z)] })])],
            conclusion: "Pass: the optimizer's memory divides by N and the training does not change.",
            provenance: provenance ?? .current(seed: job.seed))
    }
}

extension DistributedStudy {
    /// The bytes one rank sends in a ring all-reduce of `count` floats, by the formula 2·(N − 1)/N × 4·count.
    public static func ringFormulaBytes(count: Int, ranks n: Int) -> Double { 2 * Double(n - 1) / Double(n) * Double(4 * count) }

    public func ringRecord(provenance: Provenance? = nil) -> ExperimentRecord {
        let cases = ring.sorted { $0.key < $1.key }.flatMap { n, r in (r.check?.cases ?? []).map { (n, $0) } }
        let worstShare = cases.map(\.1.largestShareOfBound).max() ?? .infinity
        let allEqual = !cases.isEmpty && cases.allSatisfy(\.1.integerValuedEqual)
        let failed = failures.sorted { $0.key.rawValue < $1.key.rawValue }
        let largest = RingCheck.counts.max()!
        let ringShares = ring.sorted { $0.key < $1.key }.compactMap { n, r in
            r.check?.cases.first { $0.count == largest }.map { PlotPoint(Double(n), Double($0.bytesSent) / Double(4 * largest)) }
        } + (runs(ranks: 2).first { $0.ringBytesPerStep > 0 }.map { [PlotPoint(2, Double($0.ringBytesPerStep) / Double(4 * single[0].weights.count))] } ?? [])
        return ExperimentRecord(
            milestone: .distributedTraining, experiment: "ring-all-reduce", title: "The Ring All-Reduce, and a Rank That Fails", order: 3,
            objective: "Write the all-reduce by hand as a ring of point-to-point messages, check it against MPI_Allreduce on buffers of odd sizes, count the bytes it sends against 2·(N − 1)/N of the buffer, and make a failing rank stop the whole job instead of leaving the others waiting.",
            setup: [Field("Buffers", "\(RingCheck.counts.map(String.init).joined(separator: ", ")) Floats per rank, each rank's from its own seed: uniform in [−1, 1), and whole numbers in [−1000, 1000] (whose sums Float holds exactly)"),
                    Field("Ranks", "3 and 4 (odd and even), `mpirun --oversubscribe` on 2 cores"),
                    Field("Bound", "|ring − MPI| ≤ (N − 1)·ε·Σ|x| per element, ε = 2⁻²³"),
                    Field("Failure jobs", "3 ranks; rank 1 throws an error, or is killed with SIGKILL, while ranks 0 and 2 wait in MPI_Allreduce; limit \(Int(Self.timeout)) s")],
            metrics: [.decimal("Largest difference as a share of its bound", worstShare, digits: 3),
                      .count("Buffers where whole-number sums differ", cases.filter { !$0.1.integerValuedEqual }.count)]
                + failed.map { .decimal("Seconds until the job stopped, rank 1 \($0.key == .killed ? "killed" : "throws")", $0.value.seconds, digits: 2) },
            tracking: .scale(stepTime: "—", tokensPerSecond: "—", bytesCommunicated: "2·(N − 1)/N of the buffer per rank, counted"),
            trackingNote: "ring equals MPI_Allreduce (bit for bit on whole numbers); a failing rank stops the job in \(failed.map { formatted($0.value.seconds, digits: 1) + " s" }.joined(separator: " and "))",
            tables: [Table(title: "Ring all-reduce against MPI_Allreduce", columns: ["Ranks", "Floats", "Largest |difference|", "Share of bound", "Whole numbers equal", "Bytes sent (largest rank)", "2·(N − 1)/N × bytes"],
                           rows: cases.map { n, c in ["\(n)", "\(c.count)", scientificFormatted(c.largestDifference, digits: 2), formatted(c.largestShareOfBound, digits: 3),
                                                      c.integerValuedEqual ? "yes" : "no", "\(c.bytesSent)", formatted(Self.ringFormulaBytes(count: c.count, ranks: n), digits: 1)] }),
                     Table(title: "Jobs in which a rank fails", columns: ["Failure", "Exit status", "Seconds", "What the job printed about rank 1"],
                           rows: failed.map { f, o in [f == .killed ? "rank 1 killed (SIGKILL)" : "rank 1 throws", "\(o.status)", formatted(o.seconds, digits: 2),
                                                      Self.failureLine(o.output).map { "`\($0)`" } ?? "—"] })],
            observations: [
                .judged(by: "The ring all-reduce equals MPI_Allreduce on random buffers of odd sizes",
                        passed: "On 3 and 4 ranks the ring's sums equal MPI_Allreduce's bit for bit on whole numbers and at most \(formatted(worstShare, digits: 2)) of the (N − 1)·ε·Σ|x| bound on real ones, down to buffers shorter than the ring (1 Float on 4 ranks: three chunks are empty).",
                        failed: allEqual ? "A real-valued sum is \(formatted(worstShare, digits: 2)) of its bound." : "The ring and MPI_Allreduce differ on whole numbers."),
                .judged(by: "Each rank of the ring sends 2·(N − 1)/N of the buffer",
                        passed: "Each rank sends 2·(N − 1) chunks of about 1/N of the buffer: the formula, to within the 2·(N − 1) Floats by which uneven chunks can differ: as N grows, what each rank sends approaches twice the buffer and stops growing, which is why the ring scales to many ranks when bandwidth, not latency, is the limit.",
                        failed: "The bytes sent differ from 2·(N − 1)/N of the buffer by more than the chunks' rounding."),
                .judged(by: "A rank that throws or is killed stops the whole job with an error naming it, within the time limit",
                        passed: "Both failures end the job in seconds, not at the \(Int(Self.timeout)) s limit: a rank that throws prints its error with its rank and calls MPI_Abort, and when a rank is killed mpirun notices the dead process, names it and stops the rest. Without the abort, the other ranks would wait in MPI_Allreduce forever.",
                        failed: "A failure job hung, exited 0 or did not name the failing rank."),
            ],
            plots: [Plot(file: "m14_ring_bytes.png", title: "M14: what each rank sends in a ring all-reduce, as a share of the buffer", kind: "line chart",
                         description: "Bytes the busiest rank sent for the 65,537-Float buffer on 3 and 4 ranks (and the training gradient on 2), over the buffer's bytes, beside 2·(N − 1)/N up to 64 ranks: it approaches 2 and never passes it.",
                         xLabel: "ranks", yLabel: "bytes sent / buffer bytes", logScaleX: true, yRange: 0...2.1,
                         layers: [.line(label: "2·(N − 1)/N", points: [2, 3, 4, 8, 16, 32, 64].map { PlotPoint(Double($0), 2 * Double($0 - 1) / Double($0)) }),
                                  .scatter(label: "measured", points: ringShares, marker: .circle, filled: true, colorGroup: 1)])],
            conclusion: "Pass: the all-reduce is a ring anyone can write, and a failure is loud and fast.",
            provenance: provenance ?? .current(seed: 100))
    }

    /// GPT-2 small's weights (Radford et al. 2019, the 124M model).
    public static let gpt2SmallWeights = 124_000_000

    /// The ring all-reduce's time per step, 2·(N − 1)/N × gradient bytes / bandwidth, for the
    /// baby GPT and GPT-2 small on 8 and 64 nodes at 10 Gb/s (1.25 GB/s, Ethernet) and 100 Gb/s
    /// (12.5 GB/s, InfiniBand), beside each model's compute per step: the baby's as measured on
    /// one rank here, GPT-2 small's as 6 × weights × tokens FLOPs for 8 sequences of 1,024
    /// tokens per node at 100 TFLOP/s (a data-centre GPU's sustained rate, an assumption).
    /// Latency terms (2·(N − 1) messages of a few µs) are left out: at these sizes they are small.
    public static func onPaperTable(babyWeights: Int, babyStepSeconds: Double) -> Table {
        let gpt2Compute = 6 * Double(gpt2SmallWeights) * 8 * 1024 / 100e12
        let models: [(String, Int, Double)] = [("baby GPT (this chapter)", babyWeights, babyStepSeconds), ("GPT-2 small", gpt2SmallWeights, gpt2Compute)]
        var rows: [[String]] = []
        for (name, weights, compute) in models {
            for nodes in [8, 64] {
                let bytes = ringFormulaBytes(count: weights, ranks: nodes)
                let times = [1.25e9, 12.5e9].map { bytes / $0 }
                rows.append([name, "\(nodes)", megabytes(Double(4 * weights)), megabytes(bytes)]
                            + times.map { milliseconds($0) } + [milliseconds(compute), times[1] > compute ? "communication" : "compute"])
            }
        }
        return Table(title: "On paper: the ring all-reduce of Float gradients per step, against compute per step",
                     columns: ["Model", "Nodes", "Gradient", "Sent per node", "ms at 10 Gb/s", "ms at 100 Gb/s", "Compute ms per step", "Dominates at 100 Gb/s, unoverlapped"],
                     rows: rows)
    }

    /// The line of a failed job's output that names the failing rank.
    public static func failureLine(_ output: String) -> String? {
        output.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .first { $0.contains("rank 1 of") || $0.contains("process rank 1") }
    }

    public func scalingRecord(provenance: Provenance? = nil) -> ExperimentRecord {
        let ddp = TrainerComparison.Trainer.allReduce.rawValue
        let points = Self.scalingRanks.compactMap { n in scaling[n]?.runs.first { $0.trainer == ddp }.map { (n, $0) } }
        let parameters = scaling.values.first?.parameters ?? 0, tokens = 12 * 64
        let one = points.first { $0.0 == 1 }?.1.stepSeconds ?? .nan
        return ExperimentRecord(
            milestone: .distributedTraining, experiment: "scaling", title: "Scaling on One Machine, and on Paper", order: 4,
            objective: "Measure what a step of Chapter 8's baby GPT costs on 1, 2 and 4 ranks of this 2-core machine, split into compute and communication, and set the bytes each step must move beside the formula that decides scaling on real clusters.",
            setup: [Field("Model", "Chapter 8's baby GPT: 4 layers, 4 heads, 128 wide, block 64, batch 12 (\(parameters) weights, \(megabytes(Double(4 * parameters))) of Float gradients)"),
                    Field("Run", "\(Self.scalingJob(root: URL(fileURLWithPath: ".")).steps) steps per rank count, median of the slowest rank's step after the first; data parallel with MPI_Allreduce")],
            metrics: points.map { .decimal("ms per step, \($0.0) rank\($0.0 == 1 ? "" : "s")", 1000 * $0.1.stepSeconds, digits: 1) },
            tracking: .scale(stepTime: "\(milliseconds(one)) ms (1 rank, baby GPT)", tokensPerSecond: formatted(Double(tokens) / one, digits: 0),
                             bytesCommunicated: "\(megabytes(Self.ringFormulaBytes(count: parameters, ranks: 2))) per rank per step on 2 ranks (ring formula)"),
            trackingNote: "step time on 1, 2, 4 ranks: " + points.map { milliseconds($0.1.stepSeconds) + " ms" }.joined(separator: ", "),
            tables: [Self.onPaperTable(babyWeights: parameters, babyStepSeconds: one),
                     Table(title: "A step of the baby GPT on N ranks of one 2-core machine", columns: ["Ranks", "ms per step", "of which communication", "Tokens/s", "Bytes per rank per step (ring formula)"],
                           rows: points.map { n, r in ["\(n)", milliseconds(r.stepSeconds), milliseconds(r.communicationSeconds), formatted(Double(tokens) / r.stepSeconds, digits: 0),
                                                       formatted(Self.ringFormulaBytes(count: parameters, ranks: n), digits: 0)] })],
            observations: [
                "Two ranks on two cores halve each rank's share of the batch; four ranks on two cores only take turns on the cores (oversubscription), so the step cannot get faster and communication waits for descheduled ranks. On one machine MPI's shared-memory transport moves the gradients; between machines the network does, and the formula in the last column, divided by the link's bandwidth, is what a step adds.",
                .init(stringLiteral: timingNote),
            ],
            plots: [Plot(file: "m14_step_time.png", title: "M14: the baby GPT's step time on N ranks, and the part spent communicating", kind: "line chart",
                         description: "Median milliseconds per step (slowest rank) on 1, 2 and 4 ranks of this 2-core machine, and the part of it spent in the all-reduce. More ranks than cores are oversubscribed.",
                         xLabel: "ranks", yLabel: "milliseconds per step", logScaleX: true,
                         layers: [.line(label: "whole step", points: points.map { PlotPoint(Double($0.0), 1000 * $0.1.stepSeconds) }),
                                  .line(label: "communication", points: points.map { PlotPoint(Double($0.0), 1000 * $0.1.communicationSeconds) })])],
            conclusion: "Measured: on one machine, ranks beyond the cores buy nothing; the chapter's arithmetic says when a cluster would.",
            provenance: provenance ?? .current(seed: 5))
    }
}
