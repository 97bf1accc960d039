import Foundation
import Numerics
import ExperimentRecords

/// The latest results cannot be used: says which file and what to run.
public struct ResultsError: Error, CustomStringConvertible, Equatable {
    public let file: String
    public let problem: String

    public var description: String {
        "\(file): \(problem)\nRun `bash Scripts/run-experiments.sh` to run the outcome suites and regenerate the log. EXPERIMENTS.md was left untouched."
    }
}

/// What one `swift test` run said, read from Swift Testing's event stream
/// (`--event-stream-output-path FILE --event-stream-version 0`, one JSON object per line).
public struct TestRun: Equatable, Sendable {
    public struct Test: Equatable, Sendable {
        public let id: String
        public let displayName: String
        /// nil while the run never reported the test's end.
        public var passed: Bool?
        /// The text of each issue the test recorded.
        public var issues: [String]
    }

    /// A value a test attached: the file it was written to.
    public struct AttachedFile: Equatable, Sendable {
        public let testID: String
        public let fileName: String
    }

    /// Tests (not suites), by ID.
    public private(set) var tests: [String: Test] = [:]
    public private(set) var attachments: [AttachedFile] = []
    /// True once the stream's `runEnded` event was read.
    public private(set) var finished = false

    /// Reads an event stream. `file` names it in errors.
    public init(eventStream text: String, file: String) throws {
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where !line.isEmpty {
            let record: StreamRecord
            do {
                record = try JSONDecoder().decode(StreamRecord.self, from: Data(line.utf8))
            } catch {
                throw ResultsError(file: file, problem: "line \(index + 1) is not an event-stream record (\(Self.reason(error)))")
            }
            let payload = record.payload
            switch record.kind {
            case "test":
                guard let id = payload.id else { continue }
                guard payload.kind != "suite" else { continue }
                tests[id] = Test(id: id, displayName: payload.displayName ?? payload.name ?? id, passed: nil, issues: [])
            case "event":
                switch payload.kind {
                case "testEnded":
                    guard let id = payload.testID, tests[id] != nil else { continue }
                    tests[id]?.passed = payload.messages?.first?.symbol == "pass"
                case "issueRecorded":
                    guard let id = payload.testID, tests[id] != nil else { continue }
                    // Prefer the test's own comment ("details") over the expression expansion.
                    let messages = payload.messages ?? []
                    let text = messages.first { $0.symbol == "details" }?.text ?? messages.first?.text ?? "an issue was recorded"
                    tests[id]?.issues.append(text)
                case "valueAttached":
                    guard let id = payload.testID, let path = payload.attachment?.path else { continue }
                    attachments.append(AttachedFile(testID: id, fileName: URL(fileURLWithPath: path).lastPathComponent))
                case "runEnded":
                    finished = true
                default:
                    continue
                }
            default:
                continue
            }
        }
    }

    private static func reason(_ error: Error) -> String {
        if case DecodingError.dataCorrupted(let context) = error { return context.debugDescription }
        if case DecodingError.keyNotFound(let key, _) = error { return "no '\(key.stringValue)' field" }
        return "\(error)"
    }
}

/// The parts of an event-stream line the log reads.
private struct StreamRecord: Decodable {
    let kind: String
    let payload: Payload

    struct Payload: Decodable {
        let kind: String?
        let id: String?
        let name: String?
        let displayName: String?
        let testID: String?
        let messages: [Message]?
        let attachment: AttachmentInfo?
    }

    struct Message: Decodable {
        let symbol: String
        let text: String
    }

    struct AttachmentInfo: Decodable {
        let path: String
    }
}
