import Foundation
import Testing
import ExperimentRecords
import Numerics
import WorkbookTesting
import MultilayerPerceptron
import MultilayerPerceptronExperiments

@Suite("M2 · Multilayer perceptron: chapter and fixtures")
struct MultilayerPerceptronChapter {
    @Test("Each toy data set's fixture regenerates byte for byte from its seed", arguments: ToyDataset.all)
    func fixtureRegenerates(dataset: ToyDataset) throws {
        let committed = try String(contentsOf: packageRoot.appendingPathComponent(dataset.fixturePath), encoding: .utf8)
        #expect(try dataset.csv() == committed, "\(dataset.fixturePath) differs from what seed \(dataset.seed) generates: run `swift run workbook fixtures`")
    }

    @Test("Chapter 2's listings match their sources")
    func listingsMatchSources() throws {
        try expectListingsMatchSources(of: .multilayerPerceptron, minimum: 5)
    }
}

extension ToyDataset: CustomTestStringConvertible {
    public var testDescription: String { name }
}
