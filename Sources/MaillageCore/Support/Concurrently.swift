import Foundation
import Synchronization

/// Where concurrent iterations write their results: each iteration initialises its own slot of
/// an array's uninitialised storage (no lock, no optional per result).
/// `@unchecked`: a raw pointer is not Sendable; the compiler cannot see that each thread
/// writes a slot of its own, once, and that the array is read only after all have returned.
private struct Destination<T>: @unchecked Sendable {
    let base: UnsafeMutablePointer<T>
}

/// An array of `count` results, each initialised once, at its index, by `fill` (from any thread;
/// `fill` returns when all are).
private func results<T>(_ count: Int, _ fill: (Destination<T>) -> Void) -> [T] {
    guard count > 0 else { return [] }
    return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
        fill(Destination(base: buffer.baseAddress!))
        initialized = count
    }
}

/// The next index to take, shared by threads.
private final class Counter: Sendable {
    private let next = Atomic<Int>(0)

    func take() -> Int { next.add(1, ordering: .relaxed).oldValue }
}

/// Runs `body` for each index on every core and returns the results in index order.
func concurrentMap<T: Sendable>(_ count: Int, _ body: @Sendable (Int) -> T) -> [T] {
    guard count > 1 else { return count == 1 ? [body(0)] : [] }
    return results(count) { destination in
        DispatchQueue.concurrentPerform(iterations: count) { index in
            (destination.base + index).initialize(to: body(index))
        }
    }
}

/// Like `concurrentMap`, on `width` threads of its own whatever the number of cores: for
/// work that waits (libvips hands each image to a worker thread of its own and waits for it),
/// more images at once than cores keep the cores busy.
func concurrentMap<T: Sendable>(_ count: Int, width: Int, _ body: @escaping @Sendable (Int) -> T) -> [T] {
    results(count) { destination in
        let counter = Counter()
        let group = DispatchGroup()
        for _ in 0..<max(1, min(width, count)) {
            group.enter()
            Thread {
                while true {
                    let index = counter.take()
                    guard index < count else { break }
                    (destination.base + index).initialize(to: body(index))
                }
                group.leave()
            }.start()
        }
        group.wait()
    }
}

/// Runs `first` here and `second` on a thread of its own at once, and returns both results.
func concurrently<A, B: Sendable>(_ first: () -> A, _ second: @escaping @Sendable () -> B) -> (A, B) {
    var a: A?
    let b: [B] = results(1) { destination in
        let group = DispatchGroup()
        group.enter()
        Thread {
            destination.base.initialize(to: second())
            group.leave()
        }.start()
        a = first()
        group.wait()
    }
    return (a!, b[0])
}
