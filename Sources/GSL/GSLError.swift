@preconcurrency import CGSLOpenBLAS

/// A GSL function reported a failure. GSL's default handler would abort the process;
/// the workbook switches it off once and turns status codes into this error.
public struct GSLError: Error, CustomStringConvertible, Sendable {
    /// GSL's status code (`GSL_EDOM`, `GSL_ENOPROG`, …).
    public let status: Int32
    /// What the workbook was asking GSL to do.
    public let operation: String

    public init(status: Int32, operation: String) {
        self.status = status
        self.operation = operation
    }

    public var description: String {
        "GSL error \(status) in \(operation): \(String(cString: gsl_strerror(status)))"
    }

    /// A value the caller passed that GSL cannot take (`GSL_EINVAL`), said as
    /// "parameter = value: what is allowed".
    static func invalidArgument(_ problem: String) -> GSLError {
        GSLError(status: Int32(GSL_EINVAL), operation: problem)
    }
}

/// Switches GSL's aborting error handler off. The handler is process-global and tests run
/// in parallel, so this runs exactly once (a `static let` is initialized once, thread-safely).
enum GSLRuntime {
    static let errorHandlerSwitchedOff: Void = {
        _ = gsl_set_error_handler_off()
    }()

    /// Call before any GSL function that can fail.
    static func prepare() {
        _ = errorHandlerSwitchedOff
    }

    /// Throws unless `status` is `GSL_SUCCESS`.
    static func check(_ status: Int32, _ operation: @autoclosure () -> String) throws {
        guard status == Int32(GSL_SUCCESS) else {
            throw GSLError(status: status, operation: operation())
        }
    }
}
