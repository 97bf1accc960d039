/// A value a caller passed that the function cannot use: names the parameter (with the
/// position inside it for a collection, such as `targets[1]`), the value given and what is
/// allowed, so the message says exactly what to change. Every public function of the
/// workbook throws this for input a caller can get wrong; `precondition` is kept for the
/// workbook's own invariants.
public struct ArgumentError: Error, CustomStringConvertible, Equatable, Sendable {
    public let parameter: String
    public let value: String
    public let allowed: String

    public init(parameter: String, value: String, allowed: String) {
        self.parameter = parameter
        self.value = value
        self.allowed = allowed
    }

    public var description: String { "\(parameter) = \(value): \(allowed)" }
}

extension ArgumentError {
    /// Throws unless `condition` holds for `value`.
    public static func require(_ condition: Bool, _ parameter: String, _ value: @autoclosure () -> Any,
                               allowed: @autoclosure () -> String) throws {
        guard !condition else { return }
        throw ArgumentError(parameter: parameter, value: "\(value())", allowed: allowed())
    }

    /// Throws for the first entry of `values` outside `range`, naming its position.
    public static func requireAll(_ values: [Int], in range: Range<Int>, _ parameter: String,
                                  meaning: String = "ids") throws {
        if let position = values.firstIndex(where: { !range.contains($0) }) {
            throw ArgumentError(parameter: "\(parameter)[\(position)]", value: "\(values[position])",
                                allowed: "\(meaning) must be in \(range.lowerBound)..<\(range.upperBound)")
        }
    }

    /// Throws unless `value` is a finite number above zero.
    public static func requirePositive(_ value: Double, _ parameter: String) throws {
        try require(value.isFinite && value > 0, parameter, value, allowed: "must be a finite number above 0")
    }

    /// The product of `sizes`, or an error naming `parameter` when it does not fit in an Int
    /// (Int.max rows of anything).
    public static func checkedProduct(_ sizes: [Int], _ parameter: String) throws -> Int {
        try sizes.reduce(1) { product, size in
            let (result, overflow) = product.multipliedReportingOverflow(by: size)
            guard !overflow else { throw ArgumentError(parameter: parameter, value: "\(sizes)", allowed: "the sizes' product must fit in an Int") }
            return result
        }
    }

    /// Throws unless `value` is at least `minimum`.
    public static func requireAtLeast(_ minimum: Int, _ value: Int, _ parameter: String) throws {
        try require(value >= minimum, parameter, value, allowed: "must be at least \(minimum)")
    }
}
