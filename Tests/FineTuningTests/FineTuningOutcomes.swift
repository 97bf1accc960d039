import Testing
import ExperimentRecords
import Numerics
import WorkbookTesting
import FineTuning
import FineTuningExperiments

@Suite("M9 · Fine-tuning and LoRA: outcomes")
struct FineTuningOutcomes {
    @Test("Every variant lowers the New Testament dev loss below the base's, and raises the Shakespeare dev loss")
    func everyVariantLearnsAndForgets() throws {
        try attach(SharedRuns.runRecord.get())
        let run = try SharedRuns.run.get()
        for method in FineTuningRun.methods {
            let s = run.summary(method)
            #expect(s.newTestament < run.baseNewTestamentDev - 0.05, "\(method): \(s.newTestament) vs base \(run.baseNewTestamentDev)")
            #expect(s.shakespeare > run.baseShakespeareDev, "\(method): \(s.shakespeare) vs base \(run.baseShakespeareDev)")
        }
    }

    @Test("Full fine-tuning learns more and forgets more than rank-1 LoRA; higher rank learns more")
    func learningAndForgettingOrder() throws {
        try attach(SharedRuns.runRecord.get())
        let run = try SharedRuns.run.get()
        let full = run.summary(.full), r1 = run.summary(.lora(rank: 1))
        #expect(full.newTestament < r1.newTestament)
        #expect(full.shakespeare > r1.shakespeare)
        let ranks = FineTuningRun.methods.dropFirst().map { run.summary($0).newTestament }
        #expect(zip(ranks, ranks.dropFirst()).allSatisfy { $0 > $1 }, "New Testament dev loss by rank 1…16: \(ranks)")
        #expect(ranks.last! > full.newTestament, "rank 16 \(ranks.last!) vs full \(full.newTestament)")
    }

    @Test("At step 0 the LoRA model's logits equal the base's bit for bit")
    func stepZeroIsTheBase() throws {
        try attach(SharedRuns.checksRecord.get())
        let checks = try SharedRuns.checks.get()
        #expect(checks.stepZeroLogitCount > 0)
        #expect(checks.stepZeroDifferingLogits == 0)
    }

    @Test("After LoRA training the frozen weights are bit-for-bit unchanged")
    func frozenWeightsStayFrozen() throws {
        try attach(SharedRuns.checksRecord.get())
        #expect(try SharedRuns.checks.get().changedFrozenWeights == 0)
    }

    @Test("The factors' gradients match GSL and the chain-rule identities")
    func factorGradients() throws {
        try attach(SharedRuns.checksRecord.get())
        let checks = try SharedRuns.checks.get()
        #expect(checks.gradientChecks.count == 2 * 4 * 2)
        for (name, check) in checks.gradientChecks {
            for c in check.failures { Issue.record("\(name)[\(c.index)]: analytic \(c.analytic) vs GSL \(c.numeric) ± \(c.gslErrorEstimate)") }
        }
        #expect(checks.identityDifference <= 1e-12)
    }

    @Test("Merged and unmerged forward passes agree to Float rounding")
    func mergedEqualsUnmerged() throws {
        try attach(SharedRuns.checksRecord.get())
        #expect(try SharedRuns.checks.get().mergedUnmergedDifference <= 1e-5)
    }

    @Test("The trainable-parameter count equals layers × r × 16 × width")
    func trainableCount() throws {
        try attach(SharedRuns.checksRecord.get())
        let run = try SharedRuns.run.get(), c = run.base.configuration
        for count in try SharedRuns.checks.get().trainableCounts {
            #expect(count.counted == count.formula)
            #expect(count.formula == c.layers * count.rank * 16 * c.width)
        }
    }

    @Test("The masked loss ignores marked targets: zero gradient there, checked against GSL")
    func maskedLoss() throws {
        try attach(SharedRuns.checksRecord.get())
        let checks = try SharedRuns.checks.get()
        #expect(checks.maskedIgnoredRowsGradient == 0)
        #expect(checks.maskedLossDifference <= 1e-15)
        for c in checks.maskedGradientCheck.failures { Issue.record("logit \(c.index): \(c.analytic) vs GSL \(c.numeric)") }
    }

    @Test("The rank-r SVD of ΔW meets the Eckart–Young bound and rebuilds the full fine-tune at full rank")
    func eckartYoung() throws {
        try attach(SharedRuns.lowRankRecord.get())
        let study = try SharedRuns.lowRank.get()
        #expect(study.largestEckartYoungDeviation <= 1e-12)
        #expect(study.fullRankLogitDifference <= 1e-5)
        #expect(zip(study.devLosses, study.devLosses.dropFirst()).allSatisfy { $0 >= $1 - 1e-3 }, "\(study.devLosses)")
        for m in study.matrices { #expect(zip(m.singularValues, m.singularValues.dropFirst()).allSatisfy { $0 >= $1 }, "\(m.name) not sorted") }
    }
}

@Suite("M9 · Fine-tuning and LoRA: chapter")
struct FineTuningChapter {
    @Test("Chapter 9's listings match their sources")
    func listingsMatchSources() throws {
        try expectListingsMatchSources(of: .fineTuning, minimum: 4)
    }
}
