import GSL
import Numerics

/// How a dense layer's weights are drawn before training.
public enum Initialization: String, CaseIterable, Sendable, Codable {
    /// N(0, 1), whatever the layer's size.
    case naive
    /// Glorot and Bengio (2010): N(0, 2/(fan-in + fan-out)), which keeps variance for tanh-like units.
    case xavier
    /// He et al. (2015): N(0, 2/fan-in): ReLU zeroes half its inputs, the factor 2 makes up for it.
    case he

    // listing: initialization
    /// The weights' standard deviation for a layer with `fanIn` inputs and `fanOut` outputs;
    /// throws `ArgumentError` for a size below 1.
    public func standardDeviation(fanIn: Int, fanOut: Int) throws -> Double {
        try ArgumentError.requireAtLeast(1, fanIn, "fanIn")
        try ArgumentError.requireAtLeast(1, fanOut, "fanOut")
        return switch self {
        case .naive: 1
        case .xavier: (2 / (Double(fanIn) + Double(fanOut))).squareRoot()
        case .he: (2 / Double(fanIn)).squareRoot()
        }
    }
    // end listing

    /// fanIn × fanOut weights drawn from N(0, σ²); throws as `standardDeviation`.
    public func weights(fanIn: Int, fanOut: Int, generator: RandomGenerator) throws -> [Double] {
        let sigma = try standardDeviation(fanIn: fanIn, fanOut: fanOut)
        _ = try ArgumentError.checkedProduct([fanIn, fanOut], "fanIn × fanOut")
        return (0..<(fanIn * fanOut)).map { _ in generator.gaussian(standardDeviation: sigma) }
    }
}
