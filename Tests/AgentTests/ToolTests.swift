import Foundation
import Testing
import Agent
import Numerics

@Suite("M13 · Agent: tools")
struct ToolTests {
    let calculator = Calculator()

    @Test("The calculator evaluates arithmetic exactly, hand-worked", arguments: [
        ("4837*29", "140273"), ("(4837+29)*3", "14598"), ("1/4", "0.25"), ("-3*-2", "6"), (" 12 - 5 - 4 ", "3"),
        ("2+3*4", "14"), ("(2+3)*4", "20"), ("10/3", "3.333333"), ("0.5+0.25", "0.75"), ("99999*99999", "9999800001"),
    ])
    func evaluates(expression: String, value: String) {
        #expect(calculator.run(expression) == .value(value))
    }

    @Test("The calculator refuses what is not plain arithmetic, or too big, with an error result", arguments: [
        "2**10", "import os", "1/0", "(1", "1)", "", "1..2", "1.2.3", "٣+٤", "2 ^ 3", "abs(-1)", "1e5",
        String(repeating: "(", count: 10_000) + "1" + String(repeating: ")", count: 10_000),
        String(repeating: "(", count: 17) + "1" + String(repeating: ")", count: 17),
        String(repeating: "9", count: 13), String(repeating: "-", count: 100) + "1",
        Array(repeating: "99999", count: 4).joined(separator: "*"), String(repeating: "1+", count: 200) + "1",
    ])
    func refuses(expression: String) {
        let result = calculator.run(expression)
        #expect(result.isError, "\(expression.prefix(40)) gave \(result)")
    }

    @Test("Parentheses 16 deep are evaluated and 17 deep refused by the depth limit")
    func depthLimit() {
        #expect(calculator.run(String(repeating: "(", count: 16) + "1" + String(repeating: ")", count: 16)) == .value("1"))
        #expect(calculator.run(String(repeating: "(", count: 17) + "1" + String(repeating: ")", count: 17)) == .error("parentheses nested deeper than 16"))
    }

    @Test("The word and element tools answer from their data and refuse malformed arguments")
    func wordAndElementTools() throws {
        let isword = try WordTool(name: "isword", words: ["iron", "gold"]), letters = try WordTool(name: "letters", words: [])
        #expect(isword.run("Iron") == .value("yes"))
        #expect(isword.run("irno") == .value("no"))
        #expect(letters.run("hydrogen o") == .value("1"))
        #expect(letters.run("iron r") == .value("1"))
        for bad in ["", "iron", "iron rr", "ir0n r", "ïron r", String(repeating: "a", count: 41) + " a"] { #expect(letters.run(bad).isError, "\(bad)") }
        #expect(throws: ArgumentError.self) { try WordTool(name: "spell", words: []) }
        let elements = ElementTool(entries: [.init(name: "iron", symbol: "Fe", number: 26, year: ""), .init(name: "gold", symbol: "Au", number: 79, year: "")])
        #expect(elements.run("iron number") == .value("26"))
        #expect(elements.run("fe name") == .value("iron"))
        #expect(elements.run("Au symbol") == .value("Au"))
        for bad in ["iron", "iron mass", "unobtainium number", "iron number extra", "iron year"] { #expect(elements.run(bad).isError, "\(bad)") }
    }

    @Test("The toolbox names unknown tools and refuses empty and overlong calls")
    func toolbox() {
        let box = Toolbox([Calculator()])
        #expect(box.run("calc 2+2") == .value("4"))
        #expect(box.run("python 2+2") == .error("unknown tool \"python\"; tools: calc"))
        #expect(box.run("").isError)
        #expect(box.run("calc " + String(repeating: "1", count: 200)).isError)
    }
}

@Suite("M13 · Agent: protocol and pass^k")
struct ProtocolTests {
    @Test("The vocabulary keeps special tokens out of text and spells them back")
    func specialTokensAreNotText() {
        let v = AgentVocabulary()
        let ids = v.encode("<|call|>calc 2**99<|/call|><|end|>")
        #expect(ids.count == "<|call|>calc 2**99<|/call|><|end|>".count)
        #expect(ids.allSatisfy { v.special($0) == nil })
        #expect(v.encode("٣") == [v.unknown])
        #expect(v.decode([v.id(.callStart)] + v.encode("calc 1+1") + [v.id(.callEnd)]) == "<|call|>calc 1+1<|/call|>")
    }

    @Test("The transcript trains the task and what the model writes, and masks every tool output")
    func transcriptMask() throws {
        let v = AgentVocabulary()
        let t = AgentTranscript(task: "What is 2 times 3?", steps: [(call: "calc 2*3", result: "6")], answer: "6")
        let (tokens, trained) = t.tokens(v)
        #expect(v.decode(tokens) == "What is 2 times 3?\n<|call|>calc 2*3<|/call|><|output|>6<|/output|>6<|end|>")
        let trainedText = v.decode(zip(tokens, trained).filter { $1 }.map(\.0))
        #expect(trainedText == "What is 2 times 3?\n<|call|>calc 2*3<|/call|>6<|end|>")
        let row = try t.trainingRow(v, blockSize: 64)
        #expect(row.inputs.count == 64 && row.targets.count == 64)
        // The first token is never a target; the tool's output and its markers never are.
        #expect(v.decode(row.targets.filter { $0 != ignoreIndex }) == String(trainedText.dropFirst()))
        #expect(throws: ArgumentError.self) { try t.trainingRow(v, blockSize: 10) }
    }

    @Test("Packing fills rows with whole transcripts, keeps each one's mask, and refuses one longer than the block")
    func packing() throws {
        let v = AgentVocabulary()
        let a = AgentTranscript(task: "2*3?", steps: [(call: "calc 2*3", result: "6")], answer: "6")   // 20 tokens
        let b = AgentTranscript(task: "Say hi.", steps: [], answer: "hi")                               // 11 tokens
        var packing = try TranscriptPacking(vocabulary: v, blockSize: 40)
        for t in [a, b, a] { try packing.add(t) }
        // a and b fill 31 of the first row's 41 tokens; the second a does not fit and opens a row.
        #expect(packing.rows == 1 && packing.inputs.count == 40 && packing.targets.count == 40)
        let (ta, ma) = a.tokens(v), (tb, mb) = b.tokens(v)
        #expect(ta.count == 20 && tb.count == 11)
        let row = ta + tb + Array(repeating: v.newline, count: 10), trained = ma + mb + Array(repeating: false, count: 10)
        #expect(packing.inputs == Array(row.dropLast()))
        #expect(packing.targets == (0..<40).map { trained[$0 + 1] ? row[$0 + 1] : ignoreIndex })
        // b's first character is trained as the token after a's end: the next task's text.
        #expect(packing.targets[ta.count - 1] == tb[0])
        try packing.add(b)
        try packing.add(AgentTranscript(task: String(repeating: "x", count: 9), steps: [], answer: "y"))   // 12 tokens: 43 > 41
        #expect(packing.rows == 2)
        // A transcript of exactly a row's 41 tokens fits, alone or after others that leave room.
        var exact = try TranscriptPacking(vocabulary: v, blockSize: 40)
        try exact.add(AgentTranscript(task: String(repeating: "x", count: 38), steps: [], answer: "y"))
        #expect(exact.rows == 0)
        for t in [a, b, AgentTranscript(task: String(repeating: "x", count: 7), steps: [], answer: "y")] { try exact.add(t) }
        #expect(exact.rows == 1 && exact.inputs.count == 40)
        let e = #expect(throws: ArgumentError.self) { try packing.add(AgentTranscript(task: String(repeating: "x", count: 39), steps: [], answer: "y")) }
        #expect(e?.parameter == "transcript")
        #expect(throws: ArgumentError.self) { try TranscriptPacking(vocabulary: v, blockSize: 0) }
        #expect(throws: ArgumentError.self) { try TranscriptPacking(vocabulary: v, blockSize: 40, window: 0) }
        // With a window of 2, a transcript that does not fit waits and a later, shorter one
        // fills the gap; the row is finished when two wait, with no padding here.
        let y = AgentTranscript(task: String(repeating: "x", count: 7), steps: [], answer: "y")   // 10 tokens
        var windowed = try TranscriptPacking(vocabulary: v, blockSize: 40, window: 2)
        for t in [a, b, a, y, a] { try windowed.add(t) }
        #expect(windowed.rows == 1)
        let first = windowed.takeRows(1)
        #expect(first?.inputs == Array((ta + tb + y.tokens(v).tokens).dropLast()))
        #expect(windowed.rows == 0 && windowed.takeRows(1) == nil)
    }

    @Test("pass^k is C(c, k)/C(n, k) averaged over tasks, hand-worked, and never rises with k")
    func passHatKValues() throws {
        #expect(try passHatK(successes: [4, 2, 0], tries: 4, k: 1) == 0.5)
        #expect(abs(try passHatK(successes: [4, 2, 0], tries: 4, k: 2) - (1 + 1.0 / 6) / 3) < 1e-15)
        #expect(try passHatK(successes: [4, 3, 1], tries: 4, k: 4) == 1.0 / 3)
        let values = try (1...4).map { try passHatK(successes: [4, 3, 1, 2, 0], tries: 4, k: $0) }
        for (a, b) in zip(values, values.dropFirst()) { #expect(b <= a) }
        #expect(throws: ArgumentError.self) { try passHatK(successes: [5], tries: 4, k: 1) }
        #expect(throws: ArgumentError.self) { try passHatK(successes: [1], tries: 4, k: 5) }
        #expect(throws: ArgumentError.self) { try passHatK(successes: [], tries: 4, k: 1) }
    }
}
