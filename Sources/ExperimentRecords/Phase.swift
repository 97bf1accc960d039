import Numerics

/// A curriculum phase and the metrics its log entries track (the seed log's list).
public struct Phase: Sendable {
    public let number: Int
    public let name: String
    public let metrics: [String]

    public static let all = [
        Phase(number: 1, name: "Foundations", metrics: ["Loss", "Accuracy", "Convergence speed"]),
        Phase(number: 2, name: "Language models", metrics: ["Loss", "Perplexity", "Sample quality"]),
        Phase(number: 3, name: "Adaptation, evaluation and retrieval", metrics: ["Perplexity", "BLEU/F1", "Retrieval accuracy"]),
        Phase(number: 4, name: "Inference and agents", metrics: ["Task success rate", "Latency", "Cost"]),
    ]

    public static func numbered(_ number: Int) -> Phase {
        all.first { $0.number == number } ?? Phase(number: number, name: "Phase \(number)", metrics: [])
    }
}
