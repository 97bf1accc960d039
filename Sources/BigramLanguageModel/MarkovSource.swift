import Foundation
import GSL
import Numerics

/// A Markov chain over a few symbols, read from `Fixtures/markov/transitions.csv`: a source of
/// text whose entropy rate is known exactly, so a model's cross-entropy can be compared with
/// the best any model could do.
public struct MarkovSource: Sendable {
    public static let path = "Fixtures/markov/transitions.csv"
    public let transitions: [[Double]]

    /// A source with transition matrix `transitions` (row i: the distribution of the symbol
    /// after symbol i). Throws `ArgumentError` unless it is square, non-empty, every entry ≥ 0
    /// and every row sums to 1 (within 1e-9).
    public init(transitions: [[Double]]) throws {
        try ArgumentError.require(!transitions.isEmpty && transitions.allSatisfy { $0.count == transitions.count }, "transitions",
                                  "\(transitions.count) rows of \(transitions.map(\.count))", allowed: "a non-empty square matrix")
        for (i, row) in transitions.enumerated() {
            try ArgumentError.require(row.allSatisfy { $0 >= 0 } && abs(row.reduce(0, +) - 1) < 1e-9, "transitions[\(i)]", "\(row)",
                                      allowed: "non-negative entries summing to 1")
        }
        self.transitions = transitions
    }

    /// Reads the rows of the transition matrix ('#' starts a comment line).
    public static func load(from url: URL) throws -> MarkovSource {
        let text = try FileFormatError.readText(url)
        var rows: [[Double]] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let values = trimmed.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
            guard values.allSatisfy({ $0 != nil && $0! >= 0 }) else {
                throw FileFormatError(file: url.path, line: index + 1, problem: "expected non-negative numbers separated by commas")
            }
            let row = values.map { $0! }
            guard abs(row.reduce(0, +) - 1) < 1e-9 else {
                throw FileFormatError(file: url.path, line: index + 1, problem: "the row sums to \(row.reduce(0, +)), not 1")
            }
            rows.append(row)
        }
        guard !rows.isEmpty, rows.allSatisfy({ $0.count == rows.count }) else {
            throw FileFormatError(file: url.path, line: 0, problem: "the matrix must be square, \(rows.count) rows of \(rows.count) numbers")
        }
        return try MarkovSource(transitions: rows)
    }

    public static func standard(packageRoot: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)) throws -> MarkovSource {
        try load(from: packageRoot.appendingPathComponent(path))
    }

    public var size: Int { transitions.count }

    // listing: entropy-rate
    /// The stationary distribution π = πP, by power iteration from the uniform distribution.
    public var stationaryDistribution: [Double] {
        var pi = Array(repeating: 1 / Double(size), count: size)
        for _ in 0..<10_000 {
            let next = (0..<size).map { j in (0..<size).reduce(0) { $0 + pi[$1] * transitions[$1][j] } }
            defer { pi = next }
            if zip(pi, next).allSatisfy({ abs($0 - $1) < 1e-15 }) { break }
        }
        return pi
    }

    /// H = −Σᵢ πᵢ Σⱼ Pᵢⱼ log Pᵢⱼ nats per symbol: no model of this source can have a lower
    /// cross-entropy on a long enough sample of it.
    public var entropyRate: Double {
        zip(stationaryDistribution, transitions).reduce(0) { total, entry in
            total - entry.0 * entry.1.reduce(0) { $0 + ($1 > 0 ? $1 * log($1) : 0) }
        }
    }
    // end listing

    /// `count` symbols, the first drawn from π, then each from its row of P. Throws
    /// `ArgumentError` for a count below 1.
    public func generate(count: Int, seed: UInt) throws -> [Int] {
        try ArgumentError.requireAtLeast(1, count, "count")
        let generator = RandomGenerator(seed: seed)
        var symbols = [try sampleIndex(stationaryDistribution, generator: generator)]
        while symbols.count < count { try symbols.append(sampleIndex(transitions[symbols.last!], generator: generator)) }
        return symbols
    }
}
