/// A growable array of Float for scratch space: allocated once, grown only when a pass needs more,
/// never shrunk. Growing discards the contents (every user writes before it reads), so a pass
/// reserves what it needs up front and then runs without allocating.
/// 64-byte aligned so BLAS and vectorized loops see whole cache lines.
public final class ScratchBuffer {
    public private(set) var pointer: UnsafeMutablePointer<Float>
    /// Floats available at `pointer`.
    public private(set) var capacity: Int

    public init(capacity: Int = 0) {
        self.capacity = max(capacity, 0)
        pointer = ScratchBuffer.allocate(self.capacity)
    }

    deinit { pointer.deallocate() }

    /// Makes room for `count` floats and returns the (possibly new) pointer.
    @discardableResult
    public func reserve(_ count: Int) -> UnsafeMutablePointer<Float> {
        if count > capacity {
            pointer.deallocate()
            // Grow by at least half again so a slowly rising size does not reallocate every pass.
            capacity = max(count, capacity + capacity / 2)
            pointer = ScratchBuffer.allocate(capacity)
        }
        return pointer
    }

    private static func allocate(_ count: Int) -> UnsafeMutablePointer<Float> {
        let raw = UnsafeMutableRawPointer.allocate(byteCount: max(count, 1) * MemoryLayout<Float>.stride, alignment: 64)
        return raw.bindMemory(to: Float.self, capacity: max(count, 1))
    }
}

extension ScratchBuffer {
    /// The buffer as 16-bit values (bf16 bits): the same 64-byte aligned memory, rebound.
    public var halves: UnsafeMutablePointer<UInt16> {
        UnsafeMutableRawPointer(pointer).bindMemory(to: UInt16.self, capacity: capacity * 2)
    }

    /// Makes room for `count` 16-bit values and returns them.
    public func reserveHalves(_ count: Int) -> UnsafeMutablePointer<UInt16> {
        reserve((count + 1) / 2)
        return halves
    }
}
