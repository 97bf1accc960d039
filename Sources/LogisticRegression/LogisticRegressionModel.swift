import Numerics

/// p(y = 1 | x) = σ(w·x + b): a linear score squashed into a probability.
public struct LogisticRegressionModel: Equatable, Sendable {
    public var weights: [Double]
    public var bias: Double

    /// All parameters zero: every point starts at p = 0.5. Throws `ArgumentError` for a
    /// feature count below 1.
    public init(featureCount: Int) throws {
        try ArgumentError.requireAtLeast(1, featureCount, "featureCount")
        weights = Array(repeating: 0, count: featureCount)
        bias = 0
    }

    /// The parameters as one vector (w₁, …, w_d, b), the form a gradient check perturbs.
    /// Throws `ArgumentError` for fewer than 2 (one weight and the bias).
    public init(parameters: [Double]) throws {
        try ArgumentError.require(parameters.count >= 2, "parameters.count", parameters.count, allowed: "at least one weight and the bias")
        weights = Array(parameters.dropLast())
        bias = parameters.last!
    }

    public var parameters: [Double] { weights + [bias] }

    // listing: model
    /// z = Xw + b, one logit per row of X (throws unless X has one column per weight).
    public func logits(_ features: Matrix) throws -> [Double] {
        // exercise: M1.1 write logits(_:), one logit z = w·x + b per row of X (Chapter 1, the model)
        try features.multiplied(by: weights).map { $0 + bias }
        // end exercise
    }

    /// σ(z): the predicted probability of class 1.
    public func probabilities(_ features: Matrix) throws -> [Double] {
        try logits(features).map(sigmoid)
    }

    /// Class 1 exactly where σ(z) ≥ 0.5, that is where z ≥ 0.
    public func predictions(_ features: Matrix) throws -> [Int] {
        try logits(features).map { $0 >= 0 ? 1 : 0 }
    }
    // end listing
}

// listing: loss-and-gradient
/// For a label y ∈ {0, 1} let s = 1 − 2y (+1 for class 0, −1 for class 1). Then
///   −[y log σ(z) + (1 − y) log(1 − σ(z))] = softplus(s·z)   and   ∂/∂z = σ(z) − y = s·σ(s·z).
/// Neither side subtracts nearly equal numbers, so both stay accurate for confident
/// predictions, right or wrong (the textbook softplus(z) − y·z keeps one digit at z = 30).
@inline(__always)
func labelSign(_ label: Int) -> Double { label == 1 ? -1 : 1 }

/// Mean binary cross-entropy of logits against labels y ∈ {0, 1}.
public func binaryCrossEntropy(logits: [Double], labels: [Int]) throws -> Double {
    try validateBinaryLabels(labels, count: logits.count)
    var total = 0.0
    for (z, y) in zip(logits, labels) {
        total += softplus(labelSign(y) * z)
    }
    return total / Double(labels.count)
}

/// The residuals rᵢ = ∂ℓᵢ/∂zᵢ = σ(zᵢ) − yᵢ, each computed as s·σ(s·z).
public func binaryCrossEntropyResiduals(logits: [Double], labels: [Int]) throws -> [Double] {
    try validateBinaryLabels(labels, count: logits.count)
    return zip(logits, labels).map { z, y in labelSign(y) * sigmoid(labelSign(y) * z) }
}

/// The loss and its gradient, in one pass over the data.
public struct LossAndGradient: Sendable {
    public let loss: Double
    public let weightGradient: [Double]
    public let biasGradient: Double

    public var parameterGradient: [Double] { weightGradient + [biasGradient] }
}

extension LogisticRegressionModel {
    /// With rᵢ = ∂ℓᵢ/∂zᵢ = σ(zᵢ) − yᵢ: ∇w = Xᵀr / n and ∂/∂b = mean(r).
    public func lossAndGradient(on data: LabeledDataset) throws -> LossAndGradient {
        // exercise: M1.2 write lossAndGradient(on:), the mean BCE loss and its gradient ∇w = Xᵀ(σ(z) − y)/n, ∂b = mean(σ(z) − y) (Chapter 1 derives it)
        let z = try logits(data.features)
        let residuals = try binaryCrossEntropyResiduals(logits: z, labels: data.labels)
        let n = Double(data.count)
        return LossAndGradient(
            loss: try binaryCrossEntropy(logits: z, labels: data.labels),
            weightGradient: try data.features.transposeMultiplied(by: residuals).map { $0 / n },
            biasGradient: residuals.reduce(0, +) / n)
        // end exercise
    }
}
// end listing

/// Throws `ArgumentError` unless there are `count` labels (at least one), each 0 or 1: the
/// losses above read any other value as class 0, so labels {−1, 1} would train a wrong model.
public func validateBinaryLabels(_ labels: [Int], count: Int) throws {
    try ArgumentError.require(labels.count == count && count > 0, "labels.count", labels.count,
                              allowed: "one label per logit (\(count)), at least one")
    try ArgumentError.requireAll(labels, in: 0..<2, "labels", meaning: "binary labels")
}
