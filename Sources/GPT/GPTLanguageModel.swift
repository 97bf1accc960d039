import Numerics

extension GPTModel: LanguageModel {
    public var contextLength: Int { configuration.blockSize }

    /// log softmax of the last position's logits.
    public func nextTokenLogProbabilities(after context: [Int]) throws -> [Double] {
        let recent = try validatedContext(context)
        let logits = try forward(recent, sequences: 1).logits
        return logSoftmax(Array(logits.values.suffix(vocabularySize)))
    }
}
