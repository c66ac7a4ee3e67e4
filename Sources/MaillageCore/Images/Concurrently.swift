import Foundation

/// Results written from concurrent iterations, one slot each.
private final class Slots<T>: @unchecked Sendable {
    let lock = NSLock()
    var values: [T?]
    init(_ count: Int) { values = Array(repeating: nil, count: count) }
}

/// Runs `body` for each index on every core and returns the results in index order.
func concurrentMap<T: Sendable>(_ count: Int, _ body: @Sendable (Int) -> T) -> [T] {
    let slots = Slots<T>(count)
    DispatchQueue.concurrentPerform(iterations: count) { index in
        let value = body(index)
        slots.lock.lock()
        slots.values[index] = value
        slots.lock.unlock()
    }
    return slots.values.map { $0! }
}
