import Numerics

extension MLPLanguageModel: LanguageModel {
    public var vocabularySize: Int { embeddings.shape[0] }

    /// A context shorter than `contextLength` is padded on the left with its first token (the
    /// boundary mark for words, as `ContextWindows` pads).
    public func nextTokenLogProbabilities(after context: [Int]) throws -> [Double] {
        let recent = try validatedContext(context)
        let window = Array(repeating: recent[0], count: contextLength - recent.count) + recent
        return try logSoftmax(logits(contexts: window).values)
    }
}
