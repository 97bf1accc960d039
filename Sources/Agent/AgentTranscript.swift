import Numerics

// listing: transcript-mask
/// One training transcript: the task, the calls the model should write with the results the
/// runtime inserts, and the answer. As tokens, the loss is on the task's text (language
/// modelling on it teaches the model to read the task: Shi et al. 2024, "Instruction Tuning
/// With Loss Over Instructions") and on what the model writes (the calls, the answer, the end
/// token), never on what the tools return: every tool output, markers included, has target
/// `ignoreIndex`, so the model learns to call and to copy results, not to imitate the tools
/// (Chapter 9's masked loss).
public struct AgentTranscript: Sendable {
    public let task: String
    public let steps: [(call: String, result: String)]
    public let answer: String

    public init(task: String, steps: [(call: String, result: String)], answer: String) {
        (self.task, self.steps, self.answer) = (task, steps, answer)
    }

    /// The tokens, and for each one whether its prediction is trained: the task's and the
    /// model's own tokens, not the tools' outputs.
    public func tokens(_ v: AgentVocabulary) -> (tokens: [Int], trained: [Bool]) {
        var tokens = v.encode(task) + [v.newline], isTrained = Array(repeating: true, count: tokens.count)
        func add(_ ids: [Int], trained: Bool) {
            tokens += ids
            isTrained += Array(repeating: trained, count: ids.count)
        }
        for step in steps {
            add([v.id(.callStart)] + v.encode(step.call) + [v.id(.callEnd)], trained: true)
            add([v.id(.outputStart)] + v.encode(step.result) + [v.id(.outputEnd)], trained: false)
        }
        add(v.encode(answer) + [v.id(.end)], trained: true)
        return (tokens, isTrained)
    }

    /// Inputs and targets of one block-long training row: target i is token i + 1 where that
    /// token is trained and `ignoreIndex` elsewhere, padded with ignored newlines. Throws
    /// `ArgumentError` when the transcript is longer than `blockSize` + 1 tokens.
    public func trainingRow(_ v: AgentVocabulary, blockSize: Int) throws -> (inputs: [Int], targets: [Int]) {
        let (tokens, trained) = tokens(v)
        try ArgumentError.require(tokens.count - 1 <= blockSize, "blockSize", blockSize, allowed: "at least \(tokens.count - 1) for \"\(task.prefix(40))\"")
        // exercise: M13.2 write trainingRow: inputs and next-token targets with every tool output's target ignoreIndex, padded to the block (Chapter 13, masking)
        let inputs = Array(tokens.dropLast())
        let targets = inputs.indices.map { trained[$0 + 1] ? tokens[$0 + 1] : ignoreIndex }
        let padding = blockSize - inputs.count
        return (inputs + Array(repeating: v.newline, count: padding), targets + Array(repeating: ignoreIndex, count: padding))
        // end exercise
    }
}
// end listing
