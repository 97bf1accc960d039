import Numerics

/// The shape of a GPT: depth, heads, width, context and batch. Plain data (a decoded or
/// hand-made configuration can be anything); models call `validate()` before using one.
public struct GPTConfiguration: Sendable, Equatable, Codable, CustomStringConvertible {
    public var layers: Int
    public var heads: Int
    public var width: Int
    public var blockSize: Int
    public var batchSize: Int

    public init(layers: Int, heads: Int, width: Int, blockSize: Int, batchSize: Int) {
        self.layers = layers; self.heads = heads; self.width = width; self.blockSize = blockSize; self.batchSize = batchSize
    }

    /// nanoGPT's small CPU setting: 4 layers, 4 heads, 128 wide, block 64, batch 12.
    public static let baby = GPTConfiguration(layers: 4, heads: 4, width: 128, blockSize: 64, batchSize: 12)
    /// The PyTorch peer's unit-test setting: 2 layers, 2 heads, 64 wide, block 32, batch 16.
    public static let tiny = GPTConfiguration(layers: 2, heads: 2, width: 64, blockSize: 32, batchSize: 16)
    /// The outcome suite's setting, small enough for `swift test` to stay a quick check.
    public static let test = GPTConfiguration(layers: 2, heads: 2, width: 32, blockSize: 32, batchSize: 16)

    public var headSize: Int { width / heads }

    /// Throws `ArgumentError` unless every size is 1 to `largestSize` and the width divides into heads.
    public func validate() throws {
        for (name, value) in [("layers", layers), ("heads", heads), ("width", width), ("blockSize", blockSize), ("batchSize", batchSize)] {
            try ArgumentError.require((1...Self.largestSize).contains(value), "configuration.\(name)", value,
                                      allowed: "must be 1 to \(Self.largestSize)")
        }
        try ArgumentError.require(width % heads == 0, "configuration.width", width, allowed: "must be a multiple of heads (\(heads))")
    }

    /// The largest layer count, head count, width, block or batch a configuration may have
    /// (2²⁰): far beyond a CPU workbook, and small enough that no size computed from them
    /// overflows an Int.
    public static let largestSize = 1 << 20
    /// The largest vocabulary a model may have (2²⁴; GPT-4's has 100,277).
    public static let largestVocabulary = 1 << 24

    /// Throws `ArgumentError` for a vocabulary outside 1...`largestVocabulary`.
    public static func validate(vocabularySize: Int) throws {
        try ArgumentError.require((1...largestVocabulary).contains(vocabularySize), "vocabularySize", vocabularySize,
                                  allowed: "must be 1 to \(largestVocabulary)")
    }

    /// Weights in the model for a vocabulary of `vocabularySize` (the head is tied to the
    /// token embedding, so it adds none).
    public func parameterCount(vocabularySize v: Int) -> Int {
        let c = width
        let block = 2 * 2 * c + (c * 3 * c + 3 * c) + (c * c + c) + (c * 4 * c + 4 * c) + (4 * c * c + c)
        return v * c + blockSize * c + layers * block + 2 * c
    }

    public var description: String {
        "\(layers) layers, \(heads) heads, \(width) wide, block \(blockSize), batch \(batchSize)"
    }
}
