import Foundation
import Testing
import AutogradEngine
import FineTuning
import GPT
import GPTFastPath
import GSL
import Numerics
import WorkbookTesting

/// What the fine-tuning code refuses: settings, factors, low-rank terms, weights written into
/// a model, masked targets, safetensors tensors and singular value decompositions.
@Suite("M9 · Fine-tuning and LoRA: what the code refuses")
struct FineTuningRefusals {
    static let configuration = GPTConfiguration(layers: 1, heads: 2, width: 8, blockSize: 4, batchSize: 2)

    static func base() throws -> FusedGPT<Double> { try FusedGPT<Double>(configuration: configuration, vocabularySize: 11, seed: 1) }

    @Test("LoRA settings: rank below 1 or above the matrix, α not above 0, no or repeated matrices")
    func settings() throws {
        let base = try Self.base()
        #expect(throws: ArgumentError(parameter: "rank", value: "9", allowed: "at most min(inputs, outputs) = 8 for queryKeyValue")) {
            try LoRAFineTuner(base: base, settings: LoRASettings(rank: 9))
        }
        expectEveryDrawRefused(draws: 100, seed: 91, "LoRA settings") { g in
            var settings = LoRASettings(rank: 2)
            switch try g.integer(below: 4) {
            case 0: settings.rank = -(try g.integer(below: 5))
            case 1: settings.alpha = [0, -1, .nan, .infinity][try g.integer(below: 4)]
            case 2: settings.matrices = []
            default: settings.matrices = [.expand, .expand]
            }
            _ = try LoRAFineTuner(base: base, settings: settings)
        }
    }

    @Test("Factors, low-rank terms and written weights of the wrong size, place or value are refused")
    func factorsAndTerms() throws {
        let base = try Self.base(), tuner = try LoRAFineTuner(base: base, settings: LoRASettings(rank: 2))
        expectEveryDrawRefused(draws: 100, seed: 92, "factors and terms") { g in
            let a = tuner.adapters[0].a, b = tuner.adapters[0].b
            switch try g.integer(below: 6) {
            case 0: try tuner.setFactors(try g.invalidIndex(below: tuner.adapters.count), a: a, b: b)
            case 1: try tuner.setFactors(0, a: Array(a.dropLast()), b: b)
            case 2: try tuner.setFactors(0, a: a, b: b.map { _ in .nan })
            case 3: try base.setLowRankTerms([LowRankTerm(layer: 5, matrix: .projection, rank: 1, scale: 1, a: [Double](repeating: 0, count: 8),
                                                          b: [Double](repeating: 0, count: 8), width: 8)])
            case 4: _ = try LowRankTerm(layer: 0, matrix: .contract, rank: 2, scale: 1, a: [0], b: [0], width: 8)
            default: try base.replaceParameters(at: try g.invalidIndex(below: base.layout.count), with: [1, 2])
            }
        }
    }

    @Test("A model with low-rank terms set refuses to train: its backward pass does not include them")
    func unmergedModelDoesNotTrain() throws {
        let unmerged = try LoRAFineTuner(base: try Self.base(), settings: LoRASettings(rank: 2)).unmergedModel()
        try unmerged.forward([1, 2, 3, 4], targets: [2, 3, 4, 5], sequences: 1)
        #expect(throws: ArgumentError.self) { try unmerged.backward() }
        #expect(throws: ArgumentError.self) { try unmerged.trainingStep(([1, 2, 3, 4, 1, 2, 3, 4], [2, 3, 4, 5, 2, 3, 4, 5]), learningRate: 1e-3, step: 1) }
    }

    @Test("Masked cross-entropy refuses targets outside the classes other than −100, and a batch with every target ignored")
    func maskedTargets() throws {
        let logits = try Tensor([Double](repeating: 0, count: 12), shape: [3, 4])
        #expect(throws: ArgumentError(parameter: "targets", value: "all 3 ignored", allowed: "at least one target that is not -100")) {
            try logits.maskedCrossEntropy(targets: [ignoreIndex, ignoreIndex, ignoreIndex])
        }
        expectEveryDrawRefused(draws: 200, seed: 93, "masked targets") { g in
            var targets = [0, ignoreIndex, 3]
            let bad = try g.invalidIndex(below: 4)
            targets[try g.integer(below: 3)] = bad == ignoreIndex ? 4 : bad
            _ = try logits.maskedCrossEntropy(targets: targets)
        }
    }

    @Test("Safetensors tensors and SVD inputs that cannot be stored or decomposed are refused")
    func safetensorsAndSVD() throws {
        var file = SafetensorsFile()
        try file.add("w", shape: [2, 2], values: [1, 2, 3, 4])
        #expect(throws: ArgumentError.self) { try file.add("w", shape: [1], values: [1]) }
        #expect(throws: ArgumentError.self) { try file.add("__metadata__", shape: [1], values: [1]) }
        #expect(throws: ArgumentError.self) { try file.add("v", shape: [2, -1], values: []) }
        #expect(throws: ArgumentError.self) { try file.add("v", shape: [3], values: [1, 2]) }
        #expect(throws: GSLError.self) { try SingularValueDecomposition([1, 2, 3], rows: 2, columns: 2) }
        #expect(throws: GSLError.self) { try SingularValueDecomposition([1, .nan, 3, 4], rows: 2, columns: 2) }
        #expect(throws: GSLError.self) { try SingularValueDecomposition([1, 2, 3, 4], rows: 2, columns: 2).truncated(rank: 3) }
    }

    @Test("GSL's SVD on a hand-worked matrix: σ = 5, 3 for [[3, 2, 2], [2, 3, −2]], and a wide matrix equals its transpose's")
    func handWorkedSVD() throws {
        let m = [3.0, 2, 2, 2, 3, -2]
        let svd = try SingularValueDecomposition(m, rows: 2, columns: 3)
        #expect(abs(svd.singularValues[0] - 5) < 1e-12 && abs(svd.singularValues[1] - 3) < 1e-12)
        let rebuilt = try svd.truncated(rank: 2)
        #expect(zip(rebuilt, m).allSatisfy { abs($0 - $1) < 1e-12 })
        #expect(abs(try svd.truncationError(rank: 1) - 3) < 1e-12)
        let transposed = try SingularValueDecomposition([3, 2, 2, 3, 2, -2], rows: 3, columns: 2)
        #expect(zip(transposed.singularValues, svd.singularValues).allSatisfy { abs($0 - $1) < 1e-12 })
    }
}
