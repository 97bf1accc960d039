import GSL

/// How a dense layer's weights are drawn before training.
public enum Initialization: String, CaseIterable, Sendable, Codable {
    /// N(0, 1), whatever the layer's size.
    case naive
    /// Glorot and Bengio (2010): N(0, 2/(fan-in + fan-out)), which keeps variance for tanh-like units.
    case xavier
    /// He et al. (2015): N(0, 2/fan-in): ReLU zeroes half its inputs, the factor 2 makes up for it.
    case he

    // listing: initialization
    public func standardDeviation(fanIn: Int, fanOut: Int) -> Double {
        switch self {
        case .naive: 1
        case .xavier: (2 / Double(fanIn + fanOut)).squareRoot()
        case .he: (2 / Double(fanIn)).squareRoot()
        }
    }
    // end listing

    public func weights(fanIn: Int, fanOut: Int, generator: RandomGenerator) -> [Double] {
        let sigma = standardDeviation(fanIn: fanIn, fanOut: fanOut)
        return (0..<(fanIn * fanOut)).map { _ in generator.gaussian(standardDeviation: sigma) }
    }
}
