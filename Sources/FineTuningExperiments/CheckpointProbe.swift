import Foundation
import GPT
import GPTFastPath
import GSL
import Numerics

/// The checkpoint the PyTorch fixture was computed from: Chapter 8's test setting with the
/// Shakespeare vocabulary and seeded weights of every kind made unlike a fresh model (gains
/// near 1 but not 1, biases not 0, matrices of standard deviation 0.3), so that a swapped
/// name, a missed transpose or a dropped bias changes the logits by far more than rounding.
/// The weights come from GSL's generator alone, so they are the same on every machine.
public enum CheckpointProbe {
    public static let fixture = "Fixtures/checkpoints/torch_logits.json"
    public static let seed: UInt = 7

    public static func checkpoint(vocabulary: [Unicode.Scalar]) throws -> GPTCheckpoint {
        let layout = try GPTParameterLayout(configuration: .test, vocabularySize: vocabulary.count)
        let generator = RandomGenerator(seed: seed)
        let values = layout.shapes.flatMap { shape in
            (0..<shape.reduce(1, *)).map { _ in Float(generator.gaussian(standardDeviation: 0.3)) }
        }
        let gains = Set(layout.blocks.flatMap { [$0.attentionNormGain, $0.feedForwardNormGain] } + [layout.finalNormGain])
        var parameters = values, offset = 0
        for shape in layout.shapes {
            if gains.contains(offset) { for i in offset..<(offset + shape[0]) { parameters[i] += 1 } }
            offset += shape.reduce(1, *)
        }
        let model = try FusedGPT<Float>(configuration: .test, vocabularySize: vocabulary.count, parameters: parameters)
        return try GPTCheckpoint(model: model, vocabulary: vocabulary, notes: ["trained": "no: seeded probe weights (CheckpointProbe, seed \(seed))"])
    }

    /// The fixture: prompts (token ids) and PyTorch's last-position logits for each, with the
    /// sum of every stored weight and, per tensor, Σ (i+1)·vᵢ over its values as PyTorch reads
    /// them (so a name, a shape or a transpose that differs from the file the test writes shows).
    public struct Fixture: Decodable, Sendable {
        public struct Case: Decodable, Sendable {
            public let ids: [Int]
            public let logits: [Double]
        }
        public let weightSum: Double
        public let tensorChecksums: [String: Double]
        public let cases: [Case]
        enum CodingKeys: String, CodingKey { case weightSum = "weight_sum", tensorChecksums = "tensor_checksums", cases }

        /// Σ (i+1)·vᵢ over `values`, the checksum the generating script computes.
        public static func checksum(_ values: [Float]) -> Double {
            values.enumerated().reduce(0) { $0 + Double($1.offset + 1) * Double($1.element) }
        }
    }

    public static func loadFixture(root: URL) throws -> Fixture {
        let url = root.appendingPathComponent(fixture)
        do { return try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url)) } catch {
            throw FileFormatError(file: fixture, line: 0, problem: "cannot be read as the PyTorch logits fixture (\(error))")
        }
    }
}
