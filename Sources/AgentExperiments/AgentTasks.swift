import Agent
import Foundation
import GSL
import Numerics
import RetrievalExperiments

/// One task for the agent: its text, the answer that counts as success, and the transcript a
/// trained agent would write (the calls, with the tools' real results).
public struct AgentTask: Sendable {
    public enum Kind: String, CaseIterable, Sendable {
        case arithmetic = "arithmetic (one call)"
        case multiStep = "two tools"
        case noTool = "no tool needed"
    }
    public let kind: Kind
    public let text: String, answer: String
    public let transcript: AgentTranscript
    /// The same task answered directly, for the model trained without tools.
    public var answerOnly: AgentTranscript { AgentTranscript(task: text, steps: [], answer: answer) }
}

/// Tasks generated from a seed, from templates that differ between training and held-out
/// evaluation (held-out sentences are combinations of familiar parts that training never shows), and
/// numbers of 3 to 5 digits.
public struct AgentTaskGenerator: Sendable {
    public let toolbox: Toolbox
    let elements: [ElementFacts], words: [String]

    /// The toolbox every experiment uses: the calculator, the two word tools and the element tool.
    public static func toolbox(elements: [ElementFacts], words: Set<String>) throws -> Toolbox {
        try Toolbox([Calculator(), WordTool(name: "isword", words: words), WordTool(name: "letters", words: words),
                     ElementTool(entries: elements.map { ElementTool.Entry(name: $0.name, symbol: $0.symbol, number: $0.number, year: $0.year) })])
    }

    /// Throws as `toolbox` does.
    public init(elements: [ElementFacts], words: Set<String>) throws {
        toolbox = try Self.toolbox(elements: elements, words: words)
        self.elements = elements.filter { !$0.symbol.isEmpty && $0.name.count <= 7 }
        self.words = words.filter { (3...7).contains($0.count) && $0.allSatisfy { $0.isASCII && $0.isLowercase } }.sorted()
    }

    /// The phrasings, each a combination of parts (an opening and an operation word, a noun and
    /// an operation, …). Held-out tasks use combinations that training never shows: every part
    /// is familiar, every held-out sentence is new, so success measures whether the model reads
    /// the task rather than recognising a memorised template.
    static let openings = ["What is", "Find", "Work out", "Tell me", "Compute", "Give me"]
    static let nouns = ["hens", "pens", "pins", "cups", "coins", "cards", "eggs", "nails", "books", "seats", "nuts", "bricks"]
    static let elementOpenings = ["", "Find the ", "The ", "Give the "], elementLinks = ["times", "multiplied by"]
    static let letterOpenings = ["How many", "Number of", "Count the"], letterLinks = ["in the name of", "in the name of element"]
    static let echoVerbs = ["Repeat", "Say", "Write", "Copy"], echoFrames = ["the word {x}.", "{x} once.", "{x} back.", "the first letter of {x}."]

    /// Whether combination `index` of `count` (of some parts) is held out: every fourth, so a
    /// quarter of the sentences are new at evaluation and every part appears in training too.
    static func isHeldOut(_ index: Int) -> Bool { index % 4 == 3 }

    /// The no-tool task's verb and frame: of the 4 × 4, the held-out ones are those whose
    /// indices add up to 3 or 7, one frame for each verb and one verb for each frame.
    static func echoParts(heldOut: Bool, pick: (Int) throws -> Int) throws -> (verb: String, frame: String) {
        let pairs = echoVerbs.indices.flatMap { v in echoFrames.indices.map { (v, $0) } }.filter { isHeldOut($0 + $1) == heldOut }
        let (v, f) = pairs[try pick(pairs.count)]
        return (echoVerbs[v], echoFrames[f])
    }

    /// A phrasing index drawn among the held-out or the training combinations of `count`.
    static func combination(of count: Int, heldOut: Bool, pick: (Int) throws -> Int) throws -> Int {
        let chosen = (0..<count).filter { isHeldOut($0) == heldOut }
        return chosen[try pick(chosen.count)]
    }

    /// An arithmetic task's text for numbers a and b and operator `op`.
    static func arithmeticText(_ a: Int, _ op: Character, _ b: Int, heldOut: Bool, pick: (Int) throws -> Int) throws -> String {
        let operators: [Character] = ["+", "-", "*"], o = operators.firstIndex(of: op)!
        let word = ["plus", "minus", "times"][o]
        if try pick(2) == 0 {
            // Opening × operation word; the combination's index is opening · 3 + operation.
            let options = (0..<openings.count).filter { isHeldOut($0 * 3 + o) == heldOut }
            let opening = openings[options[try pick(options.count)]]
            return "\(opening) \(a) \(word) \(b)?"
        }
        let options = (0..<nouns.count).filter { isHeldOut($0 * 3 + o) == heldOut }
        let noun = nouns[options[try pick(options.count)]]
        switch op {
        case "+": return "\(a) \(noun), then \(b) more. How many \(noun)?"
        case "-": return "\(a) \(noun), \(b) sold. How many left?"
        default: return "\(b) boxes of \(a) \(noun). How many \(noun)?"
        }
    }

    /// `count` tasks, a third of each kind in turn, from a generator seeded `seed`. Throws
    /// `ArgumentError` for a negative count.
    public func tasks(count: Int, heldOut: Bool, seed: UInt) throws -> [AgentTask] {
        try ArgumentError.requireAtLeast(0, count, "count")
        let g = RandomGenerator(seed: seed)
        func pick<T>(_ items: [T]) throws -> T { items[try g.integer(below: items.count)] }
        func number(digits: ClosedRange<Int>) throws -> Int {
            let d = digits.lowerBound + (try g.integer(below: digits.count))
            let low = Int(pow(10, Double(d - 1)))
            return low + (try g.integer(below: 9 * low))
        }
        func fill(_ template: String, _ values: [String: String]) -> String {
            values.reduce(template) { $0.replacingOccurrences(of: "{\($1.key)}", with: $1.value) }
        }
        func step(_ call: String) -> (call: String, result: String) { (call, toolbox.run(call).description) }
        return try (0..<count).map { i in
            switch AgentTask.Kind.allCases[i % 3] {
            case .arithmetic:
                let op = try pick(Array("+-*"))
                var a = try number(digits: op == "*" ? 3...4 : 3...5), b = try number(digits: op == "*" ? 2...3 : 3...4)
                if op == "-" && b > a { swap(&a, &b) }
                let call = step("calc \(a)\(op)\(b)")
                let text = try Self.arithmeticText(a, op, b, heldOut: heldOut) { try g.integer(below: $0) }
                return AgentTask(kind: .arithmetic, text: text, answer: call.result, transcript: AgentTranscript(task: text, steps: [call], answer: call.result))
            case .multiStep:
                let e = try pick(elements)
                if try g.integer(below: 2) == 0 {
                    let n = try number(digits: 2...3)
                    let k = try Self.combination(of: Self.elementOpenings.count * Self.elementLinks.count, heldOut: heldOut) { try g.integer(below: $0) }
                    let opening = Self.elementOpenings[k / 2], link = Self.elementLinks[k % 2]
                    let text = "\(opening)\(opening.isEmpty ? "Atomic" : "atomic") number of \(e.name) \(link) \(n)?"
                    let first = step("element \(e.name) number"), second = step("calc \(first.result)*\(n)")
                    return AgentTask(kind: .multiStep, text: text, answer: second.result, transcript: AgentTranscript(task: text, steps: [first, second], answer: second.result))
                }
                let letter = String(try pick(Array("aeinorstu")))
                let k = try Self.combination(of: Self.letterOpenings.count * Self.letterLinks.count, heldOut: heldOut) { try g.integer(below: $0) }
                let text = "\(Self.letterOpenings[k / 2]) \(letter) \(Self.letterLinks[k % 2]) \(e.symbol)?"
                let first = step("element \(e.symbol) name"), second = step("letters \(first.result) \(letter)")
                return AgentTask(kind: .multiStep, text: text, answer: second.result, transcript: AgentTranscript(task: text, steps: [first, second], answer: second.result))
            case .noTool:
                // A word, or a number of 3 to 5 digits: copied, or its first character.
                let x = try g.integer(below: 2) == 0 ? try pick(words) : String(try number(digits: 3...5))
                let (verb, frame) = try Self.echoParts(heldOut: heldOut) { try g.integer(below: $0) }
                let answer = frame.contains("letter") ? String(x.first!) : x
                let text = verb + " " + fill(frame, ["x": x])
                return AgentTask(kind: .noTool, text: text, answer: answer, transcript: AgentTranscript(task: text, steps: [], answer: answer))
            }
        }
    }
}
