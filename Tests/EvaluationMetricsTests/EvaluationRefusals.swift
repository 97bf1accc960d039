import Testing
import EvaluationMetrics
import GSL
import Numerics
import WorkbookTesting

@Suite("M10 · Evaluation metrics: what the metrics refuse")
struct EvaluationRefusals {
    @Test("Mismatched numbers of hypotheses and references, and a stream with a hole, are errors naming the stream")
    func mismatchedStreams() throws {
        let error = #expect(throws: ArgumentError.self) {
            try BLEU.corpus.corpusScore(hypotheses: ["a b", "c d", "e f"], references: [["a b", "c d", "e f"], ["a b", "e f"]])
        }
        #expect(error?.parameter == "references[1]")
        #expect(error?.description.contains("3") == true)
        #expect(throws: ArgumentError.self) { try CHRF.chrF.corpusScore(hypotheses: ["a"], references: [["a", "b"]]) }
        #expect(throws: ArgumentError.self) { try BLEU.corpus.corpusScore(hypotheses: ["a"], references: []) }
        #expect(throws: ArgumentError.self) { try BLEU.corpus.sentenceScore(hypothesis: "a", references: []) }
        #expect(throws: ArgumentError.self) { try ROUGE().score(.l, targets: [], prediction: "a") }
        #expect(throws: ArgumentError.self) { try SQuADMetrics.corpusScore(predictions: ["a", "b"], golds: [["a"]], version: .v1_1) }
        #expect(throws: ArgumentError.self) { try SQuADMetrics.score(prediction: "a", golds: [], version: .v2_0) }
    }

    @Test("Orders, smoothing values and ROUGE-N outside what the metrics define are refused")
    func invalidSettings() {
        expectEveryDrawRefused(draws: 200, seed: 10, "metric settings") { g in
            let bad = try g.integer(below: 2) == 0 ? -Int(try g.integer(below: 5)) : 5 + Int(try g.integer(below: 100))
            switch try g.integer(below: 6) {
            case 0: _ = try BLEU(maxOrder: bad)
            case 1: _ = try CHRF(characterOrder: bad + (bad > 0 ? 2 : 0))
            case 2: _ = try CHRF(wordOrder: bad > 0 ? bad : bad - 1)
            case 3: _ = try BLEU(smoothing: .floor(-1 - g.uniform()))
            case 4: _ = try BLEU(smoothing: .addK(try g.integer(below: 2) == 0 ? .nan : .infinity))
            default: _ = try ROUGE().score(.n(bad), target: "a b", prediction: "a b")
            }
        }
    }

    @Test("Any text is scored without a crash: empty, whitespace only, control characters, lone combining marks, long lines")
    func anyTextIsScored() throws {
        let texts = ["", " ", "\t\n\u{0B}\u{0C}\r", "\u{0301}", "\u{FEFF}", String(repeating: "a b ", count: 1_500), "\u{0}", "&amp;&lt;&gt;&quot;-\n<skipped>", "ΣΣΣ", "💥💥💥"]
        for h in texts {
            for r in texts {
                _ = try BLEU.corpus.sentenceScore(hypothesis: h, references: [r])
                _ = try BLEU.sentence.sentenceScore(hypothesis: h, references: [r, h])
                _ = try CHRF.chrFPlusPlus.sentenceScore(hypothesis: h, references: [r])
                _ = try ROUGE(useStemmer: true).scores(target: r, prediction: h)
                _ = try SQuADMetrics.score(prediction: h, golds: [r], version: .v2_0)
            }
        }
    }
}

@Suite("M10 · Evaluation metrics: ROUGE-Lsum's table limit")
struct ROUGETableLimit {
    @Test("Two sentences too long for one LCS table are refused, naming their lengths; ROUGE-L keeps one row and scores them")
    func longSentences() throws {
        let long = String(repeating: "word ", count: 5_000)
        let error = #expect(throws: ArgumentError.self) { try ROUGE().score(.lsum, target: long, prediction: long) }
        #expect(error?.value == "5000 and 5000 tokens")
        #expect(try ROUGE().score(.l, target: long, prediction: long).fMeasure == 1)
    }
}
