// listing: broadcast-binary
extension Tensor {
    /// out = f(a, b) entry by entry with broadcasting. Each input's gradient is the output
    /// gradient times ∂f/∂input, summed over every output entry the input was broadcast to.
    /// Throws `ArgumentError` when the shapes do not broadcast.
    static func binary(
        _ a: Tensor, _ b: Tensor, _ operation: String,
        _ f: (Double, Double) -> Double,
        derivatives: @escaping (_ x: Double, _ y: Double) -> (dx: Double, dy: Double)
    ) throws -> Tensor {
        let shape = try broadcastShape(a.shape, b.shape, operation)
        let ia = try broadcastIndices(from: a.shape, to: shape), ib = try broadcastIndices(from: b.shape, to: shape)
        let values = (0..<elementCount(shape)).map { f(a.values[ia[$0]], b.values[ib[$0]]) }
        return Tensor(values: values, shape: shape, operation: operation, parents: [a, b]) { out in
            var ga = Array(repeating: 0.0, count: a.count), gb = Array(repeating: 0.0, count: b.count)
            for i in out.values.indices {
                let (dx, dy) = derivatives(a.values[ia[i]], b.values[ib[i]])
                ga[ia[i]] += out.gradient![i] * dx
                gb[ib[i]] += out.gradient![i] * dy
            }
            a.accumulate(ga)
            b.accumulate(gb)
        }
    }

    public static func + (a: Tensor, b: Tensor) throws -> Tensor { try binary(a, b, "+", +) { _, _ in (1, 1) } }
    public static func - (a: Tensor, b: Tensor) throws -> Tensor { try binary(a, b, "−", -) { _, _ in (1, -1) } }
    public static func * (a: Tensor, b: Tensor) throws -> Tensor { try binary(a, b, "×", *) { x, y in (y, x) } }
    public static func / (a: Tensor, b: Tensor) throws -> Tensor { try binary(a, b, "÷", /) { x, y in (1 / y, -x / (y * y)) } }
}
// end listing

extension Tensor {
    // A scalar broadcasts to every shape, so these never throw.
    public static func * (a: Tensor, b: Double) -> Tensor { try! a * Tensor(scalar: b) }
    public static func + (a: Tensor, b: Double) -> Tensor { try! a + Tensor(scalar: b) }
    public static prefix func - (a: Tensor) -> Tensor { a * -1 }
}
