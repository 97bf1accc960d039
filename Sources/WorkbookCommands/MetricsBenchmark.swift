import EvaluationMetrics
import EvaluationMetricsExperiments
import Foundation
import Numerics

/// Chapter 10's benchmark: corpus BLEU, chrF and chrF++ of the World English Bible against the
/// King James New Testament (7,950 verse pairs), the workbook's metrics beside sacrebleu
/// (`Scripts/peers/sacrebleu_peer.py`) on the same files, each the median of `rounds` after a
/// warm-up, on one core.
struct MetricsBenchmark {
    let rounds: Int

    struct Figure {
        let name: String, score: Double, medianSeconds: Double
    }

    func measure(root: URL) throws -> [Figure] {
        let pairs = try TranslationPairs(root: root)
        let hypotheses = pairs.web, references = [pairs.kjv]
        let metrics: [(String, ([String], [[String]]) throws -> Double)] = [
            ("bleu", { try BLEU.corpus.corpusScore(hypotheses: $0, references: $1).score }),
            ("chrf", { try CHRF.chrF.corpusScore(hypotheses: $0, references: $1).score }),
            ("chrf++", { try CHRF.chrFPlusPlus.corpusScore(hypotheses: $0, references: $1).score }),
        ]
        return try metrics.map { name, score in
            _ = try score(Array(hypotheses.prefix(200)), references.map { Array($0.prefix(200)) })
            var value = 0.0
            let times = try (0..<rounds).map { _ -> Double in
                let start = Date()
                value = try score(hypotheses, references)
                return Date().timeIntervalSince(start)
            }
            return Figure(name: name, score: value, medianSeconds: median(times))
        }
    }

    /// The peer's figures by metric name, and its sacrebleu version.
    func peer(python: String, script: String) throws -> (version: String, figures: [String: Figure]) {
        let json = try PeerProcess.json(python: python, script: script, arguments: ["--rounds", "\(rounds)"])
        var figures: [String: Figure] = [:]
        for name in ["bleu", "chrf", "chrf++"] {
            if let entry = json[name] as? [String: Any], let score = entry["score"] as? Double, let seconds = entry["median_s"] as? Double {
                figures[name] = Figure(name: name, score: score, medianSeconds: seconds)
            }
        }
        return (json["sacrebleu"] as? String ?? "?", figures)
    }
}
