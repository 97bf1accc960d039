import Foundation

/// Runs a benchmark peer (a Python script printing one JSON object) and returns that object;
/// throws `ValidationFailure` naming the script when it fails or prints something else.
enum PeerProcess {
    static func json(python: String, script: String, arguments: [String]) throws -> [String: Any] {
        let process = Process(), output = Pipe()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [script] + arguments
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0, let json = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw ValidationFailure("\(script) (run with \(python)) gave no figures; exit status \(process.terminationStatus)")
        }
        return json
    }
}
