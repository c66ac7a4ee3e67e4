import Synchronization

/// A value that several threads share, read and changed only inside `withLock`: no path can
/// forget to unlock it, and the compiler sees that it is safe to share (the standard
/// library's `Mutex`, as Hummingbird's `NIOLockedValueBox` wraps NIO's lock).
public final class Locked<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>

    public init(_ value: Value) { mutex = Mutex(value) }

    public func withLock<Result: Sendable, Failure: Error>(_ body: (inout Value) throws(Failure) -> Result) throws(Failure) -> Result {
        try mutex.withLock { (value: inout sending Value) throws(Failure) -> Result in try body(&value) }
    }

    /// The value as it is now.
    public var value: Value { withLock { $0 } }
}
