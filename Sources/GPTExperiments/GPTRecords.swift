import Foundation
import ExperimentRecords
import Numerics
import GPT
import GSL
import GPTFastPath
import BigramLanguageModelExperiments


extension GPTMainRun {
    /// The result of `model` (every run has all four).
    public func result(_ model: Model) -> ModelResult { results.first { $0.model == model }! }
    public var gptResult: ModelResult { result(.gpt) }
    public var mlpResult: ModelResult { result(.mlp) }
    public var bigramResult: ModelResult { result(.countingBigram) }

    public func record(provenance: Provenance? = nil) throws -> ExperimentRecord {
        let c = Self.configuration, training = Self.training, gpt = gptResult
        let parameters = c.parameterCount(vocabularySize: corpus.vocabularySize)
        let qualityText = "\(Metric.percent("", gpt.quality.realFraction).display) real, \(Metric.percent("", gpt.quality.novelFraction).display) novel words"
        let excerpt = gpt.sample.prefix(400).split(separator: "\n", omittingEmptySubsequences: false)
        return ExperimentRecord(
            milestone: .gpt, experiment: "gpt", title: "A Transformer Trained on Shakespeare", order: 1,
            objective: "A GPT written by hand (embeddings, causal multi-head attention, LayerNorm, GELU MLP, residuals, AdamW, clipping, schedule) beats the MLP, which beats the bigram, on the same characters.",
            setup: [Field("Model", "\(c), \(formatted(Double(parameters), digits: 0)) parameters, tied head, pre-LayerNorm, exact GELU; the fused Float path (checked against the engine in the next entry)"),
                    Field("Data", "Shakespeare's eight tragedies (`Fixtures/shakespeare/plays.txt`), \(corpus.vocabularySize) characters, first 90% train; dev = the first \(training.devCharacters!) validation characters in non-overlapping windows of \(c.blockSize)"),
                    Field("Optimization", "AdamW (β 0.9/0.99, weight decay 0.1 on matrices), peak rate \(compact(training.peakRate)) after \(training.warmupSteps) warm-up steps, cosine to a tenth, clip norm 1, \(training.steps) steps, seed \(training.seed)")],
            metrics: results.map { .decimal("Dev NLL, \($0.name)", $0.devNLL) }
                + [.decimal("GPT dev perplexity", exp(gpt.devNLL), digits: 2),
                   .percent("GPT sampled words found in the held-out text", gpt.quality.realFraction),
                   .percent("GPT sampled words not in the training text", gpt.quality.novelFraction)],
            tracking: .languageModels(loss: "\(formatted(gpt.devNLL, digits: 4)) nats/char (dev)", perplexity: formatted(exp(gpt.devNLL), digits: 2), sampleQuality: qualityText),
            trackingNote: results.map { formatted(exp($0.devNLL), digits: 2) }.joined(separator: " → ") + " perplexity",
            tables: [Table(title: "The four Phase 2 models on one tokenization (samples: \(Self.sampleLength) characters, seed \(Self.sampleSeed))",
                           columns: ["Model", "Dev NLL", "Dev perplexity", "Sampled words real", "Sampled words novel"],
                           rows: results.map { [$0.name, formatted($0.devNLL, digits: 4), formatted(exp($0.devNLL), digits: 2),
                                                Metric.percent("", $0.quality.realFraction).display, Metric.percent("", $0.quality.novelFraction).display] }),
                     gpt.quality.table(seed: Self.sampleSeed),
                     Table(title: "The GPT's first 400 sampled characters", columns: ["Sample"],
                           rows: excerpt.map { ["`\($0.isEmpty ? " " : String($0))`"] })],
            observations: [
                "Dev NLL: \(results.map { "\($0.name) \(formatted($0.devNLL, digits: 3))" }.joined(separator: ", ")). The counting and neural bigrams agree, as in Chapter 5.",
                "The GPT sees up to \(c.blockSize) characters; the MLP sees 3. Its dev loss was still falling at the last evaluation (\(history.devLoss.suffix(3).map { formatted($0.loss, digits: 3) }.joined(separator: " → "))): this is a small model trained for seconds, not a converged one.",
                "Sample quality: \(results.map { "\($0.name) \(Metric.percent("", $0.quality.realFraction).display) real" }.joined(separator: ", ")). Real-word rates rise with the model, but the samples are judged by the text too: read the excerpt.",
                "The numbers here come from the \(c) setting the test suite trains in seconds; `workbook train m8 --config baby` trains nanoGPT's 4-layer setting with the same code (Chapter 8 gives its figures).",
            ],
            plots: [lossCurves, perplexityBars, try attentionHeatmap],
            conclusion: "Pass: dev loss GPT < MLP < bigram on the same characters.",
            provenance: provenance ?? .current(seed: training.seed))
    }

    var lossCurves: Plot {
        Plot(file: "m8_loss_curves.png", title: "M8: GPT training and dev loss", kind: "loss curves",
             description: "Training loss (mean over each \(Self.training.logEvery) steps) and dev loss every \(Self.training.evaluateEvery) steps, with the MLP's and bigram's dev loss as levels.",
             xLabel: "step", yLabel: "NLL (nats per character)",
             layers: [.line(label: "GPT train", points: history.trainLoss.map { PlotPoint(Double($0.step), $0.loss) }),
                      .line(label: "GPT dev", points: history.devLoss.map { PlotPoint(Double($0.step), $0.loss) }),
                      .line(label: "MLP (dev)", points: [PlotPoint(0, mlpResult.devNLL), PlotPoint(Double(Self.training.steps), mlpResult.devNLL)]),
                      .line(label: "bigram (dev)", points: [PlotPoint(0, bigramResult.devNLL), PlotPoint(Double(Self.training.steps), bigramResult.devNLL)])])
    }

    var perplexityBars: Plot {
        Plot(file: "m8_phase2_perplexity.png", title: "M8: dev perplexity of the four Phase 2 models (Shakespeare characters)", kind: "bar chart",
             description: "Dev perplexity on the same \(Self.training.devCharacters!) validation characters: counting bigram, neural bigram, MLP (context 3), GPT.",
             xLabel: "", yLabel: "dev perplexity", layers: [.bars(labels: results.map(\.name), values: results.map { exp($0.devNLL) })])
    }

    /// Layer 1, head 1 of the trained GPT on the first line of Hamlet's soliloquy.
    var attentionHeatmap: Plot { get throws {
        let text = "To be, or not to be: that is the question:"
        let tokens = try Array(corpus.encode(text).prefix(Self.configuration.blockSize))
        try gpt.forward(tokens, targets: nil, sequences: 1)
        let t = tokens.count, weights = try gpt.attentionWeights(layer: 0, sequence: 0, head: 0).map(Double.init)
        let labels = try corpus.decode(tokens).map { $0 == " " ? "␣" : String($0) }
        return Plot(file: "m8_attention.png", title: "M8: attention weights, layer 1 head 1", kind: "attention heat map",
                    description: "Row t: how much position t attends to each earlier position (columns) in the trained GPT; everything above the diagonal is 0 (causal mask), every row sums to 1.",
                    xLabel: "attended position (key)", yLabel: "position (query)",
                    layers: [.weightMatrix(rowLabels: labels, columnLabels: labels, values: (0..<t).map { Array(weights[($0 * t)..<(($0 + 1) * t)]) },
                                           valueLabel: "attention weight")])
    } }
}

extension GPTChecks {
    /// The largest relative error over coordinates whose gradient is not zero (a gradient that
    /// is exactly zero has a relative error of 1 against any numeric noise).
    public static func largestRelativeError(_ check: GradientCheck) -> Double {
        check.coordinates.filter { max(abs($0.analytic), abs($0.numeric)) > 1e-9 }.map(\.relativeError).max() ?? 0
    }

    public func record(provenance: Provenance? = nil) -> ExperimentRecord {
        let c = Self.checkConfiguration
        let largest = gradientChecks.map { Self.largestRelativeError($0.check) }.max() ?? 0
        return ExperimentRecord(
            milestone: .gpt, experiment: "gpt-checks", title: "Gradients, Causality, Attention and Overfitting", order: 2,
            objective: "The GPT is right before it is trained: every layer's gradient against GSL, the fast path against the engine, no peeking at the future, attention weights that are distributions, one batch memorized.",
            setup: [Field("Model", "gradient and causality checks: \(c), vocabulary \(Self.checkVocabulary), engine (Double); overfitting: \(GPTMainRun.configuration), fused Float"),
                    Field("Data", "random token ids (seed 11) for the checks; one fixed batch of \(GPTMainRun.configuration.batchSize) Shakespeare windows (seed 9) for overfitting"),
                    Field("Optimization", "overfitting: AdamW at a constant \(compact(Self.overfitRate)) for \(Self.overfitSteps) steps, clip 1")],
            metrics: [.scientific("Largest gradient-check relative error (28 tensors, vs GSL)", largest),
                      .scientific("Fused Double vs engine: loss, relative", doubleLossDifference),
                      .scientific("Fused Double vs engine: gradient, relative to the largest", doubleGradientDifference),
                      .scientific("Fused Double vs engine: weights after 3 AdamW steps", doubleWeightDifference),
                      .scientific("Fused Float vs engine: loss, relative", floatLossDifference),
                      .scientific("Fused Float vs engine: gradient, relative to the largest", floatGradientDifference),
                      .scientific("Key-bias gradient, relative to the largest (zero in exact arithmetic)", keyBiasGradientRatio),
                      .scientific("Largest |attention row sum − 1|", attentionRowSumError),
                      .scientific("Largest attention weight above the diagonal", attentionAboveDiagonal),
                      .decimal("Loss on the memorized batch after \(Self.overfitSteps) steps", overfitLosses.last!)],
            tracking: .languageModels(loss: "\(formatted(overfitLosses.first!, digits: 3)) → \(formatted(overfitLosses.last!, digits: 4)) (one batch)", perplexity: "—", sampleQuality: "—"),
            trackingNote: "gradient checks: \(gradientChecks.filter { $0.check.passes }.count)/\(gradientChecks.count) tensors",
            tables: [Table(title: "Gradient check of every parameter tensor (4 coordinates each, GSL central differences)",
                           columns: ["Parameters", "Within tolerance", "Largest relative error"],
                           rows: gradientChecks.map { [$0.name, $0.check.passes ? "yes" : "no", scientificFormatted(Self.largestRelativeError($0.check), digits: 1)] })],
            observations: [
                .judged(by: "Every layer's gradient matches GSL numeric differentiation",
                        passed: "Every tensor's gradient matched GSL, largest relative error \(scientificFormatted(largest, digits: 1)).",
                        failed: "Not every tensor's gradient matched GSL; largest relative error \(scientificFormatted(largest, digits: 1))."),
                "The key part of the query/key/value bias has a gradient of zero up to rounding (\(scientificFormatted(keyBiasGradientRatio, digits: 1)) of the largest gradient): adding b to every key adds q·b to a whole row of scores, and a softmax ignores a constant added to its row.",
                .judged(by: "The fused path equals the engine: to rounding in Double, to Float's precision in Float",
                        passed: "The fused path in Double reproduces the engine to rounding (loss \(scientificFormatted(doubleLossDifference, digits: 1)), gradients \(scientificFormatted(doubleGradientDifference, digits: 1)), weights after 3 AdamW steps \(scientificFormatted(doubleWeightDifference, digits: 1))); in Float the gradients differ by \(scientificFormatted(floatGradientDifference, digits: 1)) of the largest, Float's rounding.",
                        failed: "The fused path differs from the engine beyond rounding: in Double loss \(scientificFormatted(doubleLossDifference, digits: 1)), gradients \(scientificFormatted(doubleGradientDifference, digits: 1)), weights after 3 AdamW steps \(scientificFormatted(doubleWeightDifference, digits: 1)); in Float gradients \(scientificFormatted(floatGradientDifference, digits: 1))."),
                .judged(by: "Causality: changing a later token never changes an earlier position's output",
                        passed: "Changing the token at position \(changedPosition + 1) left every earlier position's logits bit-for-bit unchanged on both paths\(laterLogitsChanged ? ", and changed the later ones" : "").",
                        failed: "Changing the token at position \(changedPosition + 1) changed an earlier position's logits: the model sees the future."),
                "One batch of \(GPTMainRun.configuration.batchSize * GPTMainRun.configuration.blockSize) characters is memorized: loss \(formatted(overfitLosses.first!, digits: 3)) → \(formatted(overfitLosses[99], digits: 3)) (step 100) → \(formatted(overfitLosses.last!, digits: 4)) (step \(Self.overfitSteps)).",
            ],
            plots: [],
            conclusion: "Pass: gradients, equivalence, causality and attention checks hold, and one batch is overfit to near-zero loss.",
            provenance: provenance ?? .current(seed: 11))
    }
}
