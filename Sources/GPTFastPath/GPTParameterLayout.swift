import GPT
import Numerics

/// Where each weight lives in one flat parameter array, in the same order as
/// `GPTModel.parameters`, so the fused model can copy the engine's weights and be compared
/// with it tensor by tensor.
public struct GPTParameterLayout: Sendable {
    /// Offsets of one transformer block's tensors.
    public struct Block: Sendable {
        public let attentionNormGain, attentionNormBias, queryKeyValueWeights, queryKeyValueBias: Int
        public let projectionWeights, projectionBias, feedForwardNormGain, feedForwardNormBias: Int
        public let expandWeights, expandBias, contractWeights, contractBias: Int
    }

    public let tokenEmbedding: Int, positionEmbedding: Int
    public let blocks: [Block]
    public let finalNormGain: Int, finalNormBias: Int
    /// Every tensor's shape in order, and the total count.
    public let shapes: [[Int]]
    public let count: Int
    /// Every tensor's range in the flat array and whether AdamW decays it (matrices and
    /// embeddings), in order.
    public var tensors: [(range: Range<Int>, decays: Bool)] { wholeShard[0] }
    /// `shards(1)` and `shards(2)`, computed once.
    let wholeShard: [[(range: Range<Int>, decays: Bool)]], halfShards: [[(range: Range<Int>, decays: Bool)]]

    /// Throws `ArgumentError` for a configuration or vocabulary `GPTConfiguration` refuses.
    public init(configuration: GPTConfiguration, vocabularySize v: Int) throws {
        try configuration.validate()
        try GPTConfiguration.validate(vocabularySize: v)
        let c = configuration.width
        var shapes: [[Int]] = [], offset = 0
        func next(_ shape: [Int]) -> Int {
            defer { offset += shape.reduce(1, *); shapes.append(shape) }
            return offset
        }
        tokenEmbedding = next([v, c])
        positionEmbedding = next([configuration.blockSize, c])
        blocks = (0..<configuration.layers).map { _ in
            Block(attentionNormGain: next([c]), attentionNormBias: next([c]),
                  queryKeyValueWeights: next([c, 3 * c]), queryKeyValueBias: next([3 * c]),
                  projectionWeights: next([c, c]), projectionBias: next([c]),
                  feedForwardNormGain: next([c]), feedForwardNormBias: next([c]),
                  expandWeights: next([c, 4 * c]), expandBias: next([4 * c]),
                  contractWeights: next([4 * c, c]), contractBias: next([c]))
        }
        finalNormGain = next([c])
        finalNormBias = next([c])
        self.shapes = shapes
        count = offset
        wholeShard = Self.shards(shapes, count: offset, parts: 1)
        halfShards = Self.shards(shapes, count: offset, parts: 2)
    }

    /// The tensors' ranges in the flat array, each with whether weight decay applies
    /// (matrices and embeddings), dealt into `parts` groups of about equal size.
    static func shards(_ shapes: [[Int]], count: Int, parts: Int) -> [[(range: Range<Int>, decays: Bool)]] {
        var groups = Array(repeating: [(range: Range<Int>, decays: Bool)](), count: parts), offset = 0
        for shape in shapes {
            let size = shape.reduce(1, *)
            groups[min(parts - 1, offset * parts / count)].append((offset..<(offset + size), shape.count >= 2))
            offset += size
        }
        return groups
    }
}
