import Testing
import EvaluationMetrics
import EvaluationMetricsExperiments
import WorkbookTesting

@Suite("M10 · Evaluation metrics: equal to the references")
struct ReferenceEqualityTests {
    func expectEqual(_ metric: String) throws {
        attach(try SharedRuns.equalityRecord.get())
        let comparison = try #require(try SharedRuns.equality.get().comparison(metric))
        #expect(comparison.checked > 0)
        #expect(comparison.exactMismatches == 0, "\(comparison.exactMismatches) of \(comparison.checked) exact values differ: \(comparison.examples)")
        #expect(comparison.largestRelativeDifference <= ReferenceEquality.tolerance, "largest relative difference \(comparison.largestRelativeDifference): \(comparison.examples)")
    }

    @Test("Lower-casing, splitting and stripping equal Python's str methods")
    func pythonText() throws { try expectEqual("Python str semantics") }

    @Test("The 13a tokenizer equals sacrebleu's on every case")
    func tokenizer() throws { try expectEqual("13a tokenizer") }

    @Test("BLEU equals sacrebleu 2.6.0: statistics exactly, scores to 1e-12, signatures and printed lines")
    func bleu() throws { try expectEqual("BLEU") }

    @Test("chrF and chrF++ equal sacrebleu 2.6.0: statistics exactly, scores to 1e-12")
    func chrf() throws { try expectEqual("chrF and chrF++") }

    @Test("The Porter stemmer equals NLTK's default mode on every word of the word list")
    func porter() throws {
        try expectEqual("Porter stemmer (NLTK)")
        let equality = try SharedRuns.equality.get()
        #expect(equality.comparison("Porter stemmer (NLTK)")!.checked == equality.porterFixture.word_count + equality.porterFixture.extra_words.count)
    }

    @Test("ROUGE-1/2/L/Lsum equal rouge-score 0.1.2, with and without the stemmer")
    func rouge() throws { try expectEqual("ROUGE") }

    @Test("Exact match and F1 equal the SQuAD v1.1 and v2.0 scripts")
    func squad() throws { try expectEqual("SQuAD exact match and F1") }
}
