import Foundation

/// A file is missing or not in the form expected: names the file, the line (0 when the
/// problem is the whole file) and the problem, so a reader knows exactly what to fix.
public struct FileFormatError: Error, CustomStringConvertible, Equatable {
    public let file: String
    public let line: Int
    public let problem: String

    public init(file: String, line: Int, problem: String) {
        self.file = file
        self.line = line
        self.problem = problem
    }

    public var description: String { line > 0 ? "\(file):\(line): \(problem)" : "\(file): \(problem)" }
}

extension FileFormatError {
    /// The UTF-8 text of `url`, or an error naming the file when it cannot be read.
    public static func readText(_ url: URL) throws -> String {
        do { return try String(contentsOf: url, encoding: .utf8) } catch {
            throw FileFormatError(file: url.path, line: 0, problem: "cannot be read (\(error.localizedDescription))")
        }
    }
}
