import Foundation
import Testing
import Numerics
import WorkbookTesting
import GPT
import GPTFastPath
import FineTuningExperiments

@Suite("M9 · Checkpoints: safetensors with nanoGPT's names")
struct CheckpointTests {
    static let vocabulary = Result { try CharacterCorpus.shakespeare(root: packageRoot).vocabulary }

    func temporaryFile(_ name: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("workbook-checkpoint-\(UUID().uuidString)-\(name)")
    }

    @Test("A checkpoint round-trips bit for bit: weights, configuration, vocabulary")
    func roundTrip() throws {
        let checkpoint = try CheckpointProbe.checkpoint(vocabulary: Self.vocabulary.get())
        let url = temporaryFile("probe.safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        try checkpoint.write(to: url)
        let read = try GPTCheckpoint(contentsOf: url)
        #expect(read.configuration == checkpoint.configuration)
        #expect(read.vocabulary == checkpoint.vocabulary)
        #expect(read.parameters.map(\.bitPattern) == checkpoint.parameters.map(\.bitPattern))
        #expect(read.notes == checkpoint.notes)
    }

    @Test("A checkpoint written by the workbook gives PyTorch's logits within 1e-5")
    func matchesPyTorch() throws {
        let fixture = try CheckpointProbe.loadFixture(root: packageRoot)
        let checkpoint = try CheckpointProbe.checkpoint(vocabulary: Self.vocabulary.get())
        let sum = checkpoint.parameters.reduce(0.0) { $0 + Double($1) }
        #expect(abs(sum - fixture.weightSum) <= 1e-9 * abs(fixture.weightSum), "the fixture was made from other weights: \(sum) vs \(fixture.weightSum)")
        let url = temporaryFile("torch.safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        try checkpoint.write(to: url)
        let file = try SafetensorsFile(contentsOf: url)
        #expect(Set(file.names) == Set(fixture.tensorChecksums.keys))
        for name in file.names {
            let expected = fixture.tensorChecksums[name] ?? .nan, actual = CheckpointProbe.Fixture.checksum(file.tensors[name]!.values)
            #expect(abs(actual - expected) <= 1e-9 * max(1, abs(expected)), "\(name): the file PyTorch read held other values there (\(actual) vs \(expected))")
        }
        let model = try GPTCheckpoint(file).model()
        #expect(fixture.cases.count == 4)
        for c in fixture.cases {
            try model.forward(c.ids, targets: nil, sequences: 1)
            let logits = try model.logits(row: c.ids.count - 1)
            let largest = zip(logits, c.logits).map { abs(Double($0) - $1) }.max()!
            #expect(largest <= 1e-5, "ids \(c.ids.prefix(5))…: largest logit difference \(largest)")
            #expect(c.logits.map(abs).max()! > 1, "the probe's logits should not be near zero")
        }
    }

    @Test("Truncated files, bad headers, missing or misshaped tensors and another vocabulary are clear errors")
    func malformedFiles() throws {
        let checkpoint = try CheckpointProbe.checkpoint(vocabulary: Self.vocabulary.get())
        let bytes = try checkpoint.safetensors.encoded()
        func problem(_ data: Data) -> String? {
            do { _ = try GPTCheckpoint(SafetensorsFile(data: data, file: "m.safetensors")); return nil } catch { return "\(error)" }
        }
        #expect(problem(bytes.prefix(5))?.contains("truncated") == true)
        #expect(problem(bytes.prefix(bytes.count - 1))?.contains("truncated") == true || problem(bytes.prefix(bytes.count - 1))?.contains("data_offsets") == true)
        var garbage = bytes
        garbage.replaceSubrange(8..<12, with: Array("nope".utf8))
        #expect(problem(garbage)?.contains("not a JSON object") == true)

        var withoutTensor = SafetensorsFile(metadata: try checkpoint.safetensors.metadata)
        var misshaped = withoutTensor
        for name in try checkpoint.safetensors.names {
            let t = try checkpoint.safetensors.tensors[name]!
            if name != "h.1.mlp.c_fc.bias" { try withoutTensor.add(name, shape: t.shape, values: t.values) }
            if name == "h.0.attn.c_attn.weight" {
                try misshaped.add(name, shape: [t.shape[1], t.shape[0]], values: t.values)
            } else { try misshaped.add(name, shape: t.shape, values: t.values) }
        }
        #expect(problem(try withoutTensor.encoded()) == "m.safetensors: has no tensor \"h.1.mlp.c_fc.bias\"")
        #expect(problem(try misshaped.encoded()) == "m.safetensors: tensor \"h.0.attn.c_attn.weight\" has shape [32, 96], expected [96, 32]")
        var noVocabulary = try checkpoint.safetensors
        noVocabulary.metadata["vocabulary"] = "abc"
        #expect(problem(try noVocabulary.encoded())?.contains("vocabulary has 3 characters") == true)
        var hugeDepth = try checkpoint.safetensors
        hugeDepth.metadata["n_layer"] = "1000000"
        #expect(problem(try hugeDepth.encoded())?.contains("n_layer = 1000000") == true)
        #expect(throws: FileFormatError.self) { try checkpoint.requireVocabulary(Array("abc".unicodeScalars)) }
        #expect(throws: FileFormatError.self) { try GPTCheckpoint(contentsOf: URL(fileURLWithPath: "/nonexistent/m.safetensors")) }
        #expect(throws: FileFormatError.self) { try checkpoint.write(to: URL(fileURLWithPath: "/nonexistent/folder/m.safetensors")) }
    }

    @Test("The trained M8 GPT round-trips: the reloaded model gives the same logits bit for bit")
    func trainedModelRoundTrips() throws {
        let run = try SharedRuns.run.get()
        let url = temporaryFile("m8.safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        try GPTCheckpoint(model: run.base, vocabulary: run.shakespeare.vocabulary).write(to: url)
        let reloaded = try GPTCheckpoint(contentsOf: url)
        try reloaded.requireVocabulary(run.shakespeare.vocabulary)
        let model = try reloaded.model(), ids = try run.shakespeare.encode("ROMEO:")
        try model.forward(ids, targets: nil, sequences: 1)
        let copy = try model.logits(row: ids.count - 1)
        let original = try FusedGPT<Float>(configuration: run.base.configuration, vocabularySize: run.base.vocabularySize, parameters: run.base.parameterValues)
        try original.forward(ids, targets: nil, sequences: 1)
        #expect(try original.logits(row: ids.count - 1).map(\.bitPattern) == copy.map(\.bitPattern))
    }
}
