import Numerics

extension GPTConfiguration {
    // listing: batch-validation
    /// The sequence length of a batch both GPTs can read: `sequences` ≥ 1 rows of one length
    /// in 1...blockSize, every token id and target in 0..<vocabularySize, one target per token.
    /// Both `GPTModel` and `FusedGPT` check this before anything reads an embedding row, so an
    /// id never selects memory outside the tables. Throws `ArgumentError` naming the first
    /// value that does not fit. With `allowingIgnored`, a target may also be `ignoreIndex`
    /// (no loss at that position; the fused GPT's masked loss), as long as one is not.
    public func batchLength(tokens: [Int], targets: [Int]?, sequences: Int, vocabularySize: Int, allowingIgnored: Bool = false) throws -> Int {
        try ArgumentError.requireAtLeast(1, sequences, "sequences")
        let length = tokens.count / sequences
        try ArgumentError.require(!tokens.isEmpty && length * sequences == tokens.count && length <= blockSize,
                                  "tokens.count", tokens.count,
                                  allowed: "\(sequences) sequences of one length in 1...\(blockSize) (the block size)")
        try ArgumentError.requireAll(tokens, in: 0..<vocabularySize, "tokens", meaning: "token ids")
        if let targets {
            try ArgumentError.require(targets.count == tokens.count, "targets.count", targets.count,
                                      allowed: "one target per token (\(tokens.count))")
            if allowingIgnored {
                try ArgumentError.requireAll(targets.map { $0 == ignoreIndex ? 0 : $0 }, in: 0..<vocabularySize, "targets", meaning: "token ids")
                try ArgumentError.require(targets.contains { $0 != ignoreIndex }, "targets", "all \(targets.count) ignored",
                                          allowed: "at least one target that is not ignoreIndex (the loss is a mean over them)")
            } else {
                try ArgumentError.requireAll(targets, in: 0..<vocabularySize, "targets", meaning: "token ids")
            }
        }
        return length
    }
    // end listing

    /// Checks what generation is given before a model runs: a prompt of valid ids, a count
    /// ≥ 0 and sampling settings `SamplingSettings.validate()` accepts.
    public func validateGeneration(prompt: [Int], count: Int, sampling: SamplingSettings, vocabularySize: Int) throws {
        try ArgumentError.require(!prompt.isEmpty, "prompt.count", 0, allowed: "generation needs at least one token to continue")
        try ArgumentError.requireAll(prompt, in: 0..<vocabularySize, "prompt", meaning: "token ids")
        try ArgumentError.requireAtLeast(0, count, "count")
        try sampling.validate()
    }
}
