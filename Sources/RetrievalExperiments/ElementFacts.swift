import Foundation
import Numerics

/// One chemical element's facts, from `Fixtures/elements/elements.tsv` (Debian's
/// dict-elements, public domain). Empty strings are facts the database does not state.
public struct ElementFacts: Sendable, Equatable {
    public static let file = "Fixtures/elements/elements.tsv"
    public let number: Int
    public let name: String, symbol: String, weight: String, year: String, discoverer: String

    public init(number: Int, name: String, symbol: String, weight: String, year: String, discoverer: String) {
        (self.number, self.name, self.symbol, self.weight, self.year, self.discoverer) = (number, name, symbol, weight, year, discoverer)
    }

    /// The 118 elements in order of atomic number. Throws `FileFormatError` naming the line
    /// for a row without six tab-separated fields or a number that is not 1...118.
    public static func all(root: URL) throws -> [ElementFacts] {
        let url = root.appendingPathComponent(file)
        guard let text = try? String(contentsOf: url, encoding: .utf8) else {
            throw FileFormatError(file: file, line: 0, problem: "missing or not UTF-8 (see Fixtures/elements/SOURCE.md)")
        }
        return try text.split(separator: "\n").dropFirst().enumerated().map { i, line in
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard f.count == 6, let number = Int(f[0]), (1...118).contains(number) else {
                throw FileFormatError(file: file, line: i + 2, problem: "expected number 1...118, name, symbol, weight, year, discoverer")
            }
            return ElementFacts(number: number, name: f[1], symbol: f[2], weight: f[3], year: f[4], discoverer: f[5])
        }
    }

    /// The passage the retrievers index and the reader reads: the facts as two sentences,
    /// "Hydrogen has the symbol H and the atomic number 1. It was discovered by Henry Cavendish, in the year 1776."
    public var passage: String {
        var text = name.prefix(1).uppercased() + name.dropFirst()
        text += symbol.isEmpty ? " has the atomic number \(number)." : " has the symbol \(symbol) and the atomic number \(number)."
        switch (year.isEmpty, discoverer.isEmpty) {
        case (false, false): text += " It was discovered by \(discoverer), in the year \(year)."
        case (false, true): text += " It was discovered in the year \(year)."
        case (true, false): text += " It was discovered by \(discoverer)."
        case (true, true): break
        }
        return text
    }

    /// The kinds of question asked about an element.
    public enum QuestionKind: String, Sendable, CaseIterable { case symbol, atomicNumber = "atomic number", year, discoverer }

    /// The questions this element's facts answer, one per stated fact.
    public var questions: [(kind: QuestionKind, question: String, answer: String)] {
        [(QuestionKind.symbol, "What is the symbol of \(name)?", symbol),
         (.atomicNumber, "What is the atomic number of \(name)?", "\(number)"),
         (.year, "In what year was \(name) discovered?", year),
         (.discoverer, "Who discovered \(name)?", discoverer)].filter { !$0.2.isEmpty }
    }
}
