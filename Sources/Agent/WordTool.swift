import Foundation
import Numerics

/// Two questions about words, answered from a word list (Debian's `wamerican`,
/// /usr/share/dict/words): `isword WORD` ("yes" or "no", ignoring case) and
/// `letters WORD LETTER` (how many times the letter occurs in the word, ignoring case; the word
/// need not be in the list). Arguments are ASCII letters only, at most 40 of them.
public struct WordTool: AgentTool {
    public let name: String
    public var usage: String { name == "isword" ? "isword WORD: yes if the word is in the word list, e.g. isword iron" : "letters WORD LETTER: how many times LETTER occurs in WORD, e.g. letters iron r" }
    let words: Set<String>
    public static let maximumWordLength = 40
    public static let listFile = "/usr/share/dict/words"

    /// `name` is "isword" or "letters". Throws `ArgumentError` for another name.
    public init(name: String, words: Set<String>) throws {
        try ArgumentError.require(["isword", "letters"].contains(name), "name", name, allowed: "isword or letters")
        self.name = name
        self.words = Set(words.map { $0.lowercased() })
    }

    /// The words of Debian's word list; throws `FileFormatError` saying which package installs it.
    public static func debianWords() throws -> Set<String> {
        guard let text = try? String(contentsOfFile: listFile, encoding: .utf8) else {
            throw FileFormatError(file: listFile, line: 0, problem: "missing: `bash Scripts/install-system-packages.sh` installs Debian's wamerican")
        }
        return Set(text.split(separator: "\n").map { $0.lowercased() })
    }

    public func run(_ arguments: String) -> ToolResult {
        let parts = arguments.split(separator: " ").map(String.init)
        guard let word = parts.first else { return .error("\(name) needs a word") }
        guard word.count <= Self.maximumWordLength, word.unicodeScalars.allSatisfy({ $0.isASCII && $0.properties.isAlphabetic }) else {
            return .error("a word is 1 to \(Self.maximumWordLength) ASCII letters")
        }
        if name == "isword" {
            guard parts.count == 1 else { return .error("isword takes one word") }
            return .value(words.contains(word.lowercased()) ? "yes" : "no")
        }
        guard parts.count == 2, parts[1].count == 1, let letter = parts[1].unicodeScalars.first, letter.isASCII, letter.properties.isAlphabetic else {
            return .error("letters takes a word and one letter")
        }
        return .value(String(word.lowercased().filter { $0 == Character(String(letter).lowercased()) }.count))
    }
}
