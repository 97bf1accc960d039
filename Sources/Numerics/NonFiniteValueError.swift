/// Training produced NaN or ±∞. Says what went non-finite and at which step (when the caller
/// knows it), so a reader can look at exactly that step instead of at a curve that silently
/// turned into NaN.
public struct NonFiniteValueError: Error, CustomStringConvertible, Equatable, Sendable {
    public let quantity: String
    public let step: Int?
    public let value: Double

    public init(quantity: String, step: Int?, value: Double) {
        self.quantity = quantity
        self.step = step
        self.value = value
    }

    public var description: String { "\(quantity) became \(value)" + (step.map { " at step \($0)" } ?? "") }

    /// Throws unless every value is finite.
    public static func check(_ values: [Double], _ quantity: String, step: Int?) throws {
        if let bad = values.first(where: { !$0.isFinite }) {
            throw NonFiniteValueError(quantity: quantity, step: step, value: bad)
        }
    }
}
