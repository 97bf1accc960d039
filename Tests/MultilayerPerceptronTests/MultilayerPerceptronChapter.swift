import Foundation
import Testing
import WorkbookCore
@testable import MultilayerPerceptron

@Suite("M2 · Multilayer perceptron: chapter and fixtures")
struct MultilayerPerceptronChapter {
    static let packageRoot = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)

    @Test("Each toy data set's fixture regenerates byte for byte from its seed", arguments: ToyDataset.all)
    func fixtureRegenerates(dataset: ToyDataset) throws {
        let committed = try String(contentsOf: Self.packageRoot.appendingPathComponent(dataset.fixturePath), encoding: .utf8)
        #expect(dataset.csv() == committed, "\(dataset.fixturePath) differs from what seed \(dataset.seed) generates: run `swift run workbook fixtures`")
    }

    @Test("Chapter 2's listings match their sources")
    func listingsMatchSources() throws {
        let listings = ChapterListings(chapter: Self.packageRoot.appendingPathComponent("Chapters/02-MultilayerPerceptron.md"),
                                       packageRoot: Self.packageRoot)
        #expect(try listings.count() >= 5)
        for drift in try listings.drift() { Issue.record("\(drift)") }
    }
}

extension ToyDataset: CustomTestStringConvertible {
    public var testDescription: String { name }
}
