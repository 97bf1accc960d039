import Numerics

/// p(y = 1 | x) = σ(w·x + b): a linear score squashed into a probability.
public struct LogisticRegressionModel: Equatable, Sendable {
    public var weights: [Double]
    public var bias: Double

    /// All parameters zero: every point starts at p = 0.5.
    public init(featureCount: Int) {
        weights = Array(repeating: 0, count: featureCount)
        bias = 0
    }

    /// The parameters as one vector (w₁, …, w_d, b), the form a gradient check perturbs.
    public init(parameters: [Double]) {
        weights = Array(parameters.dropLast())
        bias = parameters.last!
    }

    public var parameters: [Double] { weights + [bias] }

    // listing: model
    /// z = Xw + b, one logit per row of X.
    public func logits(_ features: Matrix) -> [Double] {
        features.multiplied(by: weights).map { $0 + bias }
    }

    /// σ(z): the predicted probability of class 1.
    public func probabilities(_ features: Matrix) -> [Double] {
        logits(features).map(sigmoid)
    }

    /// Class 1 exactly where σ(z) ≥ 0.5, that is where z ≥ 0.
    public func predictions(_ features: Matrix) -> [Int] {
        logits(features).map { $0 >= 0 ? 1 : 0 }
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
public func binaryCrossEntropy(logits: [Double], labels: [Int]) -> Double {
    var total = 0.0
    for (z, y) in zip(logits, labels) {
        total += softplus(labelSign(y) * z)
    }
    return total / Double(labels.count)
}

/// The residuals rᵢ = ∂ℓᵢ/∂zᵢ = σ(zᵢ) − yᵢ, each computed as s·σ(s·z).
public func binaryCrossEntropyResiduals(logits: [Double], labels: [Int]) -> [Double] {
    zip(logits, labels).map { z, y in labelSign(y) * sigmoid(labelSign(y) * z) }
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
    public func lossAndGradient(on data: LabeledDataset) -> LossAndGradient {
        let z = logits(data.features)
        let residuals = binaryCrossEntropyResiduals(logits: z, labels: data.labels)
        let n = Double(data.count)
        return LossAndGradient(
            loss: binaryCrossEntropy(logits: z, labels: data.labels),
            weightGradient: data.features.transposeMultiplied(by: residuals).map { $0 / n },
            biasGradient: residuals.reduce(0, +) / n)
    }
}
// end listing
