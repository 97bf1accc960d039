import Foundation

/// Runs a program in a folder: the git and swift calls practice mode makes.
public enum ShellCommand {
    public struct Failure: Error, CustomStringConvertible {
        let command: String
        let status: Int32
        let output: String
        public var description: String { "`\(command)` exited with status \(status)\(output.isEmpty ? "" : ":\n" + output)" }
    }

    /// Runs `arguments` (looked up on PATH) in `directory` and returns its standard output.
    /// Throws `Failure` with the output when it exits non-zero.
    @discardableResult
    public static func output(_ arguments: [String], in directory: URL) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        guard process.terminationStatus == 0 else {
            throw Failure(command: arguments.joined(separator: " "), status: process.terminationStatus, output: text)
        }
        return text
    }

    /// Runs a bash command line in `directory` with its output going to this process's
    /// terminal, and returns its exit status.
    static func interactive(_ commandLine: String, in directory: URL) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["bash", "-c", commandLine]
        process.currentDirectoryURL = directory
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }
}
