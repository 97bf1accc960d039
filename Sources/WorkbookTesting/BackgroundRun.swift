import Foundation
import Testing

/// An experiment that runs on a thread of its own from the moment it is made, and whose
/// result tests await without holding one of Swift Testing's threads: the other suites keep
/// both cores busy while it trains, instead of queueing behind a blocked test. Made from a
/// suite's `StartsAtPlanning` trait, it starts before any test runs.
public final class BackgroundRun<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var result: Result<Value, any Error>?
    private var waiting: [CheckedContinuation<Value, any Error>] = []

    public init(_ work: @escaping @Sendable () throws -> Value) {
        Thread.detachNewThread { [self] in
            let outcome = Result(catching: work)
            lock.lock()
            result = outcome
            let waiters = waiting
            waiting = []
            lock.unlock()
            for waiter in waiters { waiter.resume(with: outcome) }
        }
    }

    /// The experiment's result, once it has finished (at once if it has).
    public var value: Value {
        get async throws {
            try await withCheckedThrowingContinuation { waiter in
                lock.lock()
                if let outcome = result {
                    lock.unlock()
                    waiter.resume(with: outcome)
                } else {
                    waiting.append(waiter)
                    lock.unlock()
                }
            }
        }
    }
}

/// A suite trait that calls `start` when Swift Testing plans the run, after discovering the
/// tests and before running any (`Trait.prepare(for:)`): a suite's long experiment begins at
/// once rather than when the suite's first test gets a thread.
public struct StartsAtPlanning: SuiteTrait, TestTrait {
    let start: @Sendable () -> Void
    public func prepare(for test: Test) async throws { start() }
}

extension Trait where Self == StartsAtPlanning {
    /// Calls `start` at planning time (see `StartsAtPlanning`).
    public static func startsAtPlanning(_ start: @escaping @Sendable () -> Void) -> Self { StartsAtPlanning(start: start) }
}
