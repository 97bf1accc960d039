import Foundation
import Numerics

/// Saving and loading a trained tokenizer as text:
///
///     workbook-bpe 2
///     split gpt4
///     merges 3
///     97 97
///     256 97
///     257 98
///     special PHxlbmRvZnRleHR8Pg==
///
/// `split` is `none`, `gpt2`, `gpt4` or `cl100k`. Merge i (counting from 0) creates token
/// 256 + i from two tokens that already exist. A special token is written as the base64 of its
/// UTF-8, so any text survives the round trip (a newline or a leading space included).
extension BytePairEncoding {
    public static let fileHeader = "workbook-bpe 2"

    public func fileText() -> String {
        let splitName = switch split { case .none: "none"; case .pattern(let pattern): pattern.rawValue }
        return ([Self.fileHeader, "split \(splitName)", "merges \(merges.count)"] + merges.map { "\($0.first) \($0.second)" }
            + specialTokens.map { "special \(Data($0.utf8).base64EncodedString())" }).joined(separator: "\n") + "\n"
    }

    public func save(to url: URL) throws {
        try Data(fileText().utf8).write(to: url, options: .atomic)
    }

    /// Reads a vocabulary file; any malformed line is an error naming the file and the line.
    public static func load(from url: URL) throws -> BytePairEncoding {
        let text = try FileFormatError.readText(url)
        return try parse(text, file: url.path)
    }

    public static func parse(_ text: String, file: String) throws -> BytePairEncoding {
        // Split on every line break, "\r\n" included (one Character in Swift, so not a "\n").
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map(String.init)
        if lines.last == "" { lines.removeLast() }          // the final newline
        func fail(_ line: Int, _ problem: String) -> FileFormatError { FileFormatError(file: file, line: line, problem: problem) }
        guard lines.first == fileHeader else { throw fail(1, "expected the header '\(fileHeader)'") }
        let splitNames = ["none"] + SplitPattern.allCases.map(\.rawValue)
        guard lines.count > 1, lines[1].hasPrefix("split "), splitNames.contains(String(lines[1].dropFirst(6))) else {
            throw fail(2, "expected 'split' and one of \(splitNames.joined(separator: ", "))")
        }
        let split: Split = SplitPattern(rawValue: String(lines[1].dropFirst(6))).map { .pattern($0) } ?? .none
        guard lines.count > 2, lines[2].hasPrefix("merges "), let count = Int(lines[2].dropFirst(7)), count >= 0 else {
            throw fail(3, "expected 'merges N' with N a count")
        }
        guard count <= lines.count - 3 else { throw fail(lines.count + 1, "the file ends after \(lines.count - 3) of \(count) merges") }
        var merges: [Pair] = []
        for i in 0..<count {
            let fields = lines[3 + i].split(separator: " ")
            guard fields.count == 2, let a = Int(fields[0]), let b = Int(fields[1]) else {
                throw fail(4 + i, "a merge is two token ids separated by a space")
            }
            guard (0..<(256 + i)).contains(a), (0..<(256 + i)).contains(b) else {
                throw fail(4 + i, "merge \(i) uses a token that does not exist yet (ids up to \(255 + i) are defined)")
            }
            merges.append(Pair(a, b))
        }
        var specials: [String] = []
        for (offset, line) in lines.dropFirst(3 + count).enumerated() {
            guard line.hasPrefix("special "), let data = Data(base64Encoded: String(line.dropFirst(8))),
                  let special = String(data: data, encoding: .utf8), !special.isEmpty else {
                throw fail(4 + count + offset, "expected 'special BASE64' with the base64 of a non-empty UTF-8 text")
            }
            specials.append(special)
        }
        do { return try BytePairEncoding(merges: merges, split: split, specialTokens: specials) } catch let error as ArgumentError {
            throw fail(0, "\(error)")
        }
    }
}
