import ArgumentParser
import Foundation
import Retrieval

/// `workbook evaluate-ranking`: trec_eval's measures for TREC-format qrels and run files.
struct EvaluateRankingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate-ranking",
        abstract: "Print recall@1/5/10/100, P@5, MRR@10, reciprocal rank, nDCG@10 and MAP for a TREC run against TREC qrels, as trec_eval computes them.",
        discussion: """
            qrels lines: `query 0 document grade`; run lines: `query Q0 document rank score tag` (the rank column is
            ignored: trec_eval orders by score, ties by document id descending). Averages are over the queries in both files.
            """)

    @Option(help: "The relevance judgments (TREC qrels).")
    var qrels: String

    @Option(name: .customLong("run"), help: "The ranked results (TREC run).")
    var runFile: String

    @Flag(help: "Print each query's values too.")
    var perQuery = false

    static let measures: [RankingMeasure] = [.recall(1), .recall(5), .recall(10), .recall(100), .precision(5), .reciprocalRank(10), .reciprocalRank(nil), .ndcg(10), .averagePrecision]

    func run() throws {
        let judgments = try Self.columns(of: qrels, count: 4).reduce(into: [String: [String: Int]]()) { result, line in
            guard let grade = Int(line.fields[3]) else { throw ValidationError("\(qrels):\(line.number): grade \(line.fields[3]) is not an integer") }
            result[line.fields[0], default: [:]][line.fields[2]] = grade
        }
        let scores = try Self.columns(of: runFile, count: 6).reduce(into: [String: [String: Double]]()) { result, line in
            guard let score = Double(line.fields[4]), score.isFinite else { throw ValidationError("\(runFile):\(line.number): score \(line.fields[4]) is not a finite number") }
            result[line.fields[0], default: [:]][line.fields[2]] = score
        }
        let values = try RankingEvaluation.evaluate(run: scores, qrels: judgments, measures: Self.measures)
        if perQuery {
            for query in values.keys.sorted() {
                for measure in Self.measures { print("\(measure)\t\(query)\t\(String(format: "%.4f", values[query]![measure]!))") }
            }
        }
        print("num_q\tall\t\(values.count)")
        for measure in Self.measures { print("\(measure)\tall\t\(String(format: "%.4f", RankingEvaluation.mean(measure, of: values)))") }
    }

    /// The whitespace-separated fields of each non-empty line; throws naming the file and line
    /// for a line with another number of fields.
    static func columns(of path: String, count: Int) throws -> [(number: Int, fields: [String])] {
        guard let data = FileManager.default.contents(atPath: path), let text = String(validating: data, as: UTF8.self) else {
            throw ValidationError("\(path): cannot be read as UTF-8 text")
        }
        return try text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().compactMap { number, line in
            let fields = line.split(whereSeparator: \.isWhitespace).map(String.init)
            if fields.isEmpty { return nil }
            guard fields.count == count else { throw ValidationError("\(path):\(number + 1): \(fields.count) fields, expected \(count)") }
            return (number + 1, fields)
        }
    }
}
