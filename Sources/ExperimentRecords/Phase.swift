/// A curriculum phase and the metrics its log entries track (the seed log's list): the
/// columns of its Metrics Tracking table.
public struct Phase: Codable, Equatable, Hashable, Sendable {
    public let number: Int
    public let name: String
    public let metrics: [String]

    public static let foundations = Phase(number: 1, name: "Foundations", metrics: ["Loss", "Accuracy", "Convergence speed"])
    public static let languageModels = Phase(number: 2, name: "Language models", metrics: ["Loss", "Perplexity", "Sample quality"])
    public static let adaptation = Phase(number: 3, name: "Adaptation, evaluation and retrieval", metrics: ["Perplexity", "BLEU/F1", "Retrieval accuracy"])
    public static let inference = Phase(number: 4, name: "Inference and agents", metrics: ["Task success rate", "Latency", "Cost"])
    /// Beyond the original curriculum: training across processes.
    public static let scale = Phase(number: 5, name: "Scale", metrics: ["Step time", "Tokens/s", "Bytes communicated"])

    public static let all = [foundations, languageModels, adaptation, inference, scale]
}

/// What one log entry reports for its phase's tracked metrics, one case per phase, so that
/// every entry fills exactly its phase's columns in their order.
public enum PhaseTracking: Codable, Equatable, Sendable {
    case foundations(loss: String, accuracy: String, convergenceSpeed: String)
    case languageModels(loss: String, perplexity: String, sampleQuality: String)
    case adaptation(perplexity: String, bleuOrF1: String, retrievalAccuracy: String)
    case inference(taskSuccessRate: String, latency: String, cost: String)
    case scale(stepTime: String, tokensPerSecond: String, bytesCommunicated: String)

    public var phase: Phase {
        switch self {
        case .foundations: .foundations
        case .languageModels: .languageModels
        case .adaptation: .adaptation
        case .inference: .inference
        case .scale: .scale
        }
    }

    /// The values in the order of `phase.metrics`.
    public var values: [String] {
        switch self {
        case let .foundations(loss, accuracy, convergenceSpeed): [loss, accuracy, convergenceSpeed]
        case let .languageModels(loss, perplexity, sampleQuality): [loss, perplexity, sampleQuality]
        case let .adaptation(perplexity, bleuOrF1, retrievalAccuracy): [perplexity, bleuOrF1, retrievalAccuracy]
        case let .inference(taskSuccessRate, latency, cost): [taskSuccessRate, latency, cost]
        case let .scale(stepTime, tokensPerSecond, bytesCommunicated): [stepTime, tokensPerSecond, bytesCommunicated]
        }
    }
}
