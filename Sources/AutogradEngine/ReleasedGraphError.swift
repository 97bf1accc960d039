/// A backward pass reached a node whose graph an earlier pass released. Continuing would
/// leave out everything below that node (the leaves' gradients would be silently short), so
/// the pass stops before it changes any gradient. Call the earlier `backward` with
/// `retainingGraph: true`, or build the graph again.
public struct ReleasedGraphError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The released node's operation ("×", "matmul", …) and shape.
    public let operation: String
    public let shape: [Int]

    public init(operation: String, shape: [Int]) {
        self.operation = operation
        self.shape = shape
    }

    public var description: String {
        "backward() reached a \(operation) node of shape \(shape) whose graph an earlier backward() released; "
            + "pass retainingGraph: true to that earlier call, or rebuild the graph"
    }
}
