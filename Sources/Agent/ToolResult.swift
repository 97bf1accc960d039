/// What a tool gives back: a value, or an error the agent reads and can recover from. Either
/// way it is text the runtime inserts between the output markers; a tool never throws into the
/// harness and never crashes it.
public enum ToolResult: Sendable, Equatable, CustomStringConvertible {
    case value(String)
    case error(String)

    /// The text inserted into the transcript: the value, or "error: " and the reason.
    public var description: String {
        switch self {
        case .value(let text): text
        case .error(let reason): "error: " + reason
        }
    }

    public var isError: Bool { if case .error = self { true } else { false } }
}

/// A tool the agent can call: a name, and a function from the call's argument text to a result.
public protocol AgentTool: Sendable {
    /// The word that starts a call: "calc 4837*29" calls the tool named "calc".
    var name: String { get }
    /// A one-line description with an example, for the chapter and `workbook agent --help`.
    var usage: String { get }
    func run(_ arguments: String) -> ToolResult
}
