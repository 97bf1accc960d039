/// Facts about the chemical elements (Chapter 11's `dict-elements` data): `element NAME FIELD`,
/// where NAME is an element's name or symbol (any case) and FIELD is number, symbol, name or
/// year (of discovery). Unknown elements, fields and facts the data does not hold are errors.
public struct ElementTool: AgentTool {
    public struct Entry: Sendable {
        public let name: String, symbol: String, number: Int, year: String
        public init(name: String, symbol: String, number: Int, year: String) {
            (self.name, self.symbol, self.number, self.year) = (name, symbol, number, year)
        }
    }
    public let name = "element"
    public let usage = "element NAME FIELD: an element's number, symbol, name or year, e.g. element iron number"
    let entries: [String: Entry]

    public init(entries: [Entry]) {
        var table: [String: Entry] = [:]
        for e in entries {
            table[e.name.lowercased()] = e
            if !e.symbol.isEmpty { table[e.symbol.lowercased()] = e }
        }
        self.entries = table
    }

    public func run(_ arguments: String) -> ToolResult {
        let parts = arguments.split(separator: " ").map { $0.lowercased() }
        guard parts.count == 2 else { return .error("element takes a name or symbol and a field") }
        guard parts[0].count <= 20, let e = entries[parts[0]] else { return .error("no element \"\(parts[0].prefix(20))\"") }
        switch parts[1] {
        case "number": return .value(String(e.number))
        case "symbol": return e.symbol.isEmpty ? .error("no symbol recorded") : .value(e.symbol)
        case "name": return .value(e.name.lowercased())
        case "year": return e.year.isEmpty ? .error("no year recorded") : .value(e.year)
        default: return .error("field must be number, symbol, name or year")
        }
    }
}
