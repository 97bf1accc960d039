import Foundation
import ExperimentRecords
import Numerics
import BigramLanguageModel
import GSL


extension BigramExperiment {
    public func records(provenance: Provenance? = nil) -> [ExperimentRecord] {
        let perplexity = exp(countingTestNLL)
        let qualityText = "\(Metric.percent("", quality.realFraction).display) real, \(Metric.percent("", quality.novelFraction).display) novel"
        let main = ExperimentRecord(
            milestone: .bigramModel, experiment: "bigram", title: "Counting vs Neural", order: 1,
            objective: "A character bigram model two ways, by counting and as a one-layer network trained by gradient descent, on real English words.",
            setup: [Field("Model", "P(next character | previous character) over 27 symbols (a–z and the word boundary); counting with add-k smoothing, and a 27×27 logit table trained on the engine"),
                    Field("Data", "\(trainWords) training words of Debian's wamerican list (lowercase a–z), seeded 80/10/10 split; `\(WordList.path)`"),
                    Field("Optimization", "counting: k chosen on dev from \(Self.smoothingGrid.count) values; neural: full-batch Adam, lr \(compact(Self.neuralRate)), \(Self.neuralSteps) steps, no regularization")],
            metrics: [.decimal("Dev NLL, counting (k = \(compact(best.k)))", best.devNLL), .decimal("Dev NLL, neural", neuralDevNLL),
                      .scientific("Difference (nats per character)", abs(neuralDevNLL - best.devNLL)),
                      .decimal("Test NLL, counting", countingTestNLL), .decimal("Test perplexity", perplexity, digits: 2),
                      .percent("Samples that are real held-out words", quality.realFraction),
                      .percent("Samples not in the training words", quality.novelFraction)],
            tracking: .languageModels(loss: "\(formatted(countingTestNLL, digits: 4)) nats/char (test)", perplexity: formatted(perplexity, digits: 2), sampleQuality: qualityText),
            trackingNote: "counting and neural agree to \(scientificFormatted(abs(neuralDevNLL - best.devNLL), digits: 0))",
            tables: [quality.table(seed: Self.sampleSeed)],
            observations: [
                "Counting and gradient descent arrive at the same model: dev NLL \(formatted(best.devNLL, digits: 5)) and \(formatted(neuralDevNLL, digits: 5)) nats per character. Maximum likelihood for a bigram *is* normalized counts; the network finds them by descent.",
                "Test perplexity \(formatted(perplexity, digits: 2)): the bigram model is as unsure as a uniform choice among about \(Int(perplexity.rounded())) characters, against 27 for no model at all.",
                "Of \(Self.sampleCount) sampled words, \(qualityText) (not in the training list). With one character of context, most samples are pronounceable fragments rather than words.",
            ],
            plots: [Plot(file: "m5_neural_bigram_loss.png", title: "M5: neural bigram training loss vs the counting model", kind: "loss curve",
                         description: "Training cross-entropy of the neural bigram per full-batch step (log scale), approaching the counting model's training NLL, the dashed line it cannot go below.",
                         xLabel: "step", yLabel: "training NLL (nats per character)", logScaleY: true,
                         layers: [.line(label: "neural bigram", points: neuralLosses.enumerated().map { PlotPoint(Double($0), $1) }),
                                  .line(label: "counting model (maximum likelihood)", points: [PlotPoint(0, neuralLosses.min()!), PlotPoint(Double(neuralLosses.count), neuralLosses.min()!)])])],
            conclusion: "Pass: the counting and neural bigram models agree on dev NLL, and sampling is seeded.",
            provenance: provenance ?? .current(seed: WordList.splitSeed))

        let ablation = ExperimentRecord(
            milestone: .bigramModel, experiment: "smoothing", title: "Smoothing Ablation", order: 2,
            objective: "How much add-k smoothing helps, and where it starts to hurt.",
            setup: [Field("Model", "counting bigram with add-k smoothing"), Field("Data", "the same split; NLL on the dev words"),
                    Field("Optimization", "k ∈ {\(Self.smoothingGrid.map(compact).joined(separator: ", "))}")],
            metrics: smoothing.map { .decimal("Dev NLL, k = \(compact($0.k))", $0.devNLL, digits: 5) },
            tracking: .languageModels(loss: "\(formatted(best.devNLL, digits: 4)) at k = \(compact(best.k))", perplexity: formatted(exp(best.devNLL), digits: 2), sampleQuality: "—"),
            trackingNote: "optimum k = \(compact(best.k)), \(bestIsInterior ? "inside" : "at the edge of") the grid",
            observations: [
                "The dev NLL is lowest at k = \(compact(best.k)), inside the range tried: smaller k gives unseen pairs almost no probability, larger k flattens every row toward uniform (\(formatted(smoothing.last!.devNLL, digits: 3)) nats at k = \(compact(smoothing.last!.k))).",
                "With \(trainWords) words nearly every frequent pair has been seen, so the curve is flat below k = 1: smoothing matters most when data is scarce.",
            ],
            plots: [Plot(file: "m5_smoothing_ablation.png", title: "M5: dev NLL against the smoothing constant", kind: "smoothing ablation",
                         description: "Dev NLL per character against log₁₀ k: flat while k is small, rising steeply once the added counts rival the real ones.",
                         xLabel: "log₁₀ k", yLabel: "dev NLL (nats per character)",
                         layers: [.line(label: "add-k bigram", points: smoothing.map { PlotPoint(log10($0.k), $0.devNLL) }),
                                  .scatter(label: "best k", points: [PlotPoint(log10(best.k), best.devNLL)], marker: .square, filled: true, colorGroup: 2)])],
            conclusion: "Pass: the dev-NLL optimum lies inside the range of k tried.",
            provenance: provenance ?? .current(seed: WordList.splitSeed))
        return [main, ablation]
    }
}

extension MarkovExperiment {
    public func record(provenance: Provenance? = nil) -> ExperimentRecord {
        ExperimentRecord(
            milestone: .bigramModel, experiment: "markov", title: "Markov Source and Its Entropy Rate", order: 3,
            objective: "On text with a known entropy rate, a bigram model's cross-entropy should approach that limit and no further.",
            setup: [Field("Model", "counting bigram, add-0.01"), Field("Data", "symbols from the 5-state chain of `\(MarkovSource.path)`, seed \(Self.seed); the last \(Self.testSymbols) symbols as test"),
                    Field("Optimization", "training on the first \(Self.trainingSizes.map(String.init).joined(separator: ", ")) symbols")],
            metrics: [.decimal("Entropy rate of the source (nats per symbol)", entropyRate, digits: 5),
                      .decimal("Test cross-entropy, \(Self.trainingSizes.last!) training symbols", finalCrossEntropy, digits: 5),
                      .percent("Excess over the entropy rate", relativeExcess, digits: 2),
                      .decimal("The true chain's cross-entropy on the same test symbols", trueModelCrossEntropy, digits: 5)],
            tracking: .languageModels(loss: "\(formatted(finalCrossEntropy, digits: 4)) vs limit \(formatted(entropyRate, digits: 4))", perplexity: "\(formatted(exp(finalCrossEntropy), digits: 3)) vs \(formatted(exp(entropyRate), digits: 3))", sampleQuality: "—"),
            trackingNote: "\(Metric.percent("", relativeExcess, digits: 2).display) above the entropy rate",
            tables: [Table(title: "Test cross-entropy by training size", columns: ["Training symbols", "Cross-entropy", "Above the entropy rate"],
                           rows: crossEntropies.map { ["\($0.symbols)", formatted($0.crossEntropy, digits: 5), Metric.percent("", ($0.crossEntropy - entropyRate) / entropyRate, digits: 2).display] })],
            observations: [
                "The source's entropy rate is \(formatted(entropyRate, digits: 5)) nats per symbol (from its stationary distribution and transition matrix). Trained on \(Self.trainingSizes.last!) symbols, the bigram's test cross-entropy is \(formatted(finalCrossEntropy, digits: 5)), \(Metric.percent("", relativeExcess, digits: 2).display) above it.",
                "Most of that excess is the test sample, not the model: the true transition matrix itself scores \(formatted(trueModelCrossEntropy, digits: 5)) on the same \(Self.testSymbols) symbols. The bigram, the right model class for a first-order chain, is within \(scientificFormatted(finalCrossEntropy - trueModelCrossEntropy, digits: 1)) nats of the truth; that estimation error shrinks with data, while the sample's own fluctuation shrinks only with a longer test text.",
            ],
            plots: [Plot(file: "m5_markov_entropy.png", title: "M5: test cross-entropy approaching the entropy rate", kind: "cross-entropy vs data",
                         description: "Test cross-entropy of the bigram model against log₁₀ of the training size, the true chain's cross-entropy on the same test symbols, and the entropy rate: the model closes in on the truth; the truth sits a sampling fluctuation away from H.",
                         xLabel: "log₁₀ training symbols", yLabel: "nats per symbol",
                         layers: [.line(label: "bigram model, test cross-entropy", points: crossEntropies.map { PlotPoint(log10(Double($0.symbols)), $0.crossEntropy) }),
                                  .line(label: "the true chain on the same test symbols", points: [PlotPoint(3, trueModelCrossEntropy), PlotPoint(log10(Double(Self.trainingSizes.last!)), trueModelCrossEntropy)]),
                                  .line(label: "entropy rate (the limit)", points: [PlotPoint(3, entropyRate), PlotPoint(log10(Double(Self.trainingSizes.last!)), entropyRate)])])],
            conclusion: "Pass: the test cross-entropy is within 1% of the entropy rate.",
            provenance: provenance ?? .current(seed: Self.seed))
    }
}
