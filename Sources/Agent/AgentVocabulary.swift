import Numerics

/// The agent's tokens: one per printable ASCII character and the newline, one for any other
/// character, and five special tokens that only the runtime and the training transcripts
/// write. `encode` turns text into character tokens only, so text that spells a special
/// token ("<|call|>" typed into a task) stays text and is never a real tool call: the
/// special/ordinary split of Chapter 7's tokenizer, by construction.
public struct AgentVocabulary: Sendable {
    public enum Special: String, CaseIterable, Sendable {
        case callStart = "<|call|>", callEnd = "<|/call|>", outputStart = "<|output|>", outputEnd = "<|/output|>", end = "<|end|>"
    }

    /// The characters, in id order: newline, then ASCII 32…126.
    public let characters: [Character]
    let ids: [Character: Int]

    public init() {
        characters = ["\n"] + (32...126).map { Character(UnicodeScalar(UInt8($0))) }
        ids = Dictionary(uniqueKeysWithValues: characters.enumerated().map { ($1, $0) })
    }

    /// The id of every character outside the table.
    public var unknown: Int { characters.count }
    public func id(_ special: Special) -> Int { characters.count + 1 + Special.allCases.firstIndex(of: special)! }
    public var size: Int { characters.count + 1 + Special.allCases.count }
    public var newline: Int { 0 }

    /// Character tokens only: a special token's spelling in `text` is text.
    public func encode(_ text: String) -> [Int] { text.map { ids[$0] ?? unknown } }

    public func special(_ id: Int) -> Special? {
        let k = id - characters.count - 1
        return Special.allCases.indices.contains(k) ? Special.allCases[k] : nil
    }

    /// One distinct scalar per id, for a checkpoint's vocabulary: the characters, U+FFFD for
    /// the unknown character and the private-use U+E000… for the special tokens.
    public var checkpointScalars: [Unicode.Scalar] {
        characters.map { $0.unicodeScalars.first! } + ["\u{FFFD}"] + Special.allCases.indices.map { Unicode.Scalar(0xE000 + UInt32($0))! }
    }

    /// The text of `tokens`, special tokens spelled as their names and the unknown one as "�".
    public func decode(_ tokens: [Int]) -> String {
        tokens.map { id in
            if id < characters.count && id >= 0 { return String(characters[id]) }
            if id == unknown { return "\u{FFFD}" }
            return special(id)?.rawValue ?? "\u{FFFD}"
        }.joined()
    }
}
