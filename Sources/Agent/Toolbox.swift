// listing: toolbox
/// The tools an agent may call, by name. A call's text is the tool's name, a space and its
/// arguments ("calc 4837*29"); an unknown name or an empty call is an error result, so a
/// malformed call is a step the agent can recover from, never a crash.
public struct Toolbox: Sendable {
    let tools: [String: any AgentTool]
    public static let maximumCallLength = 160

    public init(_ tools: [any AgentTool]) {
        self.tools = Dictionary(tools.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    }

    public var names: [String] { tools.keys.sorted() }

    public func run(_ call: String) -> ToolResult {
        guard call.unicodeScalars.count <= Self.maximumCallLength else { return .error("call longer than \(Self.maximumCallLength) characters") }
        let trimmed = call.drop { $0 == " " }
        let name = String(trimmed.prefix { $0 != " " })
        guard !name.isEmpty else { return .error("empty call") }
        guard let tool = tools[name] else { return .error("unknown tool \"\(name.prefix(20))\"; tools: \(names.joined(separator: ", "))") }
        return tool.run(String(trimmed.dropFirst(name.count).drop { $0 == " " }))
    }
}
// end listing
