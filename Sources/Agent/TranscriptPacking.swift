import Numerics

// listing: transcript-packing
/// Training rows filled with whole transcripts, one after another, as GPT pretraining packs
/// documents: a row of `blockSize` + 1 tokens holds as many transcripts as fit, and only the
/// rest is padding (ignored newlines). A transcript never straddles two rows, so every call
/// can see its whole task; earlier transcripts in the row are visible context, and the model
/// learns that an end token starts a new task. Next to one transcript per padded row (a tool
/// transcript is about half a 112-token block), packing nearly doubles the trained tokens a
/// step costs. Targets follow `AgentTranscript.tokens`: tool outputs have `ignoreIndex`.
public struct TranscriptPacking {
    public let vocabulary: AgentVocabulary
    public let blockSize: Int
    /// The finished rows, `blockSize` tokens each.
    public private(set) var inputs: [Int] = [], targets: [Int] = []
    var row: [Int] = [], trained: [Bool] = []

    /// Throws `ArgumentError` for a block size below 1.
    public init(vocabulary: AgentVocabulary, blockSize: Int) throws {
        try ArgumentError.requireAtLeast(1, blockSize, "blockSize")
        (self.vocabulary, self.blockSize) = (vocabulary, blockSize)
    }

    /// Finished rows so far (the one being filled is not counted).
    public var rows: Int { inputs.count / blockSize }

    /// Adds `transcript` to the open row, or finishes that row and opens a new one when it
    /// does not fit. Throws `ArgumentError` for a transcript longer than `blockSize` + 1 tokens.
    public mutating func add(_ transcript: AgentTranscript) throws {
        let (tokens, isTrained) = transcript.tokens(vocabulary)
        try ArgumentError.require(tokens.count <= blockSize + 1, "transcript", "\"\(transcript.task.prefix(40))\"",
                                  allowed: "at most \(blockSize + 1) tokens, the block and one")
        if row.count + tokens.count > blockSize + 1 { finishRow() }
        row += tokens
        trained += isTrained
    }

    /// Pads the open row with ignored newlines and moves it to the finished rows.
    mutating func finishRow() {
        let padding = blockSize + 1 - row.count
        row += Array(repeating: vocabulary.newline, count: padding)
        trained += Array(repeating: false, count: padding)
        inputs += row.dropLast()
        targets += (0..<blockSize).map { trained[$0 + 1] ? row[$0 + 1] : ignoreIndex }
        (row, trained) = ([], [])
    }
}
// end listing
