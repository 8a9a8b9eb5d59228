import Dispatch
import Foundation

/// `body(0) … body(count - 1)` spread over the machine's cores, results in index order, so what is
/// built from them stays deterministic. `body` must only read shared state; each call writes its own
/// slot.
func concurrentMap<T>(_ count: Int, _ body: (Int) -> T) -> [T] {
    var slots = [T?](repeating: nil, count: count)
    slots.withUnsafeMutableBufferPointer { buffer in
        guard let base = buffer.baseAddress else { return }
        DispatchQueue.concurrentPerform(iterations: count) { i in base[i] = body(i) }
    }
    return slots.compactMap { $0 }
}

/// A value that one thread sets and another reads after waiting for it (a DispatchGroup's wait),
/// so the two never touch it at once.
final class Handoff<T>: @unchecked Sendable {
    var value: T
    init(_ value: T) { self.value = value }
}

/// A value computed once, on first use, by the thread that asks first; a thread that asks
/// meanwhile waits for it.
final class ComputedOnce<T>: @unchecked Sendable {
    private let lock = NSLock()
    private let make: () -> T
    private var stored: T?

    init(_ make: @escaping () -> T) { self.make = make }

    var value: T {
        lock.withLock {
            if let stored { return stored }
            let made = make()
            stored = made
            return made
        }
    }
}
