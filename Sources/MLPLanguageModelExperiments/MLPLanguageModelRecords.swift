import BigramLanguageModel
import Foundation
import ExperimentRecords
import Numerics
import MLPLanguageModel
import GSL
import BigramLanguageModelExperiments


extension ContextExperiment {
    public func records(gradientCheck: LanguageModelGradientCheck, provenance: Provenance? = nil) -> [ExperimentRecord] {
        let training = TrainedLanguageModel.training
        let setupOptimization = "Adam, batch \(training.batchSize), \(training.steps) steps, warm-up then cosine from \(compact(training.peakRate)), seed \(training.seed)"
        let qualityText = "\(Metric.percent("", quality.realFraction).display) real, \(Metric.percent("", quality.novelFraction).display) novel"
        let largestCheck = gradientCheck.checks.map(\.check.maxRelativeError).max() ?? 0
        let main = ExperimentRecord(
            milestone: .mlpLanguageModel, experiment: "mlp-language-model", title: "Three Characters of Context", order: 1,
            objective: "Bengio et al. (2003) on characters: learned embeddings of the previous three characters and a hidden layer beat the bigram.",
            setup: [Field("Model", "embeddings 27×10, context 3 (concatenated, 30 inputs), tanh hidden layer of \(TrainedLanguageModel.hiddenSize), softmax over 27; on the M3 engine"),
                    Field("Data", "the word list split of Chapter 5 (`\(WordList.path)`), one example per predicted character"),
                    Field("Optimization", setupOptimization)],
            metrics: [.decimal("Dev NLL (nats per character)", main.devNLL), .decimal("Test NLL", main.testNLL),
                      .decimal("Test perplexity", exp(main.testNLL), digits: 2),
                      .decimal("Bigram test perplexity (Chapter 5)", exp(bigramTestNLL), digits: 2),
                      .percent("Samples that are real held-out words", quality.realFraction),
                      .percent("Samples not in the training words", quality.novelFraction),
                      .scientific("Largest gradient-check relative error (vs GSL)", largestCheck)],
            tracking: .languageModels(loss: "\(formatted(main.testNLL, digits: 4)) nats/char (test)", perplexity: formatted(exp(main.testNLL), digits: 2), sampleQuality: qualityText),
            trackingNote: "bigram perplexity \(formatted(exp(bigramTestNLL), digits: 2)) → \(formatted(exp(main.testNLL), digits: 2))",
            tables: [quality.table(seed: Self.sampleSeed),
                     Table(title: "Gradient check on a tiny configuration (context 3, embeddings 2, hidden 4)", columns: ["Parameters", "Within tolerance", "Largest relative error"],
                           rows: gradientCheck.checks.map { [$0.name, $0.check.passes ? "yes" : "no", scientificFormatted($0.check.maxRelativeError, digits: 1)] })],
            observations: [
                "Test perplexity falls from \(formatted(exp(bigramTestNLL), digits: 2)) (bigram) to \(formatted(exp(main.testNLL), digits: 2)) with three characters of context.",
                "The samples are longer and more word-like in shape (\(qualityText)), yet fewer of them are exact held-out words than the bigram's: an exact match needs every character right, and longer samples have more chances to go wrong. Exact-match rates this low are noisy; read the samples too.",
                .judged(by: "Every parameter's gradient matches GSL numeric differentiation",
                        passed: "Every parameter tensor's gradient (embeddings included) matched GSL's central differences, largest relative error \(scientificFormatted(largestCheck, digits: 1)).",
                        failed: "Not every parameter tensor's gradient matched GSL's central differences; largest relative error \(scientificFormatted(largestCheck, digits: 1))."),
            ],
            plots: [Plot(file: "m6_training_loss.png", title: "M6: training loss, context 1, 2 and 3", kind: "loss curves",
                         description: "Mean minibatch cross-entropy over each \(training.logEvery) steps for the three context lengths; the dashed level is the bigram's dev NLL.",
                         xLabel: "step", yLabel: "training NLL (nats per character)",
                         layers: runs.map { run in .line(label: "context \(run.model.contextLength)", points: run.trainingLosses.enumerated().map { PlotPoint(Double(($0 + 1) * training.logEvery), $1) }) }
                            + [.line(label: "bigram (dev)", points: [PlotPoint(0, bigramDevNLL), PlotPoint(Double(training.steps), bigramDevNLL)])])],
            conclusion: "Pass: the MLP language model's dev perplexity is below the bigram's.",
            provenance: provenance ?? .current(seed: WordList.splitSeed))

        let ablation = ExperimentRecord(
            milestone: .mlpLanguageModel, experiment: "context-ablation", title: "Context-Length Ablation", order: 2,
            objective: "What each extra character of context is worth.",
            setup: [Field("Model", "as the main run, context length 1, 2 or 3"), Field("Data", "the word list split"), Field("Optimization", setupOptimization)],
            metrics: runs.map { .decimal("Dev NLL, context \($0.model.contextLength)", $0.devNLL) },
            tracking: .languageModels(loss: runs.map { formatted($0.devNLL, digits: 3) }.joined(separator: " → "), perplexity: runs.map { formatted(exp($0.devNLL), digits: 2) }.joined(separator: " → "), sampleQuality: "—"),
            trackingNote: "context 1 → 3",
            observations: [
                "Dev NLL by context length: \(runs.map { "\(formatted($0.devNLL, digits: 4)) (\($0.model.contextLength))" }.joined(separator: ", ")). The second character is worth more than the third.",
                "With one character of context the network is a bigram model with a bottleneck (10-dimensional embeddings, \(TrainedLanguageModel.hiddenSize) hidden units): \(formatted(runs[0].devNLL, digits: 4)) against the counting bigram's \(formatted(bigramDevNLL, digits: 4)).",
            ],
            plots: [],
            conclusion: "Pass: dev loss falls from 1 to 3 characters of context.",
            provenance: provenance ?? .current(seed: WordList.splitSeed))
        return [main, ablation]
    }
}

extension EmbeddingExperiment {
    public func record(provenance: Provenance? = nil) throws -> ExperimentRecord {
        ExperimentRecord(
            milestone: .mlpLanguageModel, experiment: "embeddings", title: "Two-Dimensional Character Embeddings", order: 3,
            objective: "What the embeddings learn: a model with 2-D embeddings, plotted, with a measure of whether vowels cluster.",
            setup: [Field("Model", "as the main run with embeddings of size 2"), Field("Data", "the word list split"),
                    Field("Optimization", "as the main run")],
            metrics: [.decimal("Vowel clustering ratio (vowel–vowel / vowel–consonant mean distance)", try vowelClusteringRatio, digits: 3),
                      .decimal("Dev NLL", run.devNLL)],
            tracking: .languageModels(loss: formatted(run.devNLL, digits: 4), perplexity: formatted(exp(run.devNLL), digits: 2), sampleQuality: "—"),
            trackingNote: "clustering ratio \(formatted(try vowelClusteringRatio, digits: 2))",
            observations: [
                "The mean distance between two vowels is \(formatted(try vowelClusteringRatio, digits: 2)) times the mean distance between a vowel and a consonant: nothing told the model what a vowel is, but characters that are interchangeable in context end up near each other.",
                "Two dimensions cost accuracy (dev NLL \(formatted(run.devNLL, digits: 4)) against the main run's 10-dimensional embeddings); the plot is for looking, the main run for predicting.",
            ],
            plots: [Plot(file: "m6_embeddings.png", title: "M6: learned 2-D character embeddings", kind: "embedding plot",
                         description: "Each letter at its learned 2-D embedding, vowels in red, consonants in blue: the vowels gather in one region.",
                         xLabel: "embedding dimension 1", yLabel: "embedding dimension 2",
                         layers: [.scatter(label: "consonants", points: points.filter { !Self.vowels.contains($0.letter) }.map { PlotPoint($0.x, $0.y) }, marker: .circle, filled: true, colorGroup: 1),
                                  .scatter(label: "vowels", points: points.filter { Self.vowels.contains($0.letter) }.map { PlotPoint($0.x, $0.y) }, marker: .circle, filled: true, colorGroup: 0),
                                  .labels(points.map { PlotLabel(x: $0.x + 0.08, y: $0.y + 0.08, text: "\($0.letter)") })])],
            conclusion: "Pass: vowels cluster (ratio below 1).",
            provenance: provenance ?? .current(seed: WordList.splitSeed))
    }
}
