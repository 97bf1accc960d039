import Foundation
import Testing
import EvaluationMetrics
import EvaluationMetricsExperiments
import WorkbookTesting

@Suite("M10 · Evaluation metrics: outcomes")
struct EvaluationOutcomes {
    @Test("BLEU's textbook properties hold on the worked examples")
    func textbookProperties() throws {
        attach(try SharedRuns.equalityRecord.get())
        let worked = try SharedRuns.worked.get()
        #expect(abs(worked.identicalBLEU - 100) <= 1e-12, "exp(log 100) = \(worked.identicalBLEU)")
        #expect(worked.papineniUnclippedPrecision == 100)
        #expect(abs(worked.papineniClippedPrecision - 100.0 * 2 / 7) <= 1e-12, "lower-cased, \"the\" occurs twice in the first reference")
        #expect(abs(worked.brevityPenalty - exp(-0.25)) <= 1e-15, "exp(1 − 15/12) = exp(−0.25)")
        #expect(abs(worked.corpusBLEU - worked.meanSentenceBLEU) > 1, "corpus \(worked.corpusBLEU) vs mean sentence \(worked.meanSentenceBLEU)")
        // Effective order: a 3-word hypothesis equal to its reference is 100 with it, 0 without.
        #expect(abs(try BLEU.sentence.sentenceScore(hypothesis: "the cat sat", references: ["the cat sat"]).score - 100) <= 1e-12)
        #expect(try BLEU(smoothing: .none).sentenceScore(hypothesis: "the cat sat", references: ["the cat sat"]).score == 0)
    }

    @Test("Two human translations score far from 100 on every metric, and each text scores 100 against itself")
    func translations() throws {
        attach(try SharedRuns.translationsRecord.get())
        let study = try SharedRuns.translations.get()
        #expect(study.pairs.pairs.count == 7950)
        #expect(abs(study.kjvAgainstItself.score - 100) <= 1e-12)
        for d in [study.webAgainstKJV, study.kjvAgainstWEB] {
            #expect(d.bleu.score > 20 && d.bleu.score < 60, "\(d.name): BLEU \(d.bleu.score)")
            #expect(d.chrF.score > d.bleu.score, "\(d.name): chrF \(d.chrF.score) vs BLEU \(d.bleu.score)")
            #expect(zip(d.bleu.precisions, d.bleu.precisions.dropFirst()).allSatisfy { $0 > $1 }, "\(d.name): precisions \(d.bleu.precisions)")
        }
        #expect(study.webAgainstKJV.bleu.brevityPenalty < 1 && study.kjvAgainstWEB.bleu.brevityPenalty == 1)
    }

    @Test("Every adapted model scores higher than the base on every metric")
    func adaptedBeatsBase() throws {
        attach(try SharedRuns.continuationsRecord.get())
        let result = try SharedRuns.continuations.get()
        let base = try #require(result.systems.first { $0.method == nil && $0.sampled })
        #expect(result.systems.filter { $0.method != nil && $0.sampled }.count == 4)
        for system in result.systems where system.method != nil && system.sampled {
            for (name, (score, baseline)) in zip(ModelContinuations.metricNames, zip(system.scores, base.scores)) {
                #expect(score > baseline, "\(system.name) \(name): \(score) vs base \(baseline)")
            }
        }
    }

    /// Stated before the final run: every two metrics order the 7 systems with a positive
    /// Spearman ρ (the fine-tunes are too close for more; the record gives every ρ).
    @Test("The metrics agree on the order of the systems")
    func metricsAgree() throws {
        attach(try SharedRuns.continuationsRecord.get())
        let result = try SharedRuns.continuations.get()
        #expect(result.systems.count == 7)
        #expect(result.rankCorrelations.count == 10)
        for c in result.rankCorrelations { #expect(c.rho > 0, "\(c.first) vs \(c.second): ρ = \(c.rho)") }
    }
}

@Suite("M10 · Evaluation metrics: chapter")
struct EvaluationMetricsChapter {
    @Test("Chapter 10's listings match their sources")
    func listingsMatchSources() throws {
        try expectListingsMatchSources(of: .evaluationMetrics, minimum: 6)
    }
}
