import ArgumentParser
import Foundation
import LogisticRegression
import WorkbookCore

struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a milestone's model interactively, with progress, to try your own settings.",
        discussion: "Nothing is logged: EXPERIMENTS.md only takes results the outcome suites judged.")

    enum Milestone: String, ExpressibleByArgument, CaseIterable {
        case m1
    }

    @Argument(help: "Which milestone's model: \(Milestone.allCases.map(\.rawValue).joined(separator: ", ")).")
    var milestone: Milestone

    @Option(help: "Learning rate (M1's main run uses 0.5).")
    var learningRate: Double = MainRun.learningRate

    @Option(help: "Epochs of full-batch gradient descent.")
    var epochs: Int = MainRun.epochs

    @Option(help: "Seed of the data set.")
    var seed: UInt = GaussianBlobs.chapterDefault.seed

    func run() throws {
        var blobs = GaussianBlobs.chapterDefault
        blobs.seed = seed
        let split = blobs.generate()
        let progress = TrainingProgress(label: "M1 lr \(learningRate)", total: epochs)
        do {
            let (model, history) = try trainByGradientDescent(
                on: split.train, learningRate: learningRate, epochs: epochs, progress: progress.update)
            let train = accuracy(predictions: model.predictions(split.train.features), labels: split.train.labels)
            let test = accuracy(predictions: model.predictions(split.test.features), labels: split.test.labels)
            print("final training loss \(scientificFormatted(history.losses.last!, digits: 3)), train accuracy \(formatted(train * 100, digits: 1))%, test accuracy \(formatted(test * 100, digits: 1))%")
            print("loss fell every epoch: \(history.decreasesMonotonically ? "yes" : "no")")
            print("weights \(model.weights.map { formatted($0, digits: 4) }), bias \(formatted(model.bias, digits: 4))")
        } catch { throw fail(error) }
    }
}
