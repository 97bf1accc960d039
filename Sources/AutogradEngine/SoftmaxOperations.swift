import Foundation
import Numerics

extension Tensor {
    /// Rows along the last axis: (number of rows, row length).
    private var lastAxisRows: (count: Int, length: Int) {
        precondition(rank >= 1, "softmax needs at least one axis")
        return (count / shape[rank - 1], shape[rank - 1])
    }

    // listing: log-softmax
    /// log softmax along the last axis, row by row with the numeric core's stable form
    /// (xᵢ − m) − log Σⱼ e^(xⱼ − m), m the row maximum: no exponential overflows, and m is never
    /// added to the small log-sum (1000 + ln 3 would round at 1000's precision).
    /// Gradient: gᵢ − softmaxᵢ · Σⱼ gⱼ.
    public func logSoftmax() -> Tensor {
        let (rows, length) = lastAxisRows
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
    public func softmax() -> Tensor {
        let (rows, length) = lastAxisRows
        let logs = logSoftmax().values
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
    public func crossEntropy(targets: [Int]) -> Tensor {
        let (rows, classes) = lastAxisRows
        precondition(targets.count == rows && targets.allSatisfy { $0 >= 0 && $0 < classes },
                     "\(targets.count) targets in 0..<\(classes) for \(rows) rows")
        let logProbabilities = logSoftmax().values
        let loss = -(0..<rows).reduce(0) { $0 + logProbabilities[$1 * classes + targets[$1]] } / Double(rows)
        let input = self
        return Tensor(values: [loss], shape: [], operation: "cross-entropy", parents: [self]) { node in
            var g = logProbabilities.map { Foundation.exp($0) / Double(rows) }
            for r in 0..<rows { g[r * classes + targets[r]] -= 1 / Double(rows) }
            input.accumulate(g.map { $0 * node.gradient![0] })
        }
    }
    // end listing
}
