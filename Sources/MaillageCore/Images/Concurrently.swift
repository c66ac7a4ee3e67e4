import Foundation

/// Results written from concurrent iterations, one slot each.
private final class Slots<T>: @unchecked Sendable {
    let lock = NSLock()
    var values: [T?]
    init(_ count: Int) { values = Array(repeating: nil, count: count) }
}

/// Where concurrent iterations write their results: each iteration initialises its own slot of
/// an array's uninitialised storage (no lock, no optional per result).
private struct Destination<T>: @unchecked Sendable {
    let base: UnsafeMutablePointer<T>
}

/// Runs `body` for each index on every core and returns the results in index order.
func concurrentMap<T: Sendable>(_ count: Int, _ body: @Sendable (Int) -> T) -> [T] {
    guard count > 1 else { return count == 1 ? [body(0)] : [] }
    return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
        let destination = Destination(base: buffer.baseAddress!)
        DispatchQueue.concurrentPerform(iterations: count) { index in
            (destination.base + index).initialize(to: body(index))
        }
        initialized = count
    }
}

/// Like `concurrentMap`, on `width` threads of its own whatever the number of cores: for
/// work that waits (libvips hands each image to a worker thread of its own and waits for it),
/// more images at once than cores keep the cores busy.
func concurrentMap<T: Sendable>(_ count: Int, width: Int, _ body: @escaping @Sendable (Int) -> T) -> [T] {
    let slots = Slots<T>(count)
    let next = Slots<Int>(1)
    next.values[0] = 0
    let group = DispatchGroup()
    for _ in 0..<max(1, min(width, count)) {
        group.enter()
        Thread {
            while true {
                next.lock.lock()
                let index = next.values[0]!
                next.values[0] = index + 1
                next.lock.unlock()
                guard index < count else { break }
                let value = body(index)
                slots.lock.lock()
                slots.values[index] = value
                slots.lock.unlock()
            }
            group.leave()
        }.start()
    }
    group.wait()
    return slots.values.map { $0! }
}

/// Runs `first` here and `second` on a thread of its own at once, and returns both results.
func concurrently<A, B: Sendable>(_ first: () -> A, _ second: @escaping @Sendable () -> B) -> (A, B) {
    let slot = Slots<B>(1)
    let group = DispatchGroup()
    group.enter()
    Thread {
        slot.values[0] = second()
        group.leave()
    }.start()
    let a = first()
    group.wait()
    return (a, slot.values[0]!)
}
