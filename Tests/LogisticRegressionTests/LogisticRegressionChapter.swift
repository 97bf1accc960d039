import Foundation
import Testing
import WorkbookCore
@testable import LogisticRegression

@Suite("M1 · Logistic regression: chapter and fixtures")
struct LogisticRegressionChapter {
    static let packageRoot = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)

    @Test("The blobs fixture regenerates byte for byte from its seed")
    func fixtureRegenerates() throws {
        let committed = try String(contentsOf: Self.packageRoot.appendingPathComponent(GaussianBlobs.fixturePath), encoding: .utf8)
        #expect(GaussianBlobs.chapterDefault.csv() == committed,
                "\(GaussianBlobs.fixturePath) differs from the data seed \(GaussianBlobs.chapterDefault.seed) generates: run `swift run workbook fixtures`")
        var otherSeed = GaussianBlobs.chapterDefault
        otherSeed.seed += 1
        #expect(otherSeed.csv() != committed)
    }

    @Test("Chapter 1's listings match their sources")
    func listingsMatchSources() throws {
        let listings = ChapterListings(chapter: Self.packageRoot.appendingPathComponent("Chapters/01-LogisticRegression.md"),
                                       packageRoot: Self.packageRoot)
        #expect(try listings.count() >= 4)
        for drift in try listings.drift() {
            Issue.record("\(drift)")
        }
    }
}
