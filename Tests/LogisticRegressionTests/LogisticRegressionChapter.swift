import Foundation
import Testing
import ExperimentRecords
import Numerics
import WorkbookTesting
import LogisticRegression
import LogisticRegressionExperiments

@Suite("M1 · Logistic regression: chapter and fixtures")
struct LogisticRegressionChapter {
    @Test("The blobs fixture regenerates byte for byte from its seed")
    func fixtureRegenerates() throws {
        let committed = try String(contentsOf: packageRoot.appendingPathComponent(GaussianBlobs.fixturePath), encoding: .utf8)
        #expect(try GaussianBlobs.chapterDefault.csv() == committed,
                "\(GaussianBlobs.fixturePath) differs from the data seed \(GaussianBlobs.chapterDefault.seed) generates: run `swift run workbook fixtures`")
        var otherSeed = GaussianBlobs.chapterDefault
        otherSeed.seed += 1
        #expect(try otherSeed.csv() != committed)
    }

    @Test("Chapter 1's listings match their sources")
    func listingsMatchSources() throws {
        try expectListingsMatchSources(of: .logisticRegression, minimum: 4)
    }
}
