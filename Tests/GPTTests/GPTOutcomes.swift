import Foundation
import Testing
import GSL
import ExperimentRecords
import Numerics
import WorkbookTesting
@testable import GPT
@testable import GPTFastPath
@testable import GPTExperiments

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
