import Foundation

/// Counts the tensors (and their bytes of values) alive among those created while it is
/// `current`: how the chapter shows that a training loop's graphs are freed. Task-local, so
/// tests measuring memory in parallel do not see each other's tensors.
public final class TensorCensus: @unchecked Sendable {
    @TaskLocal public static var current: TensorCensus?

    private let lock = NSLock()
    private var tensors = 0
    private var bytes = 0

    public init() {}

    public var liveTensors: Int { lock.withLock { tensors } }
    public var liveBytes: Int { lock.withLock { bytes } }

    func created(bytes count: Int) { lock.withLock { tensors += 1; bytes += count } }
    func released(bytes count: Int) { lock.withLock { tensors -= 1; bytes -= count } }

    /// Runs `body` with this census counting every tensor it creates.
    public func counting<R>(_ body: () throws -> R) rethrows -> R {
        try Self.$current.withValue(self, operation: body)
    }
}
