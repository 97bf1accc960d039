import AutogradEngine
import ExperimentRecords
import Numerics
import Optimization
import GSL

/// A batch of digits pushed through 10 ReLU layers of width 256 under each initialization:
/// the standard deviation of every layer's activations, and their histograms.
public struct InitializationStudy: Sendable {
    public static let depth = 10
    public static let width = 256
    public static let seed: UInt = 9

    /// Per initialization, the activation standard deviation of layers 1…depth.
    public let standardDeviations: [Initialization: [Double]]
    /// Per layer, the He-initialized activations (for histograms).
    public let heActivations: [[Double]]

    public init(split: DigitsDataset.Split) throws {
        let batch = try split.train.selecting(Array(0..<256))
        var deviations: [Initialization: [Double]] = [:]
        var activations: [[Double]] = []
        for initialization in Initialization.allCases {
            let network = try DenseNetwork(widths: [64] + Array(repeating: Self.width, count: Self.depth) + [10],
                                       initialization: initialization, seed: Self.seed)
            var layers: [[Double]] = []
            _ = try network.logits(DenseNetwork.input(batch)) { _, h in layers.append(h.values) }
            deviations[initialization] = layers.map(Self.standardDeviation)
            if initialization == .he { activations = layers }
        }
        standardDeviations = deviations
        heActivations = activations
    }

    static func standardDeviation(_ values: [Double]) -> Double {
        let mean = values.reduce(0, +) / Double(values.count)
        return (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)).squareRoot()
    }

    /// Largest over smallest standard deviation across the layers.
    public func spread(_ initialization: Initialization) -> Double {
        let s = standardDeviations[initialization]!
        return s.max()! / s.min()!
    }

    /// Last layer's standard deviation over the first's.
    public func growth(_ initialization: Initialization) -> Double {
        let s = standardDeviations[initialization]!
        return s.last! / s.first!
    }
}
