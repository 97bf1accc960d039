import Foundation
import Numerics

/// Saving and loading a trained tokenizer as text:
///
///     workbook-bpe 1
///     merges 3
///     97 97
///     97 98
///     256 257
///     special <|endoftext|>
///
/// Merge i (counting from 0) creates token 256 + i from two tokens that already exist.
extension BytePairEncoding {
    public static let fileHeader = "workbook-bpe 1"

    public func fileText() -> String {
        ([Self.fileHeader, "merges \(merges.count)"] + merges.map { "\($0.first) \($0.second)" }
            + specialTokens.map { "special \($0)" }).joined(separator: "\n") + "\n"
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
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }          // the final newline
        func fail(_ line: Int, _ problem: String) -> FileFormatError { FileFormatError(file: file, line: line, problem: problem) }
        guard lines.first == fileHeader else { throw fail(1, "expected the header '\(fileHeader)'") }
        guard lines.count > 1, lines[1].hasPrefix("merges "), let count = Int(lines[1].dropFirst(7)), count >= 0 else {
            throw fail(2, "expected 'merges N' with N a count")
        }
        guard lines.count >= 2 + count else { throw fail(lines.count + 1, "the file ends after \(lines.count - 2) of \(count) merges") }
        var merges: [Pair] = []
        for i in 0..<count {
            let fields = lines[2 + i].split(separator: " ")
            guard fields.count == 2, let a = Int(fields[0]), let b = Int(fields[1]) else {
                throw fail(3 + i, "a merge is two token ids separated by a space")
            }
            guard (0..<(256 + i)).contains(a), (0..<(256 + i)).contains(b) else {
                throw fail(3 + i, "merge \(i) uses a token that does not exist yet (ids up to \(255 + i) are defined)")
            }
            merges.append(Pair(a, b))
        }
        var specials: [String] = []
        for (offset, line) in lines.dropFirst(2 + count).enumerated() where !line.isEmpty {
            guard line.hasPrefix("special "), line.count > 8 else { throw fail(3 + count + offset, "expected 'special TEXT'") }
            specials.append(String(line.dropFirst(8)))
        }
        do { return try BytePairEncoding(merges: merges, specialTokens: specials) } catch let error as ArgumentError {
            throw fail(0, "\(error)")
        }
    }
}
