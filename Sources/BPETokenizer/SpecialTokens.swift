import Numerics

/// What `encode` does with the text of a special token (`<|endoftext|>`) found in its input.
/// Treating user text as a control token lets a prompt forge the end of a document or a
/// system turn, so the default refuses, as tiktoken's `encode` does; the other two are
/// choices the caller makes on purpose.
public enum SpecialTokenUse: Sendable, Equatable {
    /// Throw an `ArgumentError` naming the special token and where it starts.
    case refused
    /// Encode its characters like any other text (tiktoken's `encode_ordinary`).
    case asText
    /// Encode it as its special id (tiktoken's `allowed_special="all"`).
    case allowed
}

/// Special tokens and their ids, and the one way text is cut at them: leftmost-longest, so
/// the result does not depend on the order the tokens were listed in ("    " is one
/// four-space token, not two two-space ones, whether or not "  " was listed first).
struct SpecialTokenTable: Equatable, Sendable {
    let texts: [String]
    let ids: [Int]
    private let bytes: [[UInt8]]

    /// Throws `ArgumentError` for a token that is empty or given twice.
    init(_ texts: [String], ids: [Int]) throws {
        // Compared by bytes: Swift's == calls "é" and "e\u{301}" equal, tiktoken does not.
        let utf8 = texts.map { Array($0.utf8) }
        if let bad = texts.indices.first(where: { texts[$0].isEmpty || utf8[..<$0].contains(utf8[$0]) }) {
            throw ArgumentError(parameter: "specialTokens[\(bad)]", value: "\"\(texts[bad])\"", allowed: "special tokens are non-empty and distinct")
        }
        self.texts = texts
        self.ids = ids
        bytes = texts.map { Array($0.utf8) }
    }

    func id(of text: String) -> Int? { bytes.firstIndex(of: Array(text.utf8)).map { ids[$0] } }

    func text(of id: Int) -> String? { ids.firstIndex(of: id).map { texts[$0] } }

    // listing: special-token-split
    /// `text` (UTF-8) cut into ordinary pieces and special tokens: at each position the
    /// longest special token that starts there, else the text runs on to the next position
    /// where one starts. A special token's bytes are valid UTF-8, so every cut falls between
    /// characters.
    func split(_ text: [UInt8]) -> [(piece: ArraySlice<UInt8>, special: Int?)] {
        guard !bytes.isEmpty else { return [(text[...], nil)] }
        var pieces: [(ArraySlice<UInt8>, Int?)] = [], start = 0, i = 0
        while i < text.count {
            let longest = bytes.indices.filter { k in
                i + bytes[k].count <= text.count && text[i..<(i + bytes[k].count)].elementsEqual(bytes[k])
            }.max { bytes[$0].count < bytes[$1].count }
            guard let k = longest else { i += 1; continue }
            if start < i { pieces.append((text[start..<i], nil)) }
            pieces.append((text[i..<(i + bytes[k].count)], ids[k]))
            i += bytes[k].count
            start = i
        }
        if start < text.count { pieces.append((text[start...], nil)) }
        return pieces
    }
    // end listing

    /// `split`, after applying `use`: throws for a special token when refused, and keeps it as
    /// ordinary text when it is to be encoded as text.
    func split(_ text: [UInt8], use: SpecialTokenUse) throws -> [(piece: ArraySlice<UInt8>, special: Int?)] {
        switch use {
        case .asText: return [(text[...], nil)]
        case .allowed: return split(text)
        case .refused:
            let pieces = split(text)
            if let found = pieces.first(where: { $0.special != nil }) {
                throw ArgumentError(parameter: "text", value: "contains the special token \"\(self.text(of: found.special!)!)\" at byte \(found.piece.startIndex)",
                                    allowed: "special-token text is refused by default; pass specialTokens: .allowed to encode it as its id, or .asText to encode its characters")
            }
            return pieces
        }
    }
}
