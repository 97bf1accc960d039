import GSL
import Testing
import Numerics

@Suite("Numerics · Matrices, data sets and metrics")
struct DataAndMetricsTests {
    @Test("Hand-worked products: A·v, Aᵀ·u and AᵀA")
    func products() throws {
        let a = try Matrix([[1, 2], [3, 4], [5, 6]])
        #expect(try a.multiplied(by: [1, -1]) == [-1, -1, -1])
        #expect(try a.transposeMultiplied(by: [1, 0, 1]) == [6, 8])
        #expect(try a.gram() == Matrix([[35, 44], [44, 56]]))
    }

    @Test("Aᵀ·u equals (A with rows and columns swapped)·u on seeded random matrices")
    func transposeProperty() throws {
        let generator = RandomGenerator(seed: 3)
        for (rows, columns) in [(1, 1), (3, 5), (7, 2)] {
            let a = try Matrix(rows: rows, columns: columns, entries: (0..<(rows * columns)).map { _ in generator.gaussian() })
            let transposed = try Matrix(rows: columns, columns: rows,
                                    entries: (0..<columns).flatMap { c in (0..<rows).map { r in a[r, c] } })
            let u = (0..<rows).map { _ in generator.gaussian() }
            let fast = try a.transposeMultiplied(by: u), plain = try transposed.multiplied(by: u)
            for (x, y) in zip(fast, plain) { #expect(abs(x - y) <= 1e-12 * max(1, abs(y))) }
        }
    }

    @Test("A seeded split partitions the data and repeats with the seed")
    func split() throws {
        let data = try LabeledDataset(features: Matrix((0..<10).map { [Double($0)] }), labels: (0..<10).map { $0 % 2 })
        let split = try TrainTestSplit(data, trainFraction: 0.8, generator: RandomGenerator(seed: 5))
        #expect(split.train.count == 8 && split.test.count == 2)
        #expect((split.trainIndices + split.testIndices).sorted() == Array(0..<10))
        #expect(try split == TrainTestSplit(data, trainFraction: 0.8, generator: RandomGenerator(seed: 5)))
        #expect(split.train.features.row(0).first == Double(split.trainIndices[0]))
    }

    @Test("Accuracy and the confusion matrix on a hand-worked example")
    func metrics() throws {
        let labels = [0, 0, 1, 1, 1], predictions = [0, 1, 1, 1, 0]
        #expect(try accuracy(predictions: predictions, labels: labels) == 0.6)
        let matrix = try ConfusionMatrix(predictions: predictions, labels: labels, classNames: ["a", "b"])
        #expect(matrix.counts == [[1, 1], [1, 2]])
    }

    @Test("Non-finite values are reported with their step")
    func nonFinite() throws {
        #expect(throws: NonFiniteValueError(quantity: "loss", step: 7, value: .infinity)) {
            try NonFiniteValueError.check([1, .infinity], "loss", step: 7)
        }
        try NonFiniteValueError.check([1, 2], "loss", step: 0)
    }
}
