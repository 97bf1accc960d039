import Optimization
import OptimizationExperiments
import ExperimentRecords
import Numerics

/// M4's experiments, each run once per test process.
enum SharedRuns {
    static let split = Result { try DigitsDataset.standardSplit() }
    static let softmax = split.flatMap { s in Result { try DigitsFit.softmaxRegression(split: s) } }
    static let softmaxRecord = softmax.flatMap { fit in split.map { fit.softmaxRecord(split: $0) } }
    static let mlp = split.flatMap { s in Result { try DigitsFit.multilayerPerceptron(split: s) } }
    static let mlpOtherSeeds = split.flatMap { s in
        Result { try [UInt(2), 3].map { (seed: $0, testAccuracy: try DigitsFit.multilayerPerceptron(split: s, seed: $0).testAccuracy) } }
    }
    static let mlpRecord = Result { try mlp.get().mlpRecord(split: split.get(), otherSeeds: mlpOtherSeeds.get()) }
    static let optimizers = split.flatMap { s in Result { try OptimizerComparison(split: s) } }
    static let optimizersRecord = optimizers.map { $0.record() }
    static let convex = split.flatMap { s in Result { try ConvexReference(split: s) } }
    static let convexRecord = convex.map { $0.record() }
    static let initialization = split.flatMap { s in Result { try InitializationStudy(split: s) } }
    static let initializationRecord = initialization.map { $0.record() }
    static let weightDecay = split.flatMap { s in Result { try WeightDecayStudy(split: s) } }
    static let weightDecayRecord = weightDecay.map { $0.record() }
}
