import Foundation
import ExperimentRecords
import FineTuning
import GPT
import GPTExperiments
import GPTFastPath
import Numerics

extension FineTuningRun {
    var c: GPTConfiguration { base.configuration }

    public func record(provenance: Provenance? = nil) throws -> ExperimentRecord {
        let full = summary(.full), r1 = summary(.lora(rank: 1)), best = Self.methods.map { ($0, summary($0)) }
        let fullStep = median(variants(.full).map(\.medianStepSeconds)), loraStep = median(variants(.lora(rank: 4)).map(\.medianStepSeconds))
        let fullVariant = variants(.full)[0], r4 = variants(.lora(rank: 4))[0]
        return ExperimentRecord(
            milestone: .fineTuning, experiment: "fine-tuning", title: "Adapting the Shakespeare GPT to the New Testament", order: 1,
            objective: "Full fine-tuning and LoRA (ranks 1–16) from one base: every variant learns the new text; full fine-tuning learns more and forgets more than rank-1 LoRA; higher rank learns more.",
            setup: [Field("Base", "Chapter 8's GPT (\(c), \(base.layout.count) parameters), trained on Shakespeare; dev loss New Testament \(formatted(baseNewTestamentDev, digits: 3)), Shakespeare \(formatted(baseShakespeareDev, digits: 3))"),
                    Field("Data", "the King James New Testament (`Fixtures/kjv-new-testament`, \(newTestament.train.count + newTestament.validation.count) characters in the Shakespeare vocabulary), first 90% train; dev = the first \(Self.devCharacters) characters of each dev split"),
                    Field("LoRA", "adapters on every block's query/key/value, output, MLP expand and contract matrices; B = 0, A uniform in ±1/√inputs, α = 2r (scale 2), everything else frozen"),
                    Field("Optimization", "AdamW (β 0.9/0.99, decay 0.1 on matrices), \(Self.steps) steps, warm-up 20, cosine to a tenth, clip 1; peak rate \(compact(FineTuningMethod.full.peakRate)) full, \(compact(FineTuningMethod.lora(rank: 1).peakRate)) LoRA; batch seed \(Self.seeds.map(String.init).joined(separator: ", "))")],
            metrics: [.decimal("New Testament dev loss, base", baseNewTestamentDev), .decimal("Shakespeare dev loss, base", baseShakespeareDev)]
                + best.flatMap { method, s in [.decimal("New Testament dev loss, \(method)", s.newTestament), .decimal("Shakespeare dev loss, \(method)", s.shakespeare)] }
                + [.decimal("Median step, full fine-tuning (ms)", fullStep * 1000, digits: 2), .decimal("Median step, LoRA r=4 (ms)", loraStep * 1000, digits: 2)],
            tracking: .adaptation(perplexity: "\(formatted(exp(baseNewTestamentDev), digits: 2)) → \(formatted(exp(full.newTestament), digits: 2)) full, \(formatted(exp(r1.newTestament), digits: 2)) LoRA r=1 (New Testament dev)",
                                  bleuOrF1: "—", retrievalAccuracy: "—"),
            trackingNote: "forgetting: Shakespeare dev perplexity \(formatted(exp(baseShakespeareDev), digits: 2)) → \(formatted(exp(full.shakespeare), digits: 2)) full, \(formatted(exp(r1.shakespeare), digits: 2)) r=1",
            tables: [Table(title: "Learning and forgetting (dev loss, nats per character; lower is better)",
                           columns: ["Variant", "Trainable weights", "New Testament dev (learn)", "Shakespeare dev (forget)", "Optimizer state", "Median step"],
                           rows: [["base", "—", formatted(baseNewTestamentDev, digits: 4), formatted(baseShakespeareDev, digits: 4), "—", "—"]]
                            + best.map { method, s in
                                let v = variants(method)[0]
                                return [method.description, "\(formatted(Double(v.trainableParameters), digits: 0)) (\(formatted(100 * Double(v.trainableParameters) / Double(base.layout.count), digits: 1))%)",
                                        formatted(s.newTestament, digits: 4), formatted(s.shakespeare, digits: 4),
                                        "\(formatted(Double(v.optimizerStateBytes) / 1024, digits: 1)) KiB", "\(formatted(median(variants(method).map(\.medianStepSeconds)) * 1000, digits: 2)) ms"]
                            }),
                     Table(title: "Samples (prompt \"\(Self.samplePrompt)\", temperature 0.8, top-k 5, seed \(Self.sampleSeed); first 200 characters)", columns: ["Model", "Sample"],
                           rows: samples.map { [$0.model, "`" + String($0.text.prefix(200)).replacingOccurrences(of: "\n", with: " ⏎ ") + "`"] })],
            observations: [
                .judged(by: "Every variant lowers the New Testament dev loss below the base's, and raises the Shakespeare dev loss",
                        passed: "Every variant learned: New Testament dev loss \(formatted(baseNewTestamentDev, digits: 3)) → \(best.map { "\($0.0) \(formatted($0.1.newTestament, digits: 3))" }.joined(separator: ", ")). Every variant forgot some Shakespeare (\(formatted(baseShakespeareDev, digits: 3)) → \(formatted(r1.shakespeare, digits: 3))–\(formatted(best.map(\.1.shakespeare).max()!, digits: 3))).",
                        failed: "Not every variant learned and forgot: New Testament dev \(best.map { "\($0.0) \(formatted($0.1.newTestament, digits: 3))" }.joined(separator: ", ")) against the base's \(formatted(baseNewTestamentDev, digits: 3))."),
                .judged(by: "Full fine-tuning learns more and forgets more than rank-1 LoRA; higher rank learns more",
                        passed: "Full fine-tuning learned most (\(formatted(full.newTestament, digits: 3)) against r=1's \(formatted(r1.newTestament, digits: 3))) and forgot more than r=1 (Shakespeare \(formatted(full.shakespeare, digits: 3)) against \(formatted(r1.shakespeare, digits: 3))); each doubling of the rank learned more, with \(formatted(100 * Double(variants(.lora(rank: 1))[0].trainableParameters) / Double(base.layout.count), digits: 1))–\(formatted(100 * Double(variants(.lora(rank: 16))[0].trainableParameters) / Double(base.layout.count), digits: 1))% of the weights trainable.",
                        failed: "The ordering did not hold: full \(formatted(full.newTestament, digits: 3))/\(formatted(full.shakespeare, digits: 3)), r=1 \(formatted(r1.newTestament, digits: 3))/\(formatted(r1.shakespeare, digits: 3)), ranks \(best.dropFirst().map { formatted($0.1.newTestament, digits: 3) }.joined(separator: ", "))."),
                "Learning and forgetting move together: the more a variant learned, the more it forgot, with full fine-tuning and the highest rank close on both (Biderman et al. 2024 report the same trade-off at 7B scale; which of those two forgets more is within one seed's noise here, so the suite does not assert it).",
                "LoRA keeps optimizer state for \(formatted(Double(r4.optimizerStateBytes) / 1024, digits: 1)) KiB at r=4 against \(formatted(Double(fullVariant.optimizerStateBytes) / 1024, digits: 1)) KiB for full fine-tuning, but its step is not faster here (\(formatted(loraStep * 1000, digits: 2)) against \(formatted(fullStep * 1000, digits: 2)) ms): this implementation trains merged, so the backward pass still computes every ∂L/∂W (Chapter 9 §5).",
            ],
            plots: [learnForgetPlot, lossCurvesPlot],
            conclusion: "Pass: LoRA learns less and forgets less than full fine-tuning, and learns more as its rank grows.",
            provenance: provenance ?? .current(seed: Self.seeds[0]))
    }

    var learnForgetPlot: Plot {
        var layers: [PlotLayer] = [.scatter(label: "base", points: [PlotPoint(baseNewTestamentDev, baseShakespeareDev)], marker: .square, filled: true, colorGroup: 0),
                                   .scatter(label: "full fine-tuning", points: variants(.full).map { PlotPoint($0.newTestamentDev, $0.shakespeareDev) }, marker: .triangle, filled: true, colorGroup: 1)]
        layers.append(.line(label: "LoRA, r = 1 → 16", points: Self.methods.dropFirst().map { PlotPoint(summary($0).newTestament, summary($0).shakespeare) }))
        layers.append(.labels(Self.methods.map { m in
            PlotLabel(x: summary(m).newTestament, y: summary(m).shakespeare, text: m == .full ? " full" : " \(m.description.replacingOccurrences(of: "LoRA ", with: ""))")
        }))
        return Plot(file: "m9_learn_forget.png", title: "M9: learning vs forgetting", kind: "scatter",
                    description: "One point per variant after \(Self.steps) steps: New Testament dev loss (what was learned; left is better) against Shakespeare dev loss (what was forgotten; lower is better). The base model is the square.",
                    xLabel: "New Testament dev loss (nats/char)", yLabel: "Shakespeare dev loss (nats/char)", layers: layers)
    }

    var lossCurvesPlot: Plot {
        Plot(file: "m9_loss_curves.png", title: "M9: New Testament training loss per variant", kind: "loss curves",
             description: "Training loss (mean over each 10 steps) of full fine-tuning and of LoRA at each rank, from the same base and batches.",
             xLabel: "step", yLabel: "training loss (nats/char)",
             layers: Self.methods.map { m in .line(label: m.description, points: variants(m)[0].history.trainLoss.map { PlotPoint(Double($0.step), $0.loss) }) })
    }
}

extension LoRAChecks {
    public func record(provenance: Provenance? = nil) -> ExperimentRecord {
        let largest = gradientChecks.map { GPTChecks.largestRelativeError($0.check) }.max() ?? 0
        return ExperimentRecord(
            milestone: .fineTuning, experiment: "lora-checks", title: "LoRA Is Exact Where It Should Be", order: 2,
            objective: "Before measuring what LoRA learns, prove it right: the base at step 0 bit for bit, frozen weights untouched, gradients equal to GSL's and to the chain rule, merged = unmerged, the parameter count by formula, and a masked loss that ignores what it must.",
            setup: [Field("Models", "step 0, frozen weights, merged/unmerged: the tiny base (Float), rank 4; gradients: \(GPTChecks.checkConfiguration), vocabulary \(GPTChecks.checkVocabulary), rank \(Self.checkRank), Double, after \(Self.checkSteps) steps"),
                    Field("Masked loss", "6 × 5 logits, rows 2 and 5 ignored (target −100), engine (Double)")],
            metrics: [.count("Logits differing from the base at step 0", stepZeroDifferingLogits, unit: " of \(stepZeroLogitCount)"),
                      .count("Frozen weights changed by 20 steps of training", changedFrozenWeights),
                      .scientific("Largest |merged − unmerged logit|, relative", mergedUnmergedDifference),
                      .scientific("Largest gradient-check relative error (A and B, vs GSL)", largest),
                      .scientific("Largest difference from ∇A = (α/r)·G·Bᵀ, ∇B = (α/r)·Aᵀ·G, relative", identityDifference),
                      .scientific("Largest gradient on an ignored row", maskedIgnoredRowsGradient),
                      .scientific("Masked loss − loss of the kept rows", maskedLossDifference),
                      .scientific("Masked loss gradient-check largest relative error", maskedGradientCheck.maxRelativeError)],
            tracking: .adaptation(perplexity: "—", bleuOrF1: "—", retrievalAccuracy: "—"),
            trackingNote: "gradient checks: \(gradientChecks.filter { $0.check.passes }.count)/\(gradientChecks.count) factors",
            tables: [Table(title: "Trainable weights: counted and by formula (layers × r × 16 × width)", columns: ["Rank", "Counted", "Formula", "Share of the model"],
                           rows: trainableCounts.map { ["\($0.rank)", "\($0.counted)", "\($0.formula)", "\(formatted(100 * Double($0.counted) / Double($0.total), digits: 2))%"] })],
            observations: [
                .judged(by: "At step 0 the LoRA model's logits equal the base's bit for bit",
                        passed: "With B = 0 the merged weight W₀ + (α/r)·A·0 is W₀ exactly, and all \(stepZeroLogitCount) logits matched the base's bit for bit.",
                        failed: "\(stepZeroDifferingLogits) of \(stepZeroLogitCount) logits differed from the base's at step 0."),
                .judged(by: "After LoRA training the frozen weights are bit-for-bit unchanged",
                        passed: "After 20 steps every frozen weight (W₀, embeddings, LayerNorms, biases) was bit-for-bit the base's.",
                        failed: "\(changedFrozenWeights) frozen weights changed during LoRA training."),
                .judged(by: "The factors' gradients match GSL and the chain-rule identities",
                        passed: "Every factor's gradient matched GSL (largest relative error \(scientificFormatted(largest, digits: 1))) and the identities to \(scientificFormatted(identityDifference, digits: 1)).",
                        failed: "The factors' gradients did not match: GSL \(scientificFormatted(largest, digits: 1)), identities \(scientificFormatted(identityDifference, digits: 1))."),
                .judged(by: "Merged and unmerged forward passes agree to Float rounding",
                        passed: "Merged (one product with W₀ + (α/r)·A·B) and unmerged (x·W₀ plus (α/r)·(x·A)·B) logits agreed to \(scientificFormatted(mergedUnmergedDifference, digits: 1)) of the largest logit: Float rounding.",
                        failed: "Merged and unmerged logits differed by \(scientificFormatted(mergedUnmergedDifference, digits: 1)) of the largest."),
                "The masked loss gave ignored rows a gradient of exactly \(scientificFormatted(maskedIgnoredRowsGradient, digits: 1)) and equals the plain loss of the kept rows to \(scientificFormatted(maskedLossDifference, digits: 1)); Chapter 13's agent trains on it so that tool outputs are not learned.",
            ],
            plots: [],
            conclusion: "Pass: LoRA starts at the base exactly, never moves a frozen weight, and its gradients are right.",
            provenance: provenance ?? .current(seed: 21))
    }
}

extension LowRankStudy {
    public func record(run: FineTuningRun, provenance: Provenance? = nil) -> ExperimentRecord {
        let loraLosses = ranks.map { r in run.variants.first { $0.method == .lora(rank: r) }.map { formatted($0.newTestamentDev, digits: 4) } ?? "—" }
        return ExperimentRecord(
            milestone: .fineTuning, experiment: "lora-svd", title: "How Low-Rank Is a Full Fine-Tune?", order: 3,
            objective: "Decompose full fine-tuning's weight change ΔW with GSL's SVD: the Eckart–Young bound holds exactly, the full-rank factors rebuild the full fine-tune, and a trained LoRA of rank r compares with the best rank-r approximation of ΔW.",
            setup: [Field("Matrices", "ΔW of the \(matrices.count) block matrices of the full fine-tune above (Double), GSL's one-sided Jacobi SVD"),
                    Field("Rebuild", "the full fine-tune with each ΔW replaced by its rank-r truncation, given to the LoRA code as factors A = U_r·diag(σ_r)/(α/r), B = V_rᵀ")],
            metrics: [.scientific("Largest |‖ΔW − ΔW_r‖_F − √Σ_{i>r} σᵢ²|, relative to ‖ΔW‖_F", largestEckartYoungDeviation),
                      .scientific("Full-rank rebuild vs full fine-tune: largest logit difference, relative", fullRankLogitDifference),
                      .percent("Share of ‖ΔW‖² in the top 4 singular values (mean over matrices)", energyFraction(rank: 4))],
            tracking: .adaptation(perplexity: "—", bleuOrF1: "—", retrievalAccuracy: "—"),
            trackingNote: "ΔW energy in rank 4: \(Metric.percent("", energyFraction(rank: 4)).display)",
            tables: [Table(title: "Rank-r truncations of full fine-tuning's ΔW against LoRA trained at rank r (New Testament dev loss)",
                           columns: ["Rank r", "Share of ‖ΔW‖² kept", "Truncated full fine-tune", "LoRA trained at r"],
                           rows: zip(ranks, zip(devLosses, loraLosses)).map { r, pair in
                               ["\(r)", Metric.percent("", energyFraction(rank: r)).display, formatted(pair.0, digits: 4), pair.1]
                           })],
            observations: [
                .judged(by: "The rank-r SVD of ΔW meets the Eckart–Young bound and rebuilds the full fine-tune at full rank",
                        passed: "Every truncation's error equals the norm of the discarded singular values to \(scientificFormatted(largestEckartYoungDeviation, digits: 1)) of ‖ΔW‖, and the full-rank factors reproduce the full fine-tune's logits to \(scientificFormatted(fullRankLogitDifference, digits: 1)).",
                        failed: "Eckart–Young deviation \(scientificFormatted(largestEckartYoungDeviation, digits: 1)), full-rank logit difference \(scientificFormatted(fullRankLogitDifference, digits: 1))."),
                "ΔW is not low-rank: its top 4 singular values hold \(Metric.percent("", energyFraction(rank: 4)).display) of its energy, so the truncated full fine-tune needs rank \(ranks.last!) to reach its own dev loss (\(formatted(devLosses.last!, digits: 3))).",
                "A LoRA trained at rank r is not the rank-r truncation of full fine-tuning: it finds its own rank-r update, and it compares with the truncation in the table. Training LoRA at full rank is also not full fine-tuning: the parametrisation A·B and its initialisation change the optimisation, and the embeddings, LayerNorms and biases stay frozen.",
            ],
            plots: [singularValuesPlot],
            conclusion: "Pass: Eckart–Young holds and the factors rebuild the full fine-tune exactly at full rank.",
            provenance: provenance ?? .current(seed: FineTuningRun.seeds[0]))
    }

    var singularValuesPlot: Plot {
        Plot(file: "m9_singular_values.png", title: "M9: singular values of full fine-tuning's ΔW", kind: "spectrum",
             description: "σᵢ of each block matrix's weight change, largest first (log scale): a slow decay means ΔW is not low-rank.",
             xLabel: "index i", yLabel: "singular value σᵢ", logScaleY: true,
             layers: matrices.map { m in .line(label: m.name, points: m.singularValues.enumerated().filter { $0.element > 0 }.map { PlotPoint(Double($0.offset + 1), $0.element) }) })
    }
}
