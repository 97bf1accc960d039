import Foundation
import Numerics

/// The ranking measures of information retrieval exactly as `trec_eval` (NIST's evaluation
/// tool, through `pytrec_eval`) computes them: a run (query → document → score) is judged
/// against relevance judgments, the qrels (query → document → grade; grade ≥ 1 is relevant).
///
/// Every measure depends on the order of a query's documents, so ties decide results:
/// `trec_eval` sorts by score, highest first, and breaks ties by document id in *decreasing*
/// byte order. BEIR and MTEB have both shipped bugs from breaking ties otherwise.
public enum RankingMeasure: Hashable, Sendable, CustomStringConvertible {
    /// Relevant documents in the top k over all relevant documents.
    case recall(Int)
    /// Relevant documents in the top k over k.
    case precision(Int)
    /// 1 / rank of the first relevant document (0 if none), within the top k if given (MRR@k).
    case reciprocalRank(Int?)
    /// DCG@k / ideal DCG@k with gain = grade and discount log2(rank + 1).
    case ndcg(Int)
    /// Average precision over the relevant documents (MAP is its mean over queries).
    case averagePrecision

    /// `pytrec_eval`'s name: `recall_10`, `P_5`, `recip_rank`, `ndcg_cut_10`, `map`.
    public var description: String {
        switch self {
        case .recall(let k): "recall_\(k)"
        case .precision(let k): "P_\(k)"
        case .reciprocalRank(nil): "recip_rank"
        case .reciprocalRank(let k?): "recip_rank@\(k)"
        case .ndcg(let k): "ndcg_cut_\(k)"
        case .averagePrecision: "map"
        }
    }
}

public enum RankingEvaluation {
    // listing: trec-ties
    /// A query's documents in `trec_eval`'s order: score descending, ties by document id in
    /// decreasing byte order.
    public static func ranking(_ scores: [String: Double]) -> [String] {
        scores.sorted { a, b in
            a.value != b.value ? a.value > b.value : b.key.utf8.lexicographicallyPrecedes(a.key.utf8)
        }.map(\.key)
    }
    // end listing

    /// One query's value of `measure` for `ranked` documents against `grades`.
    public static func value(_ measure: RankingMeasure, ranked: [String], grades: [String: Int]) -> Double {
        let relevant = grades.values.filter { $0 >= 1 }.count
        func isRelevant(_ document: String) -> Bool { (grades[document] ?? 0) >= 1 }
        switch measure {
        case .recall(let k):
            return relevant == 0 ? 0 : Double(ranked.prefix(k).filter(isRelevant).count) / Double(relevant)
        case .precision(let k):
            return Double(ranked.prefix(k).filter(isRelevant).count) / Double(k)
        case .reciprocalRank(let k):
            guard let first = ranked.prefix(k ?? ranked.count).firstIndex(where: isRelevant) else { return 0 }
            return 1 / Double(first + 1)
        case .ndcg(let k):
            func dcg(_ gains: some Sequence<Int>) -> Double {
                gains.enumerated().reduce(0.0) { $0 + Double($1.element) / log2(Double($1.offset + 2)) }
            }
            let ideal = dcg(grades.values.filter { $0 > 0 }.sorted(by: >).prefix(k))
            return ideal == 0 ? 0 : dcg(ranked.prefix(k).map { max(grades[$0] ?? 0, 0) }) / ideal
        case .averagePrecision:
            guard relevant > 0 else { return 0 }
            var found = 0, sum = 0.0
            for (rank, document) in ranked.enumerated() where isRelevant(document) {
                found += 1
                sum += Double(found) / Double(rank + 1)
            }
            return sum / Double(relevant)
        }
    }

    /// Every measure for every query that is in both the run and the qrels (as `trec_eval`
    /// without `-c`); a measure listed twice is computed once. Throws `ArgumentError` for a cutoff below 1 or a non-finite score,
    /// naming the query and document.
    public static func evaluate(run: [String: [String: Double]], qrels: [String: [String: Int]],
                                measures: [RankingMeasure]) throws -> [String: [RankingMeasure: Double]] {
        for measure in measures {
            switch measure {
            case .recall(let k), .precision(let k), .ndcg(let k), .reciprocalRank(let k?):
                try ArgumentError.require(k >= 1, "measures", measure, allowed: "cutoffs must be at least 1")
            case .reciprocalRank(nil), .averagePrecision: break
            }
        }
        var result: [String: [RankingMeasure: Double]] = [:]
        for (query, scores) in run {
            guard let grades = qrels[query] else { continue }
            if let bad = scores.first(where: { !$0.value.isFinite }) {
                throw ArgumentError(parameter: "run[\(query)][\(bad.key)]", value: "\(bad.value)", allowed: "scores must be finite")
            }
            let ranked = ranking(scores)
            result[query] = Dictionary(measures.map { ($0, value($0, ranked: ranked, grades: grades)) }, uniquingKeysWith: { first, _ in first })
        }
        return result
    }

    /// The mean of `measure` over the evaluated queries (0 with none).
    public static func mean(_ measure: RankingMeasure, of perQuery: [String: [RankingMeasure: Double]]) -> Double {
        perQuery.isEmpty ? 0 : perQuery.keys.sorted().reduce(0.0) { $0 + (perQuery[$1]?[measure] ?? 0) } / Double(perQuery.count)
    }
}
