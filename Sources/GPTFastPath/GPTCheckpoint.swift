import Foundation
import GPT
import Numerics

/// A trained character GPT saved as a safetensors file that Python's `safetensors` and PyTorch
/// open unchanged: nanoGPT's parameter names and PyTorch's shapes (a `Linear` weight is
/// outputs × inputs, so the workbook's inputs × outputs matrices are stored transposed), and
/// in `__metadata__` the configuration (`n_layer`, `n_head`, `n_embd`, `block_size`,
/// `vocab_size`, and the workbook's `batch_size`) and the character vocabulary.
public struct GPTCheckpoint: Sendable {
    public let configuration: GPTConfiguration
    /// The characters of token ids 0, 1, …: a model is only meaningful with its vocabulary.
    public let vocabulary: [Unicode.Scalar]
    /// The weights in `GPTParameterLayout` order.
    public let parameters: [Float]
    /// Extra metadata (what trained it, from which checkpoint).
    public let notes: [String: String]
    /// The file it was read from, for error messages.
    public let file: String

    /// The checkpoint of `model` with `vocabulary`; throws `ArgumentError` unless the
    /// vocabulary has one distinct character per token id, or a note uses a reserved key.
    public init(model: FusedGPT<Float>, vocabulary: [Unicode.Scalar], notes: [String: String] = [:]) throws {
        try ArgumentError.require(vocabulary.count == model.vocabularySize && Set(vocabulary).count == vocabulary.count,
                                  "vocabulary", "\(vocabulary.count) characters",
                                  allowed: "one distinct character per token id (\(model.vocabularySize))")
        for key in notes.keys {
            try ArgumentError.require(!Self.reservedKeys.contains(key), "notes", key, allowed: "a key other than \(Self.reservedKeys.sorted())")
        }
        configuration = model.configuration
        self.vocabulary = vocabulary
        parameters = model.parameterValues
        self.notes = notes
        file = "(in memory)"
    }

    static let reservedKeys: Set = ["format", "n_layer", "n_head", "n_embd", "block_size", "vocab_size", "batch_size", "vocabulary"]

    /// The model the checkpoint holds (Float, the training path).
    public func model() throws -> FusedGPT<Float> {
        try FusedGPT(configuration: configuration, vocabularySize: vocabulary.count, parameters: parameters)
    }

    /// Throws `FileFormatError` naming the file unless its vocabulary is `expected` (a model
    /// fine-tuned or evaluated on a corpus must share the corpus's character ids).
    public func requireVocabulary(_ expected: [Unicode.Scalar]) throws {
        guard vocabulary != expected else { return }
        let first = zip(vocabulary, expected).enumerated().first { $1.0 != $1.1 }?.offset ?? min(vocabulary.count, expected.count)
        throw FileFormatError(file: file, line: 0, problem: "vocabulary of \(vocabulary.count) characters differs from the corpus's \(expected.count) at id \(first)")
    }

    // MARK: - The file

    /// One stored tensor: its name, where it starts in the layout, the layout's shape, and
    /// whether the file keeps it transposed (PyTorch's outputs × inputs for a Linear weight).
    struct Entry {
        let name: String, offset: Int, shape: [Int], transposed: Bool
        var fileShape: [Int] { transposed ? shape.reversed() : shape }
    }

    static func entries(_ layout: GPTParameterLayout) -> [Entry] {
        var shapes = layout.shapes.makeIterator()
        func entry(_ name: String, _ offset: Int, transposed: Bool = false) -> Entry {
            Entry(name: name, offset: offset, shape: shapes.next()!, transposed: transposed)
        }
        var list = [entry("wte.weight", layout.tokenEmbedding), entry("wpe.weight", layout.positionEmbedding)]
        for (i, b) in layout.blocks.enumerated() {
            let h = "h.\(i)."
            list += [entry(h + "ln_1.weight", b.attentionNormGain), entry(h + "ln_1.bias", b.attentionNormBias),
                     entry(h + "attn.c_attn.weight", b.queryKeyValueWeights, transposed: true), entry(h + "attn.c_attn.bias", b.queryKeyValueBias),
                     entry(h + "attn.c_proj.weight", b.projectionWeights, transposed: true), entry(h + "attn.c_proj.bias", b.projectionBias),
                     entry(h + "ln_2.weight", b.feedForwardNormGain), entry(h + "ln_2.bias", b.feedForwardNormBias),
                     entry(h + "mlp.c_fc.weight", b.expandWeights, transposed: true), entry(h + "mlp.c_fc.bias", b.expandBias),
                     entry(h + "mlp.c_proj.weight", b.contractWeights, transposed: true), entry(h + "mlp.c_proj.bias", b.contractBias)]
        }
        return list + [entry("ln_f.weight", layout.finalNormGain), entry("ln_f.bias", layout.finalNormBias)]
    }

    /// A row-major rows × columns matrix transposed.
    static func transpose(_ values: ArraySlice<Float>, rows: Int, columns: Int) -> [Float] {
        let start = values.startIndex
        return (0..<(rows * columns)).map { i in values[start + (i % rows) * columns + i / rows] }
    }

    /// The safetensors file (tensors in nanoGPT's order).
    public var safetensors: SafetensorsFile { get throws {
        let c = configuration
        var file = SafetensorsFile(metadata: notes.merging([
            "format": "workbook-gpt 1", "n_layer": "\(c.layers)", "n_head": "\(c.heads)", "n_embd": "\(c.width)",
            "block_size": "\(c.blockSize)", "vocab_size": "\(vocabulary.count)", "batch_size": "\(c.batchSize)",
            "vocabulary": String(String.UnicodeScalarView(vocabulary)),
        ]) { $1 })
        let layout = try GPTParameterLayout(configuration: c, vocabularySize: vocabulary.count)
        for e in Self.entries(layout) {
            let values = parameters[e.offset..<(e.offset + e.shape.reduce(1, *))]
            try file.add(e.name, shape: e.fileShape,
                         values: e.transposed ? Self.transpose(values, rows: e.shape[0], columns: e.shape[1]) : Array(values))
        }
        return file
    } }

    /// Writes the checkpoint atomically; throws `FileFormatError` naming the file on failure.
    public func write(to url: URL) throws { try safetensors.write(to: url) }

    /// Reads a checkpoint; throws `FileFormatError` naming the file, and the tensor or metadata
    /// key, for a file `SafetensorsFile` cannot read, a configuration `GPTConfiguration`
    /// refuses, a vocabulary that does not have `vocab_size` distinct characters, or a tensor
    /// that is missing or shaped otherwise.
    public init(contentsOf url: URL) throws {
        try self.init(SafetensorsFile(contentsOf: url))
    }

    /// Reads a checkpoint from a parsed file; throws as `init(contentsOf:)`.
    public init(_ file: SafetensorsFile) throws {
        func number(_ key: String) throws -> Int { try file.metadata(key, as: { Int($0) }) }
        let c = try GPTConfiguration(layers: number("n_layer"), heads: number("n_head"), width: number("n_embd"),
                                     blockSize: number("block_size"), batchSize: file.metadata["batch_size"].map { _ in try number("batch_size") } ?? 1)
        let v = try number("vocab_size")
        // 12 tensors a block: a layer count the file cannot hold is refused before a layout for
        // it is built (a file short of a tensor or two gets to name the one it lacks below).
        guard c.layers >= 1, c.layers <= file.names.count / 12 else {
            throw FileFormatError(file: file.file, line: 0, problem: "metadata n_layer = \(c.layers), but the file holds \(file.names.count) tensors (12 a layer)")
        }
        let layout: GPTParameterLayout
        do { layout = try GPTParameterLayout(configuration: c, vocabularySize: v) } catch {
            throw FileFormatError(file: file.file, line: 0, problem: "metadata describe no valid GPT: \(error)")
        }
        let characters = Array(try file.metadata("vocabulary", as: { $0 }).unicodeScalars)
        guard characters.count == v, Set(characters).count == v else {
            throw FileFormatError(file: file.file, line: 0, problem: "vocabulary has \(characters.count) characters (\(Set(characters).count) distinct), vocab_size is \(v)")
        }
        // Every tensor is found and shaped right before anything the size of the model is
        // allocated: metadata alone cannot make the reader allocate more than the file holds.
        let tensors = try Self.entries(layout).map { e in (e, try file.values(e.name, shape: e.fileShape)) }
        var parameters = [Float](repeating: 0, count: layout.count)
        for (e, values) in tensors {
            let stored = e.transposed ? Self.transpose(values[...], rows: e.shape[1], columns: e.shape[0]) : values
            parameters.replaceSubrange(e.offset..<(e.offset + stored.count), with: stored)
        }
        configuration = c
        vocabulary = characters
        self.parameters = parameters
        notes = file.metadata.filter { !Self.reservedKeys.contains($0.key) }
        self.file = file.file
    }
}
