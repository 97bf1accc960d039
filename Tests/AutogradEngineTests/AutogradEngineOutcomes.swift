import Foundation
import Testing
import ExperimentRecords
import Numerics
import WorkbookTesting
import AutogradEngine
import AutogradEngineExperiments
import MultilayerPerceptron

@Suite("M3 · Autograd engine: outcomes")
struct AutogradEngineOutcomes {
    // One test over every operation rather than one case per operation: an unwritten exercise
    // that every operation's check needs is then one issue, not one per operation.
    @Test("Each operation's backward pass matches GSL numeric differentiation")
    func operationMatchesNumericDifferentiation() throws {
        try attach(SharedRuns.operationsRecord.get())
        let checks = try SharedRuns.operations.get().checks
        for name in OperationCheck.caseNames {
            let operation = try #require(checks.first { $0.name == name }, "no check of \(name)")
            for (input, check) in operation.checks.enumerated() {
                for c in check.failures {
                    Issue.record("\(name), input \(input)[\(c.index)]: engine \(c.analytic) vs GSL \(c.numeric) (allowed difference \(c.allowedDifference))")
                }
            }
        }
    }

    @Test("A value used twice accumulates the gradient of both uses")
    func reusedValueAccumulates() throws {
        try attach(SharedRuns.operationsRecord.get())
        let experiment = try SharedRuns.operations.get()
        #expect(abs(experiment.reusedValueGradient - experiment.reusedValueExpected) <= 1e-15 * abs(experiment.reusedValueExpected),
                "engine \(experiment.reusedValueGradient), by hand \(experiment.reusedValueExpected)")
        // And the simplest case: L = x + x gives ∂L/∂x = 2, not 1.
        let x = Tensor(scalar: 3)
        try (x + x).backward()
        #expect(x.gradient == [2])
    }

    @Test("Chapter 2's network on the engine gives the hand-written gradients (relative difference ≤ 1e-10)",
          arguments: Activation.allCases)
    func engineEqualsHandWrittenBackpropagation(activation: Activation) throws {
        try attach(SharedRuns.trainingRecord.get())
        let difference = try #require(SharedRuns.training.get().gradientDifferences[activation])
        #expect(difference <= 1e-10, "\(activation): largest relative difference \(difference)")
    }

    @Test("Trained on the engine, the network follows the hand-written training run")
    func engineTrainsLikeHandWritten() throws {
        try attach(SharedRuns.trainingRecord.get())
        let experiment = try SharedRuns.training.get()
        #expect(experiment.engineLosses.count == experiment.handWrittenLosses.count)
        #expect(experiment.finalLossDifference <= 1e-9,
                "final losses \(experiment.engineLosses.last!) (engine) and \(experiment.handWrittenLosses.last!) (by hand)")
    }

    @Test("The graph is released after backward: only the parameters survive each of 1,000 steps")
    func memoryStaysFlat() throws {
        try attach(SharedRuns.trainingRecord.get())
        let experiment = try SharedRuns.training.get()
        #expect(experiment.liveTensors.count == EngineTrainingExperiment.steps)
        if let step = experiment.liveTensors.firstIndex(where: { $0 != experiment.parameterTensors }) {
            Issue.record("after step \(step + 1), \(experiment.liveTensors[step]) tensors are alive, not the \(experiment.parameterTensors) parameters")
        }
        #expect(Set(experiment.liveBytes).count == 1, "live bytes changed between steps: \(Set(experiment.liveBytes).sorted())")
    }

    @Test("backward() frees every intermediate node, even while the loss itself is still held")
    func backwardReleasesTheGraph() throws {
        final class WeakBox { weak var tensor: Tensor?; init(_ t: Tensor) { tensor = t } }
        let w = try Tensor([0.5, -1, 2, 0.25], shape: [2, 2])
        var boxes: [WeakBox] = []
        let loss: Tensor = try {
            let x = try Tensor([1, 2, 3, 4], shape: [2, 2])
            let loss = try (x.matmul(w) + Tensor([1, 1], shape: [2])).tanh().sum()
            boxes = loss.topologicalOrder().filter { !$0.isLeaf && $0 !== loss }.map(WeakBox.init)
            return loss
        }()
        #expect(boxes.count == 3, "matmul, + and tanh")
        #expect(boxes.allSatisfy { $0.tensor != nil }, "the graph is alive before backward")
        try loss.backward()
        #expect(boxes.allSatisfy { $0.tensor == nil }, "\(boxes.filter { $0.tensor != nil }.count) nodes survived backward")
        #expect(w.gradient != nil && loss.parents.isEmpty)
    }
}
