import Numerics

extension FusedGPT: LanguageModel {
    public var contextLength: Int { configuration.blockSize }

    /// log softmax of the last real position's logits (the context padded to a full block, as
    /// `generate` does).
    public func nextTokenLogProbabilities(after context: [Int]) throws -> [Double] {
        let recent = try validatedContext(context), block = configuration.blockSize
        try forward(recent + Array(repeating: 0, count: block - recent.count), targets: nil, sequences: 1)
        return try logSoftmax(logits(row: recent.count - 1).map(Double.init))
    }
}
