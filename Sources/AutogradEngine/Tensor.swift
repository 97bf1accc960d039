import Numerics
import Foundation

/// A node of the computation graph: an n-dimensional array of values (row-major), the
/// gradient of the final scalar with respect to it, and how to pass that gradient back to
/// the tensors it was computed from.
public final class Tensor {
    public let shape: [Int]
    public internal(set) var values: [Double]
    /// ∂(output of `backward()`)/∂self, accumulated; nil until a backward pass reaches it.
    public internal(set) var gradient: [Double]?
    /// The operation that made this tensor ("leaf" for inputs and parameters).
    public let operation: String
    /// The tensors this one was computed from; emptied once a backward pass has used them
    /// (unless it was asked to retain the graph).
    public private(set) var parents: [Tensor]
    /// True once a backward pass has released this node's parents and gradient rule: a
    /// second pass through it would stop here and leave the leaves' gradients short.
    public private(set) var isReleased = false
    private var backwardStep: ((Tensor) -> Void)?
    private let census: TensorCensus?

    /// A leaf: an input or a parameter. Throws `ArgumentError` unless every size is ≥ 0 and
    /// there are as many values as the shape has entries.
    public convenience init(_ values: [Double], shape: [Int]) throws {
        try ArgumentError.require(shape.allSatisfy { $0 >= 0 }, "shape", shape, allowed: "sizes must be ≥ 0")
        let entries = try ArgumentError.checkedProduct(shape, "shape")
        try ArgumentError.require(values.count == entries, "values.count", values.count,
                                  allowed: "shape \(shape) has \(elementCount(shape)) entries")
        self.init(values: values, shape: shape, operation: "leaf", parents: [], backward: nil)
    }

    /// A scalar leaf.
    public convenience init(scalar: Double) {
        self.init(values: [scalar], shape: [], operation: "leaf", parents: [], backward: nil)
    }

    /// A node made by an operation: `backward` receives the node (with its gradient set)
    /// and adds each parent's share of it.
    init(values: [Double], shape: [Int], operation: String, parents: [Tensor], backward: ((Tensor) -> Void)?) {
        precondition(values.count == elementCount(shape), "internal: \(values.count) values for shape \(shape)")
        self.values = values
        self.shape = shape
        self.operation = operation
        self.parents = parents
        self.backwardStep = backward
        census = TensorCensus.current
        census?.created(bytes: values.count * MemoryLayout<Double>.stride)
    }

    deinit { census?.released(bytes: values.count * MemoryLayout<Double>.stride) }

    public var count: Int { values.count }
    public var rank: Int { shape.count }
    public var isLeaf: Bool { operation == "leaf" }

    /// The single value of a one-element tensor; throws `ArgumentError` for any other shape.
    public var scalar: Double {
        get throws {
            try ArgumentError.require(count == 1, "tensor shape", shape, allowed: "scalar needs exactly one element")
            return values[0]
        }
    }

    /// Adds `contribution` into this tensor's gradient (a tensor used twice gets both shares).
    func accumulate(_ contribution: [Double]) {
        if gradient == nil {
            gradient = contribution
        } else {
            for i in contribution.indices { gradient![i] += contribution[i] }
        }
    }

    /// Multiplies the accumulated gradient by `factor` (gradient clipping).
    public func scaleGradient(by factor: Double) {
        guard gradient != nil else { return }
        for i in gradient!.indices { gradient![i] *= factor }
    }

    /// Forgets the gradient (before the next step's backward pass).
    public func zeroGradient() { gradient = nil }

    /// Replaces the values of a leaf in place (an optimizer's update); throws `ArgumentError`
    /// for a computed tensor, whose values its inputs determine, and for a `body` that changes
    /// the number of values (the values are then left as they were).
    public func update(_ body: (inout [Double], [Double]) -> Void) throws {
        try ArgumentError.require(isLeaf, "tensor", operation, allowed: "only leaves (inputs and parameters) are updated in place")
        var updated = values
        body(&updated, gradient ?? Array(repeating: 0, count: count))
        try ArgumentError.require(updated.count == values.count, "values.count after update", updated.count,
                                  allowed: "an update keeps the \(values.count) values of shape \(shape)")
        values = updated
    }

    // listing: backward
    /// Reverse-mode differentiation of this scalar: visit the graph in reverse topological
    /// order so every node's gradient is complete before it is passed on, then release the
    /// graph (intermediate nodes drop their parents and closures; leaves keep gradients).
    /// Leaves accumulate: a second pass adds to their gradients, as PyTorch does. A pass that
    /// will be followed by another through the same nodes keeps them with `retainingGraph`.
    /// Throws `ArgumentError` unless this is a scalar, and `ReleasedGraphError` if the graph
    /// reaches a node an earlier pass released (its share would silently be lost).
    public func backward(retainingGraph: Bool = false) throws {
        try ArgumentError.require(count == 1, "backward() root shape", shape, allowed: "backward() starts from a scalar")
        // exercise: M3.1 write backward(): every node's backward step in reverse topological order, from ∂L/∂L = 1, then release the graph (Chapter 3, backpropagation)
        let order = topologicalOrder()
        if let released = order.first(where: \.isReleased) { throw ReleasedGraphError(operation: released.operation, shape: released.shape) }
        for node in order where !node.isLeaf { node.gradient = nil }   // a retained graph's last pass
        gradient = [1]
        for node in order.reversed() {
            guard let step = node.backwardStep, node.gradient != nil else { continue }
            step(node)
        }
        guard !retainingGraph else { return }
        for node in order where !node.isLeaf {
            node.parents = []
            node.backwardStep = nil
            node.isReleased = true
        }
        // end exercise
    }

    /// Every tensor this one depends on, each after all of its parents (iterative DFS).
    public func topologicalOrder() -> [Tensor] {
        var order: [Tensor] = []
        var visited = Set<ObjectIdentifier>()
        var stack: [(node: Tensor, expanded: Bool)] = [(self, false)]
        while let (node, expanded) = stack.popLast() {
            if expanded { order.append(node); continue }
            guard visited.insert(ObjectIdentifier(node)).inserted else { continue }
            stack.append((node, true))
            for parent in node.parents where !visited.contains(ObjectIdentifier(parent)) {
                stack.append((parent, false))
            }
        }
        return order
    }
    // end listing
}

/// Shape helpers.
func elementCount(_ shape: [Int]) -> Int { shape.reduce(1, *) }

/// Row-major strides: the step in the flat array for one step along each axis.
func strides(_ shape: [Int]) -> [Int] {
    var result = Array(repeating: 1, count: shape.count)
    for axis in stride(from: shape.count - 2, through: 0, by: -1) { result[axis] = result[axis + 1] * shape[axis + 1] }
    return result
}
