import GSL
import ExperimentRecords
import Numerics
import LogisticRegression

/// One point in parameter space where the analytic BCE gradient is judged against GSL.
public struct GradientCheckCase: Sendable {
    public let name: String
    public let parameters: [Double]
    public let check: GradientCheck
    /// The largest |logit| this point gives on the data: how extreme the check is.
    public let largestLogit: Double
}

extension GradientCheckCase {
    /// The stated relative bound added to GSL's error estimate (see `GradientCheck`).
    public static let relativeTolerance = 1e-6

    /// Checks the gradient at seeded random points, at logits near ±30 (classified right and
    /// wrong), and where the classes are mixed on both sides of the boundary.
    public static func standardCases(
        on data: LabeledDataset, trained: LogisticRegressionModel, seed: UInt,
        gradient: (LogisticRegressionModel, LabeledDataset) throws -> [Double] = { try $0.lossAndGradient(on: $1).parameterGradient }
    ) throws -> [GradientCheckCase] {
        let generator = RandomGenerator(seed: seed)
        var points: [(String, [Double])] = (1...3).map { i in
            ("seeded random point \(i)", (0...data.features.columns).map { _ in generator.gaussian() })
        }
        // Scale the trained parameters so the median |logit| on the data is 30.
        let logits = try trained.logits(data.features).map(abs).sorted()
        let toThirty = 30 / logits[logits.count / 2]
        points.append(("logits near ±30, all classified right", trained.parameters.map { $0 * toThirty }))
        points.append(("logits near ±30, all classified wrong", trained.parameters.map { -$0 * toThirty }))
        // The boundary x₂ = x₁ runs through both blobs: each side holds points of both classes.
        points.append(("classes mixed on both sides", [1, -1, 0]))

        return try points.map { name, parameters in
            let model = try LogisticRegressionModel(parameters: parameters)
            let check = try GradientCheck(
                function: { try LogisticRegressionModel(parameters: $0).lossAndGradient(on: data).loss },
                gradient: try gradient(model, data),
                at: parameters,
                relativeTolerance: relativeTolerance)
            return GradientCheckCase(name: name, parameters: parameters, check: check,
                                     largestLogit: try model.logits(data.features).map(abs).max() ?? 0)
        }
    }
}
