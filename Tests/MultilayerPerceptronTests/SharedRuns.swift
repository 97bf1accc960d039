import MultilayerPerceptron
import MultilayerPerceptronExperiments
import ExperimentRecords
import Numerics

/// M2's experiments, each run once per test process; separate values so the test runner can
/// compute them on different cores.
enum SharedRuns {
    static let xor = Result { try XORExperiment() }
    static let xorRecord = xor.flatMap { value in Result { try value.record() } }
    static let moons = Result { try NonlinearFit.twoMoons() }
    static let moonsRecord = moons.flatMap { value in Result { try value.twoMoonsRecord() } }
    static let spirals = Result { try NonlinearFit.twoSpirals() }
    static let spiralsRecord = spirals.flatMap { value in Result { try value.twoSpiralsRecord() } }
    static let widthAblation = Result { try WidthAblation() }
    static let widthAblationRecord = widthAblation.map { $0.record() }
}
