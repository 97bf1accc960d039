import Foundation
import EvaluationMetrics
import ExperimentRecords
import FineTuningExperiments
import Numerics

extension ReferenceEquality {
    public func record(worked: WorkedExamples, provenance: Provenance? = nil) -> ExperimentRecord {
        let all = comparisons.reduce(0) { $0 + $1.checked }, largest = comparisons.map(\.largestRelativeDifference).max() ?? 0
        return ExperimentRecord(
            milestone: .evaluationMetrics, experiment: "reference-equality", title: "Every Metric Equal to Its Reference", order: 1,
            objective: "BLEU and chrF equal to sacrebleu, ROUGE to rouge-score, exact match and F1 to the SQuAD scripts: integer statistics exactly, scores to 1e-12 relative, on cases chosen where implementations go wrong and on 7,950 real verse pairs.",
            setup: [Field("References", versions.keys.sorted().map { "\($0) \(versions[$0]!)" }.joined(separator: ", ")),
                    Field("Cases", "\(sentenceCases) hypothesis/reference cases (\(handWrittenCases) written by hand, \(sentenceCases - handWrittenCases) seeded random ones, among them multi-line summaries over four words, full of LCS ties), \(corpusCases) corpora, \(squadCases) SQuAD answers, and the \(translationPairs) New Testament verse pairs in both directions; `Fixtures/metrics/reference_cases.json`, written by `Scripts/reference/metrics_cases.py`"),
                    Field("Configurations", "BLEU: every smoothing (none, floor, add-k, exp, with default and other values) × effective order × case, and tok:none; chrF: chrF, chrF++, lower-case, whitespace, ε-smoothing, and other orders and β; ROUGE with and without the stemmer, and against several targets")],
            metrics: [.count("Values compared", all),
                      .count("Exact values that differ (statistics, tokens, signatures)", comparisons.reduce(0) { $0 + $1.exactMismatches }),
                      .scientific("Largest relative difference of a score", largest)],
            tracking: .adaptation(perplexity: "—", bleuOrF1: "equal to sacrebleu / rouge-score / SQuAD to \(scientificFormatted(largest, digits: 0)) relative", retrievalAccuracy: "—"),
            trackingNote: "\(comparisons.filter(\.passes).count)/\(comparisons.count) metric families equal to their references",
            tables: [Table(title: "Comparisons by metric", columns: ["Metric", "Values compared", "Exact mismatches", "Largest relative score difference"],
                           rows: comparisons.map { [$0.metric, "\($0.checked)", "\($0.exactMismatches)", scientificFormatted($0.largestRelativeDifference, digits: 1)] }),
                     Table(title: "Worked examples (Chapter 10 §1–§2)", columns: ["Example", "Value"],
                           rows: [["BLEU of \"\(WorkedExamples.identical)\" against itself", formatted(worked.identicalBLEU, digits: 2)],
                                  ["Papineni's \"\(WorkedExamples.papineniHypothesis)\": unigram precision without clipping", "\(formatted(worked.papineniUnclippedPrecision, digits: 1))%"],
                                  ["… with clipping (lower-cased, \"the\" occurs at most twice in one reference)", "\(formatted(worked.papineniClippedPrecision, digits: 1))% (2/7)"],
                                  ["Brevity penalty, \(WorkedExamples.shortHypothesisLength) words against \(WorkedExamples.referenceLength): exp(1 − 15/12)", formatted(worked.brevityPenalty, digits: 4)],
                                  ["Corpus BLEU of the three-sentence corpus", formatted(worked.corpusBLEU, digits: 2)],
                                  ["Mean of its sentence BLEUs (\(worked.sentenceBLEUs.map { formatted($0, digits: 2) }.joined(separator: ", ")))", formatted(worked.meanSentenceBLEU, digits: 2)]])],
            observations: [
                .judged(by: "BLEU equals sacrebleu 2.6.0: statistics exactly, scores to 1e-12, signatures and printed lines",
                        passed: "BLEU: \(comparison("BLEU")?.checked ?? 0) values equal, the largest score difference \(scientificFormatted(comparison("BLEU")?.largestRelativeDifference ?? 0, digits: 1)): the same operations in the same order give the same bits.",
                        failed: "BLEU differs from sacrebleu: \(comparison("BLEU")?.examples.joined(separator: "; ") ?? "")"),
                .judged(by: "chrF and chrF++ equal sacrebleu 2.6.0: statistics exactly, scores to 1e-12",
                        passed: "chrF and chrF++: \(comparison("chrF and chrF++")?.checked ?? 0) values equal.",
                        failed: "chrF differs from sacrebleu: \(comparison("chrF and chrF++")?.examples.joined(separator: "; ") ?? "")"),
                .judged(by: "ROUGE-1/2/L/Lsum equal rouge-score 0.1.2, with and without the stemmer",
                        passed: "ROUGE: \(comparison("ROUGE")?.checked ?? 0) values equal, stemmed ones included: the stemmer is NLTK's default mode written out (`PorterStemmer`), not libstemmer's \"porter\", which stems \(porterFixture.differs_from_libstemmer_porter) of the \(porterFixture.word_count) words of `Fixtures/words` differently (\(porterFixture.examples_libstemmer.prefix(3).map { "\($0[0]): \($0[1]) against \($0[2])" }.joined(separator: ", "))).",
                        failed: "ROUGE differs from rouge-score: \(comparison("ROUGE")?.examples.joined(separator: "; ") ?? "")"),
                .judged(by: "Exact match and F1 equal the SQuAD v1.1 and v2.0 scripts",
                        passed: "SQuAD: \(comparison("SQuAD exact match and F1")?.checked ?? 0) values equal, including where the versions disagree (both answers empty: F1 0 in v1.1, 1 in v2.0).",
                        failed: "SQuAD differs: \(comparison("SQuAD exact match and F1")?.examples.joined(separator: "; ") ?? "")"),
                .judged(by: "Lower-casing, splitting and stripping equal Python's str methods",
                        passed: "Python's lower(), split() and rstrip() agree on every case text, final sigma, U+001F and the byte-order mark included; words are compared code point by code point, as Python compares strings.",
                        failed: "Python's str semantics differ: \(comparison("Python str semantics")?.examples.joined(separator: "; ") ?? "")"),
                .judged(by: "BLEU's textbook properties hold on the worked examples",
                        passed: "A hypothesis identical to its reference scores \(formatted(worked.identicalBLEU, digits: 0)); clipping takes Papineni's example from \(formatted(worked.papineniUnclippedPrecision, digits: 0))% to \(formatted(worked.papineniClippedPrecision, digits: 1))%; the brevity penalty of 12 words against 15 is \(formatted(worked.brevityPenalty, digits: 4)); and corpus BLEU (\(formatted(worked.corpusBLEU, digits: 2))) is not the mean of the sentence BLEUs (\(formatted(worked.meanSentenceBLEU, digits: 2))).",
                        failed: "A textbook property failed: identical \(worked.identicalBLEU), clipped \(worked.papineniClippedPrecision), BP \(worked.brevityPenalty), corpus \(worked.corpusBLEU) vs mean \(worked.meanSentenceBLEU)."),
            ],
            plots: [],
            conclusion: "Pass: each metric equals its reference, so a score from this workbook can be reported with the reference's signature.",
            provenance: provenance ?? .current(seed: 2026))
    }
}

extension TranslationStudy {
    public func record(provenance: Provenance? = nil) -> ExperimentRecord {
        let w = webAgainstKJV, k = kjvAgainstWEB
        func row(_ name: String, _ value: (Direction) -> String) -> [String] { [name, value(w), value(k)] }
        let zeroShare = Double(w.sentenceBLEU.filter { $0 < 10 }.count) / Double(w.sentenceBLEU.count)
        let highShare = Double(w.sentenceBLEU.filter { $0 >= 50 }.count) / Double(w.sentenceBLEU.count)
        let p = w.bleu.precisions
        return ExperimentRecord(
            milestone: .evaluationMetrics, experiment: "translations", title: "Two Good Translations Are Far From BLEU 100", order: 2,
            objective: "Score the World English Bible against the King James and back, verse by verse, with every metric: how far apart do two human translations of the same text look?",
            setup: [Field("Data", "\(pairs.pairs.count) New Testament verses present in both (`Fixtures/web-new-testament`, `Fixtures/kjv-new-testament`, Debian's sword-text-web and sword-text-kjv), one reference each, texts exactly as the modules have them"),
                    Field("Metrics", "corpus BLEU (`\(w.bleu.signature)`), chrF (`\(w.chrF.signature)`), chrF++, ROUGE and SQuAD F1 as means over verses")],
            metrics: [.decimal("BLEU, WEB against KJV", w.bleu.score, digits: 2), .decimal("BLEU, KJV against WEB", k.bleu.score, digits: 2),
                      .decimal("chrF, WEB against KJV", w.chrF.score, digits: 2), .decimal("chrF++, WEB against KJV", w.chrFPlusPlus.score, digits: 2),
                      .decimal("ROUGE-L F (mean), WEB against KJV", w.rougeMeanF[2], digits: 4), .decimal("Token F1, WEB against KJV", w.squadV2.f1, digits: 2),
                      .percent("Verses with sentence BLEU below 10", zeroShare)],
            tracking: .adaptation(perplexity: "—", bleuOrF1: "BLEU \(formatted(w.bleu.score, digits: 1)), chrF \(formatted(w.chrF.score, digits: 1)), F1 \(formatted(w.squadV2.f1, digits: 1)) between two human translations", retrievalAccuracy: "—"),
            trackingNote: "KJV against itself: BLEU \(formatted(kjvAgainstItself.score, digits: 0))",
            tables: [Table(title: "Every metric, both directions (0–100; ROUGE as mean F × 100)", columns: ["Metric", "WEB against KJV", "KJV against WEB"],
                           rows: [row("BLEU") { formatted($0.bleu.score, digits: 2) },
                                  row("BLEU, lower-cased") { formatted($0.bleuLowercase.score, digits: 2) },
                                  row("n-gram precisions p1/p2/p3/p4") { $0.bleu.precisions.map { formatted($0, digits: 1) }.joined(separator: "/") },
                                  row("brevity penalty (hyp/ref words)") { "\(formatted($0.bleu.brevityPenalty, digits: 3)) (\($0.bleu.statistics.hypothesisLength)/\($0.bleu.statistics.referenceLength))" },
                                  row("chrF") { formatted($0.chrF.score, digits: 2) },
                                  row("chrF++") { formatted($0.chrFPlusPlus.score, digits: 2) },
                                  row("ROUGE-1") { formatted(100 * $0.rougeMeanF[0], digits: 2) },
                                  row("ROUGE-2") { formatted(100 * $0.rougeMeanF[1], digits: 2) },
                                  row("ROUGE-L") { formatted(100 * $0.rougeMeanF[2], digits: 2) },
                                  row("ROUGE-L, stemmed") { formatted(100 * $0.rougeMeanFStemmed[2], digits: 2) },
                                  row("exact match (SQuAD)") { formatted($0.squadV2.exactMatch, digits: 2) },
                                  row("token F1 (SQuAD)") { formatted($0.squadV2.f1, digits: 2) }]),
                     Table(title: "Where they differ: three verses", columns: ["Verse", "King James", "World English Bible", "sentence BLEU", "chrF"],
                           rows: exampleVerses.map { i in [pairs.pairs[i].reference, pairs.pairs[i].kjv, pairs.pairs[i].web, formatted(w.sentenceBLEU[i], digits: 1), formatted(w.sentenceChrF[i], digits: 1)] })],
            observations: [
                "BLEU between two careful translations is \(formatted(w.bleu.score, digits: 1)), far from 100: the precisions fall from \(formatted(p[0], digits: 1))% for single words to \(formatted(p[3], digits: 1))% for 4-grams, because the WEB says the same thing in other words and another order (\"became the father of\" for \"begat\", \"you\" for \"ye\"). One reference is one way of saying it; BLEU counts only that way.",
                "The metrics disagree in scale, not in kind: chrF (\(formatted(w.chrF.score, digits: 1))) credits shared stems and spellings that BLEU's exact 4-grams miss; ROUGE-1 F (\(formatted(100 * w.rougeMeanF[0], digits: 1))) counts single words without order; stemming raises ROUGE-L from \(formatted(100 * w.rougeMeanF[2], digits: 1)) to \(formatted(100 * w.rougeMeanFStemmed[2], digits: 1)).",
                "Per verse, \(Metric.percent("", zeroShare).display) score below 10 and \(Metric.percent("", highShare).display) at 50 or more (the plot): a single sentence BLEU says little, which is why BLEU is a corpus metric.",
                "For BLEU the direction matters mostly through length: the WEB is \(formatted(100 * (1 - w.bleu.lengthRatio), digits: 1))% shorter, so as the hypothesis it pays a brevity penalty of \(formatted(w.bleu.brevityPenalty, digits: 3)); the other way BP is 1 and the precisions are lower (BLEU \(formatted(k.bleu.score, digits: 2)) against \(formatted(w.bleu.score, digits: 2))). chrF, which weighs recall twice as much as precision, moves too (\(formatted(w.chrF.score, digits: 2)) against \(formatted(k.chrF.score, digits: 2))); the F-scores of ROUGE and token F1 are symmetric and do not. The King James against itself scores \(formatted(kjvAgainstItself.score, digits: 0)).",
            ],
            plots: [sentenceScoresPlot],
            conclusion: "Reported: BLEU \(formatted(w.bleu.score, digits: 2)) between two human translations, with its signature; BLEU measures agreement with one reference, not quality.",
            provenance: provenance ?? .current(seed: 0))
    }

    /// The verses with the lowest and highest sentence BLEU among those of 15–25 words, and one
    /// in the middle.
    var exampleVerses: [Int] {
        let w = webAgainstKJV
        let mid = pairs.pairs.indices.filter { (15...25).contains(pairs.pairs[$0].kjv.split(separator: " ").count) }
        let sorted = mid.sorted { (w.sentenceBLEU[$0], $0) < (w.sentenceBLEU[$1], $1) }
        return [sorted.first!, sorted[sorted.count / 2], sorted.last!]
    }

    var sentenceScoresPlot: Plot {
        let edges = stride(from: 0, to: 100, by: 10).map { $0 }
        func histogram(_ scores: [Double]) -> [Double] { edges.map { e in Double(scores.filter { $0 >= Double(e) && ($0 < Double(e + 10) || e == 90) }.count) } }
        return Plot(file: "m10_sentence_scores.png", title: "M10: sentence BLEU of the WEB against the KJV, verse by verse", kind: "histogram",
                    description: "How many of the \(pairs.pairs.count) verses score in each band of 10 points of sentence BLEU (exp smoothing, effective order): most verses of a good translation share few exact 4-grams with another.",
                    xLabel: "sentence BLEU", yLabel: "verses",
                    layers: [.bars(labels: edges.map { "\($0)–\($0 + 10)" }, values: histogram(webAgainstKJV.sentenceBLEU))])
    }
}

extension ModelContinuations {
    func system(_ method: FineTuningMethod?, sampled: Bool) -> System? { systems.first { $0.method == method && $0.sampled == sampled } }

    public func record(provenance: Provenance? = nil) -> ExperimentRecord {
        let base = system(nil, sampled: true)!, full = system(.full, sampled: true)!
        let greedyBase = system(nil, sampled: false)!, greedyFull = system(.full, sampled: false)!
        let adapted = systems.filter { $0.sampled && $0.method != nil }
        let rhos = rankCorrelations.map(\.rho)
        let weakest = rankCorrelations.min { $0.rho < $1.rho }!
        let adaptedLosses = adapted.map(\.newTestamentDevLoss), adaptedLossSpread = (adaptedLosses.max() ?? 0) - (adaptedLosses.min() ?? 0)
        let loopWord = greedyFull.tokenF1 < greedyBase.tokenF1 ? "lower" : "higher"
        return ExperimentRecord(
            milestone: .evaluationMetrics, experiment: "model-continuations", title: "Scoring the Workbook's Own Models", order: 3,
            objective: "Continue the first half of held-out New Testament verses with Chapter 8's Shakespeare GPT and Chapter 9's fine-tunes, score the continuations against the true second halves with every metric, and ask whether the metrics agree on the order of the systems.",
            setup: [Field("Verses", "\(tasks.count) dev verses (1 Peter 3 to Revelation, never trained on), each cut at the space nearest its middle; continuations stop at a newline or \(Self.maximumLength) characters"),
                    Field("Systems", "sampled (temperature \(formatted(Self.sampling.temperature, digits: 1)), top-k \(Self.sampling.topK ?? 0), verse i seeded \(Self.samplingSeed) + i): the base and its LoRA r = 1, 4, 16 and full fine-tunes (Chapter 9's run); greedy: the base and the full fine-tune"),
                    Field("Metrics", "corpus BLEU (`\(base.bleu.signature)`), corpus chrF, ROUGE-1 and ROUGE-L (mean F), SQuAD token F1 (v2.0)")],
            metrics: [.decimal("chrF, base sampled", base.chrF.score, digits: 2), .decimal("chrF, full fine-tune sampled", full.chrF.score, digits: 2),
                      .decimal("BLEU, base sampled", base.bleu.score, digits: 3), .decimal("BLEU, full fine-tune sampled", full.bleu.score, digits: 3),
                      .decimal("Token F1, base sampled", base.tokenF1, digits: 2), .decimal("Token F1, full fine-tune sampled", full.tokenF1, digits: 2),
                      .decimal("Smallest Spearman ρ between two metrics", rhos.min() ?? .nan, digits: 3),
                      .decimal("Mean Spearman ρ between two metrics", rhos.reduce(0, +) / Double(max(rhos.count, 1)), digits: 3)],
            tracking: .adaptation(perplexity: "—", bleuOrF1: "chrF \(formatted(base.chrF.score, digits: 1)) → \(formatted(full.chrF.score, digits: 1)), F1 \(formatted(base.tokenF1, digits: 1)) → \(formatted(full.tokenF1, digits: 1)) (base → full fine-tune, sampled)", retrievalAccuracy: "—"),
            trackingNote: "metric agreement: Spearman ρ \(formatted(rhos.min() ?? .nan, digits: 2))–\(formatted(rhos.max() ?? .nan, digits: 2)) over \(systems.count) systems",
            tables: [Table(title: "Scores of each system's continuations (0–100)", columns: ["System"] + Self.metricNames + ["Distinct continuations"],
                           rows: systems.map { [$0.name] + $0.scores.map { formatted($0, digits: 2) } + ["\(Set($0.continuations).count) of \($0.continuations.count)"] }),
                     Table(title: "Agreement between metrics: Spearman's ρ over the \(systems.count) systems (GSL)", columns: ["Metric", "Metric", "ρ"],
                           rows: rankCorrelations.map { [$0.first, $0.second, formatted($0.rho, digits: 3)] }),
                     Table(title: "Two verses continued", columns: ["Prompt", "True second half", "Base, sampled", "Full fine-tune, sampled", "Full fine-tune, greedy"],
                           rows: [0, tasks.count / 2].map { i in [tasks[i].prompt, tasks[i].target, base.continuations[i], full.continuations[i], greedyFull.continuations[i]].map { "`\($0)`" } })],
            observations: [
                .judged(by: "Every adapted model scores higher than the base on every metric",
                        passed: "Sampled, every fine-tune beat the base on all five metrics: chrF \(formatted(base.chrF.score, digits: 1)) → \(adapted.map { formatted($0.chrF.score, digits: 1) }.joined(separator: "/")), token F1 \(formatted(base.tokenF1, digits: 1)) → \(adapted.map { formatted($0.tokenF1, digits: 1) }.joined(separator: "/")), BLEU \(formatted(base.bleu.score, digits: 2)) → \(adapted.map { formatted($0.bleu.score, digits: 2) }.joined(separator: "/")) (r = 1, 4, 16, full).",
                        failed: "Not every adapted model beat the base on every metric (sampled): \(systems.filter(\.sampled).map { "\($0.name): \($0.scores.map { formatted($0, digits: 2) }.joined(separator: "/"))" }.joined(separator: "; "))."),
                .judged(by: "The metrics agree on the order of the systems",
                        passed: "Every two metrics rank the \(systems.count) systems in positively correlated orders (Spearman's ρ \(formatted(rhos.min() ?? .nan, digits: 2)) to \(formatted(rhos.max() ?? .nan, digits: 2)), mean \(formatted(rhos.reduce(0, +) / Double(max(rhos.count, 1)), digits: 2))). They agree where the systems differ (the base against the fine-tunes) and not where they barely do: the four fine-tunes' New Testament dev losses are within \(formatted(adaptedLossSpread, digits: 3)) nats of each other, and \(weakest.first) and \(weakest.second) order them differently (ρ \(formatted(weakest.rho, digits: 2))).",
                        failed: "Two metrics rank the systems in opposite orders: Spearman's ρ \(rankCorrelations.map { "\($0.first)/\($0.second) \(formatted($0.rho, digits: 2))" }.joined(separator: ", "))."),
                "Greedy decoding collapses into a loop for this 2-layer character model (Holtzman et al. 2020 call it degeneration): the base gives \(Set(greedyBase.continuations).count) distinct continuations for \(tasks.count) verses, the full fine-tune \(Set(greedyFull.continuations).count) (\"\(greedyFull.continuations[0].prefix(24))…\"). On loops the metrics do not separate the models: greedy chrF \(formatted(greedyBase.chrF.score, digits: 1)) base against \(formatted(greedyFull.chrF.score, digits: 1)) full, token F1 \(formatted(greedyBase.tokenF1, digits: 1)) against \(formatted(greedyFull.tokenF1, digits: 1)): the fine-tune's loop scores \(loopWord) on token F1 than the base's, whatever either model knows. So the comparison of models is made on sampled text.",
                "BLEU is the least informative of the five here: the continuations share almost no 4-grams with the truth (BLEU at most \(formatted(systems.map(\.bleu.score).max() ?? 0, digits: 2)) for any system, with smoothing doing most of the work), while chrF and F1 put every sampled fine-tune \(formatted(adapted.map { $0.chrF.score / base.chrF.score }.min() ?? .nan, digits: 1))–\(formatted(adapted.map { $0.tokenF1 / base.tokenF1 }.max() ?? .nan, digits: 1)) times above the base. That is the regime in which Post (2018) and Popović (2015) advise against relying on BLEU alone.",
            ],
            plots: [systemsPlot],
            conclusion: "Pass: fine-tuning on the New Testament shows in every metric on sampled text; greedy text from a model this small is a loop that no metric can rank.",
            provenance: provenance ?? .current(seed: Self.samplingSeed))
    }

    var systemsPlot: Plot {
        Plot(file: "m10_metrics_by_system.png", title: "M10: chrF against BLEU for each system", kind: "scatter",
             description: "One point per model and decoding: corpus chrF (x) against corpus BLEU (y) of the continuations; agreeing metrics put the points on a rising line.",
             xLabel: "chrF", yLabel: "BLEU",
             layers: [.scatter(label: "greedy", points: systems.filter { !$0.sampled }.map { PlotPoint($0.chrF.score, $0.bleu.score) }, marker: .circle, filled: true, colorGroup: 0),
                      .scatter(label: "sampled", points: systems.filter(\.sampled).map { PlotPoint($0.chrF.score, $0.bleu.score) }, marker: .triangle, filled: true, colorGroup: 1),
                      .labels(systems.map { PlotLabel(x: $0.chrF.score, y: $0.bleu.score, text: " " + ($0.method.map { "\($0)".replacingOccurrences(of: "full fine-tuning", with: "full") } ?? "base")) })])
    }
}
