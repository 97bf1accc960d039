import ExperimentRecords
import MultilayerPerceptron
import LogisticRegressionExperiments

extension MomentumDescent {
    /// "lr 0.1, momentum 0.9, 2000 epochs, full batch".
    public var summary: String { "lr \(compact(learningRate)), momentum \(compact(momentum)), \(epochs) epochs, full batch" }
}
