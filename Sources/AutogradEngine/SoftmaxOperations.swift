import Foundation
import Numerics

extension Tensor {
    /// Rows along the last axis: (number of rows, row length); throws `ArgumentError` for a
    /// scalar or an empty last axis.
    private func lastAxisRows(_ operation: String) throws -> (count: Int, length: Int) {
        try ArgumentError.require(rank >= 1 && shape[rank - 1] > 0, "shape for \(operation)", shape,
                                  allowed: "needs at least one axis, the last one not empty")
        return (count / shape[rank - 1], shape[rank - 1])
    }

    // listing: log-softmax
    /// log softmax along the last axis, row by row with the numeric core's stable form
    /// (xᵢ − m) − log Σⱼ e^(xⱼ − m), m the row maximum: no exponential overflows, and m is never
    /// added to the small log-sum (1000 + ln 3 would round at 1000's precision).
    /// Gradient: gᵢ − softmaxᵢ · Σⱼ gⱼ.
    public func logSoftmax() throws -> Tensor {
        let (rows, length) = try lastAxisRows("logSoftmax()")
        let out = (0..<rows).flatMap { r in Numerics.logSoftmax(Array(values[(r * length)..<((r + 1) * length)])) }
        let input = self
        return Tensor(values: out, shape: shape, operation: "log softmax", parents: [self]) { node in
            var g = node.gradient!
            for r in 0..<rows {
                let range = (r * length)..<((r + 1) * length)
                let total = node.gradient![range].reduce(0, +)
                for i in range { g[i] -= Foundation.exp(node.values[i]) * total }
            }
            input.accumulate(g)
        }
    }
    // end listing

    // listing: softmax
    /// softmax along the last axis. Gradient: yᵢ (gᵢ − Σⱼ gⱼ yⱼ), row by row.
    public func softmax() throws -> Tensor {
        let (rows, length) = try lastAxisRows("softmax()")
        let logs = try logSoftmax().values
        let input = self
        return Tensor(values: logs.map(Foundation.exp), shape: shape, operation: "softmax", parents: [self]) { node in
            var g = node.gradient!
            for r in 0..<rows {
                let range = (r * length)..<((r + 1) * length)
                let weighted = range.reduce(0) { $0 + node.gradient![$1] * node.values[$1] }
                for i in range { g[i] = node.values[i] * (node.gradient![i] - weighted) }
            }
            input.accumulate(g)
        }
    }
    // end listing

    // listing: cross-entropy
    /// Mean cross-entropy of rows of logits (N × C) against class indices: −mean log softmax[target].
    /// Gradient: (softmax − one-hot(target)) / N, the multi-class form of Chapter 1's σ(z) − y.
    /// Throws `ArgumentError` unless there is one target per row, each in 0..<C.
    public func crossEntropy(targets: [Int]) throws -> Tensor {
        let (rows, classes) = try lastAxisRows("crossEntropy(targets:)")
        try ArgumentError.require(targets.count == rows && rows > 0, "targets.count", targets.count,
                                  allowed: "one target per row of logits \(shape), at least one")
        try ArgumentError.requireAll(targets, in: 0..<classes, "targets", meaning: "class indices")
        // exercise: M3.3 write crossEntropy(targets:): −mean log softmax[target] and its gradient (softmax − one-hot)/N (Chapter 3, cross-entropy)
        let logProbabilities = try logSoftmax().values
        let loss = -(0..<rows).reduce(0) { $0 + logProbabilities[$1 * classes + targets[$1]] } / Double(rows)
        let input = self
        return Tensor(values: [loss], shape: [], operation: "cross-entropy", parents: [self]) { node in
            var g = logProbabilities.map { Foundation.exp($0) / Double(rows) }
            for r in 0..<rows { g[r * classes + targets[r]] -= 1 / Double(rows) }
            input.accumulate(g.map { $0 * node.gradient![0] })
        }
        // end exercise
    }
    // end listing

    // listing: masked-cross-entropy
    /// Cross-entropy over the rows whose target is not `ignoreIndex` (−100): the mean of
    /// −log softmax[target] over the kept rows, and a gradient of exactly zero on every
    /// ignored row, so those positions teach the model nothing (a prompt, a tool's output).
    /// Throws `ArgumentError` unless there is one target per row, each in 0..<C or
    /// `ignoreIndex`, and at least one is kept.
    public func maskedCrossEntropy(targets: [Int]) throws -> Tensor {
        let (rows, classes) = try lastAxisRows("maskedCrossEntropy(targets:)")
        try ArgumentError.require(targets.count == rows && rows > 0, "targets.count", targets.count,
                                  allowed: "one target per row of logits \(shape), at least one")
        for (row, target) in targets.enumerated() where target != ignoreIndex {
            try ArgumentError.require((0..<classes).contains(target), "targets[\(row)]", target,
                                      allowed: "class indices must be in 0..<\(classes), or \(ignoreIndex) to ignore the row")
        }
        let kept = (0..<rows).filter { targets[$0] != ignoreIndex }
        try ArgumentError.require(!kept.isEmpty, "targets", "all \(rows) ignored", allowed: "at least one target that is not \(ignoreIndex)")
        let logProbabilities = try logSoftmax().values
        let loss = -kept.reduce(0) { $0 + logProbabilities[$1 * classes + targets[$1]] } / Double(kept.count)
        let input = self
        return Tensor(values: [loss], shape: [], operation: "masked cross-entropy", parents: [self]) { node in
            var g = [Double](repeating: 0, count: rows * classes)
            for r in kept {
                for j in 0..<classes { g[r * classes + j] = Foundation.exp(logProbabilities[r * classes + j]) / Double(kept.count) }
                g[r * classes + targets[r]] -= 1 / Double(kept.count)
            }
            input.accumulate(g.map { $0 * node.gradient![0] })
        }
    }
    // end listing
}
