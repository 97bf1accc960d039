import GPT
import Numerics

/// The four weight matrices of a transformer block, the ones fine-tuning adapters attach to
/// (the attention's query/key/value and output projections, the MLP's two matrices). Each
/// multiplies from the right: y = x·W + b with W inputs × outputs.
public enum BlockMatrix: String, CaseIterable, Sendable {
    case queryKeyValue, projection, expand, contract

    /// The matrix's offset in the flat parameter array.
    public func offset(in block: GPTParameterLayout.Block) -> Int {
        switch self {
        case .queryKeyValue: block.queryKeyValueWeights
        case .projection: block.projectionWeights
        case .expand: block.expandWeights
        case .contract: block.contractWeights
        }
    }

    /// (inputs, outputs) for a model `width` wide.
    public func shape(width c: Int) -> (inputs: Int, outputs: Int) {
        switch self {
        case .queryKeyValue: (c, 3 * c)
        case .projection: (c, c)
        case .expand: (c, 4 * c)
        case .contract: (4 * c, c)
        }
    }
}

/// A low-rank term added to one block matrix's output in the forward pass,
/// y = x·W + b + scale·(x·A)·B, with A inputs × rank and B rank × outputs (row-major): a LoRA
/// adapter kept apart from the weight it adapts ("unmerged").
public struct LowRankTerm<Scalar: GPTScalar>: Sendable {
    public let layer: Int
    public let matrix: BlockMatrix
    public let rank: Int
    public let scale: Scalar
    public let a: [Scalar], b: [Scalar]

    /// Throws `ArgumentError` for a rank below 1 or factors of the wrong size for a block
    /// matrix of a model `width` wide.
    public init(layer: Int, matrix: BlockMatrix, rank: Int, scale: Scalar, a: [Scalar], b: [Scalar], width: Int) throws {
        try ArgumentError.requireAtLeast(1, rank, "rank")
        let (inputs, outputs) = matrix.shape(width: width)
        try ArgumentError.require(a.count == inputs * rank, "a.count", a.count, allowed: "inputs × rank = \(inputs * rank)")
        try ArgumentError.require(b.count == rank * outputs, "b.count", b.count, allowed: "rank × outputs = \(rank * outputs)")
        try ArgumentError.require(scale.isFinite, "scale", scale, allowed: "must be finite")
        self.layer = layer; self.matrix = matrix; self.rank = rank; self.scale = scale; self.a = a; self.b = b
    }
}
