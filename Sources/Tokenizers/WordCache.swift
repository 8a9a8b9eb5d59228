import Foundation

/// Piece bytes to BPE ids, shared by all threads that encode with one tokenizer; every access
/// takes the lock. Bounded: when full it is emptied (results never depend on it).
final class WordCache: @unchecked Sendable {
    private struct Key: Hashable {
        let bytes: [UInt8]
        func hash(into hasher: inout Hasher) {
            bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
        }
    }

    private let lock = NSLock()
    private var entries: [Key: [Int32]] = [:]
    private let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
    }

    func lookup(_ piece: UnsafeBufferPointer<UInt8>) -> [Int32]? {
        let key = Key(bytes: Array(piece))
        lock.lock()
        defer { lock.unlock() }
        return entries[key]
    }

    func store(_ piece: UnsafeBufferPointer<UInt8>, _ ids: ArraySlice<Int32>) {
        let key = Key(bytes: Array(piece))
        let value = Array(ids)
        lock.lock()
        defer { lock.unlock() }
        if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
        entries[key] = value
    }
}
