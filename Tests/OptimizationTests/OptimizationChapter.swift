import Foundation
import Testing
import ExperimentRecords
import Numerics
import WorkbookTesting
import Optimization
import OptimizationExperiments

@Suite("M4 · Optimization and generalization: chapter, data and schedule")
struct OptimizationChapter {
    @Test("Chapter 4's listings match their sources")
    func listingsMatchSources() throws {
        try expectListingsMatchSources(of: .optimization, minimum: 4)
    }

    @Test("The digits load as 1,797 labelled 8×8 images, split 60/20/20 by seed")
    func digitsLoad() throws {
        let split = try DigitsDataset.standardSplit()
        let sizes: [Int] = [split.train.count, split.validation.count, split.test.count]
        #expect(sizes == [1078, 359, 360])
        #expect(Set(split.test.labels) == Set(0...9))
        #expect(split.train.features.entries.allSatisfy { (0...1).contains($0) })
    }

    @Test("A malformed digits file is an error naming the file, the line and the problem")
    func malformedDigits() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("digits-\(UUID().uuidString).csv")
        let good = Array(repeating: "0", count: 64).joined(separator: ",") + ",3"
        try (good + "\n" + good + ",7\n").write(to: url, atomically: true, encoding: .utf8)
        #expect(throws: FileFormatError(file: url.path, line: 2, problem: "expected 65 comma-separated values (64 pixels and a label), found 66")) {
            try DigitsDataset.load(from: url)
        }
        try (good.replacingOccurrences(of: ",3", with: ",12") + "\n").write(to: url, atomically: true, encoding: .utf8)
        #expect(throws: FileFormatError(file: url.path, line: 1, problem: "pixels must lie in 0…16 and the label in 0…9")) {
            try DigitsDataset.load(from: url)
        }
    }

    @Test("Warm-up + cosine: linear warm-up, the midpoint of the decay halfway, the floor at the end")
    func schedule() throws {
        let s = try WarmupCosineSchedule(peak: 1, floor: 0.1, warmupSteps: 10, totalSteps: 110)
        #expect(try s.rate(at: 0) == 0.1 && s.rate(at: 4) == 0.5 && s.rate(at: 9) == 1)
        #expect(try abs(s.rate(at: 60) - 0.55) < 1e-15)
        #expect(try abs(s.rate(at: 110) - 0.1) < 1e-15 && abs(s.rate(at: 500) - 0.1) < 1e-15)
    }
}
