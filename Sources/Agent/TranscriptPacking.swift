import Numerics

// listing: transcript-packing
/// Training rows filled with whole transcripts, one after another, as GPT pretraining packs
/// documents: a row of `blockSize` + 1 tokens holds as many transcripts as fit, and only the
/// rest is padding (ignored newlines). A transcript never straddles two rows, so every call
/// can see its whole task; earlier transcripts in the row are visible context, and the model
/// learns that an end token starts a new task. Next to one transcript per padded row (a tool
/// transcript is about half a 112-token block), packing nearly doubles the trained tokens a
/// step costs. With a `window` above 1, a transcript that does not fit the open row waits and
/// later, shorter ones may fill the gap; the row is finished when `window` transcripts wait
/// (with 1, rows are filled strictly in order and about a quarter of each is padding).
/// Targets follow `AgentTranscript.tokens`: tool outputs have `ignoreIndex`.
public struct TranscriptPacking {
    public let vocabulary: AgentVocabulary
    public let blockSize: Int, window: Int
    /// The finished rows, `blockSize` tokens each.
    public private(set) var inputs: [Int] = [], targets: [Int] = []
    var row: [Int] = [], trained: [Bool] = []
    var waiting: [(tokens: [Int], trained: [Bool])] = []

    /// Throws `ArgumentError` for a block size or a window below 1.
    public init(vocabulary: AgentVocabulary, blockSize: Int, window: Int = 1) throws {
        try ArgumentError.requireAtLeast(1, blockSize, "blockSize")
        try ArgumentError.requireAtLeast(1, window, "window")
        (self.vocabulary, self.blockSize, self.window) = (vocabulary, blockSize, window)
    }

    /// Finished rows so far (the one being filled is not counted).
    public var rows: Int { inputs.count / blockSize }

    /// Adds `transcript` to the open row, or to the waiting ones when it does not fit. Throws
    /// `ArgumentError` for a transcript longer than `blockSize` + 1 tokens.
    public mutating func add(_ transcript: AgentTranscript) throws {
        let (tokens, isTrained) = transcript.tokens(vocabulary)
        try ArgumentError.require(tokens.count <= blockSize + 1, "transcript", "\"\(transcript.task.prefix(40))\"",
                                  allowed: "at most \(blockSize + 1) tokens, the block and one")
        waiting.append((tokens, isTrained))
        while true {
            // Every waiting transcript that fits goes into the open row, oldest first.
            var still: [(tokens: [Int], trained: [Bool])] = []
            for w in waiting {
                if row.count + w.tokens.count <= blockSize + 1 {
                    row += w.tokens
                    trained += w.trained
                } else {
                    still.append(w)
                }
            }
            waiting = still
            guard waiting.count >= window else { return }
            finishRow()
        }
    }

    /// Removes the first `count` finished rows and returns them; nil when fewer are finished.
    public mutating func takeRows(_ count: Int) -> (inputs: [Int], targets: [Int])? {
        let length = count * blockSize
        guard count >= 0, inputs.count >= length else { return nil }
        defer { inputs.removeFirst(length); targets.removeFirst(length) }
        return (Array(inputs.prefix(length)), Array(targets.prefix(length)))
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
