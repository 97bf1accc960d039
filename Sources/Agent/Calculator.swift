import Numerics

// listing: calculator
/// A calculator that evaluates arithmetic and nothing else: a recursive-descent parser over
/// digits, one decimal point per number, + − × ÷ written `+ - * /`, parentheses and spaces
/// (nanochat's calculator allows the same characters and refuses `**`). There is no power
/// operator, no name and no function to call, so no input can reach anything but arithmetic.
/// Limits keep every call small: the text's length, the parentheses' depth, the digits of a
/// number and the size of every intermediate result. Everything outside them, division by zero
/// included, is an error result.
///
///     expression := term (("+" | "-") term)*
///     term       := factor (("*" | "/") factor)*
///     factor     := "-" factor | number | "(" expression ")"
public struct Calculator: AgentTool {
    public let name = "calc"
    public let usage = "calc EXPRESSION: arithmetic with + - * / ( ) and decimals, e.g. calc (4837+29)*3"
    public static let maximumLength = 120, maximumDepth = 16, maximumDigits = 12
    /// The largest magnitude of any result, intermediate ones included: 10¹⁵, below 2⁵³, so
    /// every integer result is exact in a Double.
    public static let maximumMagnitude = 1e15

    public init() {}

    public func run(_ arguments: String) -> ToolResult {
        guard arguments.unicodeScalars.count <= Self.maximumLength else { return .error("expression longer than \(Self.maximumLength) characters") }
        if let bad = arguments.unicodeScalars.first(where: { !"0123456789.+-*/() ".unicodeScalars.contains($0) }) {
            return .error("character \"\(bad)\" not allowed (only digits, . + - * / ( ) and spaces)")
        }
        var parser = Parser(characters: Array(arguments.utf8).filter { $0 != UInt8(ascii: " ") })
        do {
            let value = try parser.expression(depth: 0)
            guard parser.position == parser.characters.count else { throw Failure("unexpected \"\(parser.current)\" at \(parser.position + 1)") }
            return .value(Self.format(value))
        } catch let failure as Failure {
            return .error(failure.reason)
        } catch {
            return .error("\(error)")
        }
    }

    /// An integer without a decimal point; otherwise up to 6 decimals, trailing zeros dropped.
    static func format(_ value: Double) -> String {
        if value == value.rounded() { return String(Int64(value)) }
        var text = String(format: "%.6f", value)
        while text.hasSuffix("0") { text.removeLast() }
        return text
    }

    struct Failure: Error {
        let reason: String
        init(_ reason: String) { self.reason = reason }
    }

    struct Parser {
        let characters: [UInt8]
        var position = 0
        var current: String { position < characters.count ? String(UnicodeScalar(characters[position])) : "end" }

        mutating func accept(_ c: Character) -> Bool {
            guard position < characters.count, characters[position] == c.asciiValue! else { return false }
            position += 1
            return true
        }

        mutating func expression(depth: Int) throws -> Double {
            guard depth <= Calculator.maximumDepth else { throw Failure("parentheses nested deeper than \(Calculator.maximumDepth)") }
            var value = try term(depth: depth)
            while true {
                if accept("+") { value = try checked(value + term(depth: depth)) }
                else if accept("-") { value = try checked(value - term(depth: depth)) }
                else { return value }
            }
        }

        mutating func term(depth: Int) throws -> Double {
            // exercise: M13.1 write the calculator's term rule: factors joined by * and /, refusing ** and division by zero, every result checked (Chapter 13, the calculator)
            var value = try factor(depth: depth)
            while true {
                if accept("*") {
                    if position < characters.count, characters[position] == UInt8(ascii: "*") { throw Failure("** is not allowed (no powers)") }
                    value = try checked(value * factor(depth: depth))
                } else if accept("/") {
                    let divisor = try factor(depth: depth)
                    guard divisor != 0 else { throw Failure("division by zero") }
                    value = try checked(value / divisor)
                } else {
                    return value
                }
            }
            // end exercise
        }

        mutating func factor(depth: Int) throws -> Double {
            if accept("-") {
                guard depth < Calculator.maximumDepth else { throw Failure("too many signs") }
                return try -factor(depth: depth + 1)
            }
            if accept("(") {
                let value = try expression(depth: depth + 1)
                guard accept(")") else { throw Failure("missing \")\" at \(position + 1)") }
                return value
            }
            return try number()
        }

        mutating func number() throws -> Double {
            let start = position
            var digits = 0, points = 0
            while position < characters.count {
                let c = characters[position]
                if c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") { digits += 1 }
                else if c == UInt8(ascii: ".") { points += 1 }
                else { break }
                position += 1
            }
            guard digits > 0 else { throw Failure("expected a number at \(start + 1), found \"\(current)\"") }
            guard points <= 1 else { throw Failure("a number with two decimal points at \(start + 1)") }
            guard digits <= Calculator.maximumDigits else { throw Failure("a number longer than \(Calculator.maximumDigits) digits") }
            guard let value = Double(String(decoding: characters[start..<position], as: UTF8.self)) else { throw Failure("not a number at \(start + 1)") }
            return value
        }

        func checked(_ value: Double) throws -> Double {
            guard value.isFinite, abs(value) <= Calculator.maximumMagnitude else { throw Failure("result beyond ±10^15") }
            return value
        }
    }
}
// end listing
