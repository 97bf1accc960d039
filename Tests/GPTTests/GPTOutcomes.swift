import Foundation
import Testing
import GSL
import GPTFastPath
import ExperimentRecords
import Numerics
import WorkbookTesting
import GPT
import GPTFastPath
import GPTExperiments

@Suite("M8 · GPT: outcomes")
struct GPTOutcomes {
    @Test("Every layer's gradient matches GSL numeric differentiation")
    func gradientsMatchNumericDifferentiation() throws {
        try attach(SharedRuns.checksRecord.get())
        let checks = try SharedRuns.checks.get().gradientChecks
        #expect(checks.count == 2 + 12 * GPTChecks.checkConfiguration.layers + 2)
        for (name, check) in checks {
            for c in check.failures { Issue.record("\(name)[\(c.index)]: engine \(c.analytic) vs GSL \(c.numeric) ± \(c.gslErrorEstimate)") }
        }
        // Softmax ignores a constant added to a row of scores, so the key bias cannot matter.
        #expect(try SharedRuns.checks.get().keyBiasGradientRatio < 1e-12)
    }

    @Test("The fused path equals the engine: to rounding in Double, to Float's precision in Float")
    func fusedPathMatchesEngine() throws {
        try attach(SharedRuns.checksRecord.get())
        let checks = try SharedRuns.checks.get()
        #expect(checks.doubleLossDifference <= 1e-13)
        #expect(checks.doubleGradientDifference <= 1e-13)
        #expect(checks.doubleWeightDifference <= 1e-13)
        #expect(checks.floatLossDifference <= 1e-6)
        #expect(checks.floatGradientDifference <= 1e-5)
    }

    @Test("Causality: changing a later token never changes an earlier position's output")
    func causality() throws {
        try attach(SharedRuns.checksRecord.get())
        let checks = try SharedRuns.checks.get()
        #expect(checks.earlierLogitsUnchanged)
        #expect(checks.laterLogitsChanged)
    }

    @Test("Attention weights sum to 1 in every row and are zero above the diagonal")
    func attentionWeightsAreCausalDistributions() throws {
        try attach(SharedRuns.checksRecord.get())
        let checks = try SharedRuns.checks.get()
        #expect(checks.attentionRowSumError <= 1e-6)      // Float rows of 6 terms
        #expect(checks.attentionAboveDiagonal == 0)
    }

    @Test("A single batch is overfit to near-zero loss (below 0.05 nats)")
    func overfitsOneBatch() throws {
        try attach(SharedRuns.checksRecord.get())
        let losses = try SharedRuns.checks.get().overfitLosses
        #expect(losses.last! < 0.05, "loss \(losses.first!) → \(losses.last!)")
    }

    @Test("Phase 2 ordering on one tokenization: dev loss GPT < MLP < bigram")
    func phaseTwoOrdering() throws {
        try attach(SharedRuns.comparisonRecord.get())
        let comparison = try SharedRuns.comparison.get()
        let (gpt, mlp, bigram) = (comparison.gptResult.devNLL, comparison.mlpResult.devNLL, comparison.bigramResult.devNLL)
        #expect(gpt < mlp, "GPT \(gpt), MLP \(mlp)")
        #expect(mlp < bigram, "MLP \(mlp), bigram \(bigram)")
    }
}

@Suite("M8 · GPT: the fast path's parts")
struct GPTFastPath {
    @Test("Two workers give one worker's loss and gradient norm to Float rounding, and the same numbers every run")
    func twoWorkersMatchOne() throws {
        let corpus = try SharedRuns.corpus.get()
        let batch = try corpus.randomWindows(count: 16, length: 32, generator: RandomGenerator(seed: 4))
        func run(workers: Int) throws -> (loss: Double, norm: Double, weights: [Float]) {
            let model = try FusedGPT<Float>(configuration: .tiny, vocabularySize: corpus.vocabularySize, seed: 6)
            try model.useWorkers(workers)
            var last = (loss: 0.0, norm: 0.0)
            for step in 1...3 { last = try model.trainingStep(batch, learningRate: 1e-3, step: step) }
            return (last.loss, last.norm, model.parameterValues)
        }
        let one = try run(workers: 1), two = try run(workers: 2), again = try run(workers: 2)
        #expect(abs(one.loss - two.loss) / one.loss <= 1e-6, "loss \(one.loss) vs \(two.loss)")
        #expect(abs(one.norm - two.norm) / one.norm <= 1e-5, "gradient norm \(one.norm) vs \(two.norm)")
        #expect(two.weights == again.weights)
    }

    @Test("The masked loss: ignored targets add nothing, the gradient matches GSL's, and two workers with uneven masks equal one")
    func maskedLoss() throws {
        let corpus = try SharedRuns.corpus.get()
        let batch = try corpus.randomWindows(count: 4, length: 32, generator: RandomGenerator(seed: 9))
        // Everything ignored in the first half but two positions, a quarter ignored in the second.
        let targets = batch.targets.enumerated().map { i, t in (i < 64 ? (i == 5 || i == 40) : i % 4 != 0) ? t : ignoreIndex }
        let model = try FusedGPT<Double>(configuration: .test, vocabularySize: corpus.vocabularySize, seed: 3)
        let masked = try model.forward(batch.inputs, targets: targets, sequences: 4)!
        // The mean of the losses of each kept position alone.
        let kept = targets.indices.filter { targets[$0] != ignoreIndex }
        let alone = try kept.map { r in
            try model.forward(batch.inputs, targets: targets.indices.map { $0 == r ? targets[r] : ignoreIndex }, sequences: 4)!
        }
        #expect(abs(masked - alone.reduce(0, +) / Double(kept.count)) <= 1e-12 * masked)
        // The analytic gradient of the masked loss against GSL's, on the first 40 token-embedding weights.
        _ = try model.forward(batch.inputs, targets: targets, sequences: 4)
        try model.backward()
        let gradient = Array(model.gradientValues[0..<40]), start = Array(model.parameterValues[0..<40])
        let check = try GradientCheck(function: { point in
            try model.replaceParameters(at: 0, with: point)
            return try model.forward(batch.inputs, targets: targets, sequences: 4)!
        }, gradient: gradient, at: start, relativeTolerance: 1e-6)
        #expect(check.passes, "\(check.failures.prefix(3).compactMap(\.failureReason))")
        #expect(gradient.contains { $0 != 0 })
        // One worker and two, where the halves count 2 and 48 targets.
        func run(workers: Int) throws -> (loss: Double, weights: [Float]) {
            let m = try FusedGPT<Float>(configuration: .test, vocabularySize: corpus.vocabularySize, seed: 3)
            try m.useWorkers(workers)
            var loss = 0.0
            for step in 1...3 { loss = try m.trainingStep((batch.inputs, targets), learningRate: 1e-3, step: step).loss }
            return (loss, m.parameterValues)
        }
        let one = try run(workers: 1), two = try run(workers: 2)
        #expect(abs(one.loss - two.loss) / one.loss <= 1e-6, "loss \(one.loss) vs \(two.loss)")
        #expect(zip(one.weights, two.weights).map { abs($0 - $1) }.max()! <= 1e-6)
        let none = #expect(throws: ArgumentError.self) { try model.forward(batch.inputs, targets: Array(repeating: ignoreIndex, count: 128), sequences: 4) }
        #expect(none?.parameter == "targets")
    }

    @Test("The vectorized erf and exp (glibc libmvec) agree with libm's to a few ulps, odd lengths included")
    func vectorMathMatchesLibm() throws {
        let generator = RandomGenerator(seed: 8)
        for count in [1, 7, 16, 17, 1000] {
            let x = (0..<count).map { _ in Float(generator.gaussian(standardDeviation: 3)) }
            var erfs = Array(repeating: Float(0), count: count), exps = erfs
            Float.errorFunction(x, &erfs, count: count)
            Float.exponential(x, &exps, count: count)
            for i in 0..<count {
                #expect(abs(erfs[i] - erf(x[i])) <= 4 * Float.ulpOfOne * max(abs(erf(x[i])), 1e-3), "erf(\(x[i]))")
                #expect(abs(exps[i] - exp(x[i])) <= 4 * Float.ulpOfOne * exp(x[i]), "exp(\(x[i]))")
            }
        }
    }
}

@Suite("M8 · GPT: sampling, data and chapter")
struct GPTChapter {
    @Test("Chapter 8's listings match their sources")
    func listingsMatchSources() throws {
        try expectListingsMatchSources(of: .gpt, minimum: 6)
    }

    @Test("Sampling is seeded: the same seed gives the same text, another seed another")
    func samplingIsSeeded() throws {
        let corpus = try SharedRuns.corpus.get()
        let model = try FusedGPT<Float>(configuration: .test, vocabularySize: corpus.vocabularySize, seed: 3)
        let prompt = try corpus.encode("ROMEO:")
        let draw = { (seed: UInt) in try model.generate(after: prompt, count: 40, sampling: SamplingSettings(temperature: 0.8, topK: 10), generator: RandomGenerator(seed: seed)) }
        #expect(try draw(1) == draw(1))
        #expect(try draw(1) != draw(2))
    }

    @Test("Top-k keeps only the k most likely tokens; temperature sharpens or flattens")
    func topKAndTemperature() throws {
        let logits = [2.0, 1.0, 0.5, -1.0]
        let top2 = try SamplingSettings(topK: 2).probabilities(logits: logits)
        #expect(top2[2] == 0 && top2[3] == 0 && abs(top2[0] + top2[1] - 1) < 1e-15)
        let plain = try SamplingSettings.unmodified.probabilities(logits: logits)
        let cold = try SamplingSettings(temperature: 0.5).probabilities(logits: logits)
        let hot = try SamplingSettings(temperature: 2).probabilities(logits: logits)
        #expect(cold[0] > plain[0] && hot[0] < plain[0])
    }

    @Test("The corpus: 1.1 MB of Shakespeare, 90/10 split by position, windows and targets offset by one")
    func corpus() throws {
        let corpus = try SharedRuns.corpus.get()
        #expect(corpus.train.count + corpus.validation.count >= 1_000_000)
        #expect(corpus.train.count == Int(0.9 * Double(corpus.train.count + corpus.validation.count)))
        let windows = try corpus.randomWindows(count: 2, length: 8, generator: RandomGenerator(seed: 1))
        #expect(Array(windows.inputs[1..<8]) == Array(windows.targets[0..<7]))
        #expect(try corpus.decode(corpus.encode("To be, or not to be")) == "To be, or not to be")
    }

    @Test("The baby configuration (4 layers, 4 heads, 128 wide, block 64, batch 12) takes a finite training step")
    func babyConfigurationTrains() throws {
        let corpus = try SharedRuns.corpus.get()
        let model = try FusedGPT<Float>(configuration: .baby, vocabularySize: corpus.vocabularySize, seed: 1)
        #expect(model.layout.count == GPTConfiguration.baby.parameterCount(vocabularySize: corpus.vocabularySize))
        let batch = try corpus.randomWindows(count: 12, length: 64, generator: RandomGenerator(seed: 1))
        let first = try model.trainingStep(batch, learningRate: 1e-3, step: 1).loss
        #expect(abs(first - log(Double(corpus.vocabularySize))) < 0.1, "the first loss \(first) should be near ln V")
    }
}
