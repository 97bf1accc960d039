// listing: pre-tokenization
/// Splits text into the chunks BPE merges within (GPT-2's idea, written simply): runs of
/// letters, of digits, of other visible characters, and of whitespace, where the last space
/// before a run joins it (" the"). Merges never cross a chunk, so no token spans two words.
/// Concatenating the chunks gives the text back exactly.
public func preTokenize(_ text: String) -> [String] {
    enum Kind { case letter, digit, space, other }
    func kind(_ c: Character) -> Kind {
        if c.isLetter { return .letter }
        if c.isNumber { return .digit }
        if c.isWhitespace { return .space }
        return .other
    }
    var chunks: [String] = []
    var current = "", currentKind: Kind?
    for c in text {
        let k = kind(c)
        if k == currentKind {
            current.append(c)
        } else if currentKind == .space, current.hasSuffix(" ") {
            current.removeLast()                     // "   word" → "  " and " word"
            if !current.isEmpty { chunks.append(current) }
            current = " " + String(c)
        } else {
            if !current.isEmpty { chunks.append(current) }
            current = String(c)
        }
        currentKind = k
    }
    if !current.isEmpty { chunks.append(current) }
    return chunks
}
// end listing
