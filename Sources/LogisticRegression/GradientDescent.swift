import Numerics

// listing: gradient-descent
/// Full-batch gradient descent from all-zero parameters: every epoch computes the gradient
/// on the whole training set and steps against it, θ ← θ − η ∇ℓ(θ).
/// Throws `NonFiniteValueError` at the first epoch whose loss or gradient is not finite, and
/// `ArgumentError` for data with other than two classes, a learning rate that is not a
/// finite number above 0 (a negative one climbs the loss) or fewer than 1 epoch.
public func trainByGradientDescent(
    on data: LabeledDataset,
    learningRate: Double,
    epochs: Int,
    progress: ((_ epoch: Int, _ loss: Double) -> Void)? = nil
) throws -> (model: LogisticRegressionModel, history: TrainingHistory) {
    try ArgumentError.require(data.classes == 2, "data.classes", data.classes, allowed: "logistic regression separates 2 classes")
    try ArgumentError.requirePositive(learningRate, "learningRate")
    try ArgumentError.requireAtLeast(1, epochs, "epochs")
    // exercise: M1.3 write the training loop of trainByGradientDescent: θ ← θ − η∇ℓ(θ) every epoch, the NaN checks, the loss history (Chapter 1, training)
    var model = try LogisticRegressionModel(featureCount: data.features.columns)
    var losses: [Double] = []
    for epoch in 0..<epochs {
        let step = try model.lossAndGradient(on: data)
        try NonFiniteValueError.check([step.loss], "training loss", step: epoch)
        try NonFiniteValueError.check(step.parameterGradient, "gradient", step: epoch)
        losses.append(step.loss)
        for i in model.weights.indices {
            model.weights[i] -= learningRate * step.weightGradient[i]
        }
        model.bias -= learningRate * step.biasGradient
        try NonFiniteValueError.check(model.parameters, "parameters", step: epoch + 1)
        progress?(epoch + 1, step.loss)
    }
    let final = try model.lossAndGradient(on: data).loss
    try NonFiniteValueError.check([final], "training loss", step: epochs)
    losses.append(final)
    return (model, TrainingHistory(losses: losses))
    // end exercise
}
// end listing
