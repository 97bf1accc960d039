import AutogradEngine
import GSL
import ExperimentRecords
import Numerics
import Optimization

/// L2-regularized softmax regression is convex with a unique minimum: full-batch momentum
/// descent on the engine should reach the minimum GSL's BFGS finds.
public struct ConvexReference: Sendable {
    public static let penalty = 1e-2
    public static let steps = 1500
    public static let learningRate = 0.5
    public static let momentum = 0.9

    public let trainedLoss: Double
    public let minimum: Minimum
    public let losses: [Double]

    /// CE(XW + b) + (λ/2)‖W‖², built from engine operations.
    static func objective(_ network: DenseNetwork, _ data: LabeledDataset) throws -> Tensor {
        let w = network.layers[0].weights
        return try network.loss(on: data) + (w * w).sum() * (penalty / 2)
    }

    public init(split: DigitsDataset.Split) throws {
        let data = split.train
        let network = try DenseNetwork(widths: [64, 10], initialization: .xavier, seed: 5)
        let start = network.parameters.flatMap(\.values)
        var optimizer = try Momentum(momentum: Self.momentum)
        var losses: [Double] = []
        for _ in 0..<Self.steps {
            let loss = try Self.objective(network, data)
            try losses.append(loss.scalar)
            try loss.backward()
            try optimizer.step(network.parameters, learningRate: Self.learningRate)
            network.parameters.forEach { $0.zeroGradient() }
        }
        trainedLoss = try Self.objective(network, data).scalar
        losses.append(trainedLoss)
        self.losses = losses

        let reference = try DenseNetwork(widths: [64, 10], initialization: .xavier, seed: 5)
        let sizes = reference.parameters.map(\.count)
        minimum = try minimizeBFGS(start: start, gradientTolerance: 1e-9) { flat in
            var offset = 0
            for (p, size) in zip(reference.parameters, sizes) {
                try p.update { θ, _ in θ = Array(flat[offset..<(offset + size)]) }
                p.zeroGradient()
                offset += size
            }
            let loss = try Self.objective(reference, data)
            try loss.backward()
            return try (loss.scalar, reference.parameters.flatMap { $0.gradient! })
        }
    }

    public var gap: Double { trainedLoss - minimum.value }
}
