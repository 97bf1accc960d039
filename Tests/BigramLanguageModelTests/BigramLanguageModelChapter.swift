import Foundation
import Testing
import ExperimentRecords
import Numerics
import WorkbookTesting
import BigramLanguageModel
import BigramLanguageModelExperiments

@Suite("M5 · Bigram language model: chapter, data and hand-worked examples")
struct BigramLanguageModelChapter {
    @Test("Chapter 5's listings match their sources")
    func listingsMatchSources() throws {
        try expectListingsMatchSources(of: .bigramModel, minimum: 4)
    }

    @Test("Hand-worked: counts, add-1 probabilities and NLL of the words 'ab' and 'b'")
    func handWorked() throws {
        let counts = try BigramCounts(sequences: [[0, 1, 2, 0], [0, 2, 0]], size: 3)   // .ab. and .b.
        #expect(counts.counts == [[0, 1, 1], [0, 0, 1], [2, 0, 0]])
        let p = try smoothedProbabilities(counts, k: 1)
        #expect(p[0] == [1.0 / 5, 2.0 / 5, 2.0 / 5] && p[2] == [3.0 / 5, 1.0 / 5, 1.0 / 5])
        #expect(try abs(negativeLogLikelihood(p, sequences: [[0, 2, 0]]) - -(log(2.0 / 5) + log(3.0 / 5)) / 2) < 1e-15)
    }

    @Test("A two-state chain's entropy rate matches the closed form")
    func entropyRateClosedForm() throws {
        // P = [[1 − a, a], [b, 1 − b]]: π = (b, a)/(a + b), H = π₀ h(a) + π₁ h(b) with h the binary entropy.
        let (a, b) = (0.2, 0.6)
        let h = { (p: Double) in -(p * log(p) + (1 - p) * log(1 - p)) }
        let source = try MarkovSource(transitions: [[1 - a, a], [b, 1 - b]])
        #expect(abs(source.stationaryDistribution[0] - b / (a + b)) < 1e-12)
        #expect(abs(source.entropyRate - (b * h(a) + a * h(b)) / (a + b)) < 1e-12)
    }

    @Test("The word list splits 80/10/10 and every word encodes and decodes losslessly")
    func wordList() throws {
        let words = try SharedRuns.words.get()
        #expect(words.train.count + words.dev.count + words.test.count == 63_875)
        #expect(Set(words.train).isDisjoint(with: words.test))
        for word in words.dev.prefix(1000) { #expect(try CharacterVocabulary.decode(CharacterVocabulary.encode(word)) == word) }
    }

    @Test("A malformed transition matrix is an error naming the file, the line and the problem")
    func malformedMarkov() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("markov-\(UUID().uuidString).csv")
        try "# comment\n0.5,0.5\n0.3,0.6\n".write(to: url, atomically: true, encoding: .utf8)
        #expect(throws: FileFormatError(file: url.path, line: 3, problem: "the row sums to 0.8999999999999999, not 1")) {
            try MarkovSource.load(from: url)
        }
    }
}
