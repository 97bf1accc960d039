import Foundation

/// A value computed at most once per process for each package root, however many outcome
/// suites ask for it and from whichever threads: a chapter's main run, which later chapters'
/// suites build on. A failure is kept too, so every suite that needs the value reports it.
public final class OncePerRoot<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [URL: Result<Value, any Error>] = [:]
    private let make: (URL) throws -> Value

    public init(_ make: @escaping (URL) throws -> Value) {
        self.make = make
    }

    /// The value for `root`, computing it on the first call (the others wait for it).
    public func value(root: URL) throws -> Value {
        lock.lock()
        defer { lock.unlock() }
        if let value = values[root] { return try value.get() }
        let value = Result { try make(root) }
        values[root] = value
        return try value.get()
    }
}
