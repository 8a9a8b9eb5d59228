import CAttention
import CBF16
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// One layer's cached keys and values ([positions, kvHeads·headDim] each), held as attention reads
/// them: fp32 rows for fp32 attention; bf16 for the bf16 kernels (keys as rows, values in pairs of
/// positions; `KeyValueRows.bf16`), rounded once when written instead of at every attention call,
/// at half the memory. Grows by doubling into memory mapped from the OS: pages are touched only as
/// positions are written, and an outgrown buffer goes back to the OS at once (a malloc'ed one of this
/// size stayed resident in the allocator's arenas: up to 1.2 GiB of dead buffers at 8K tokens).
public final class KeyValueCache {
    public let width: Int
    public let bf16: Bool
    private var keys = PageBuffer(floats: 0)
    private var values = PageBuffer(floats: 0)
    /// Positions there is room for.
    public private(set) var capacity = 0

    public init(width: Int, bf16: Bool) {
        self.width = width; self.bf16 = bf16
    }

    /// Floats of each buffer for `positions` positions: keys, values.
    private func floats(_ positions: Int) -> (keys: Int, values: Int) {
        bf16 ? ((positions * width + 1) / 2, (positions + 1) / 2 * width) : (positions * width, positions * width)
    }

    /// Makes room for `count` positions, keeping the first `kept`.
    public func reserve(_ count: Int, keeping kept: Int) {
        if count <= capacity { return }
        let positions = max(count, 2 * capacity)
        let size = floats(positions), keep = floats(min(kept, capacity))
        let newKeys = PageBuffer(floats: size.keys), newValues = PageBuffer(floats: size.values)
        newKeys.pointer.update(from: keys.pointer, count: keep.keys)
        newValues.pointer.update(from: values.pointer, count: keep.values)
        keys = newKeys; values = newValues
        capacity = positions
    }

    /// Positions position..<position+rows = the fp32 rows keys/values ([rows, width]); room reserved.
    public func write(keys k: UnsafePointer<Float>, values v: UnsafePointer<Float>, rows: Int, at position: Int) {
        precondition(position + rows <= capacity, "the key/value cache was not reserved")
        if rows == 0 { return }
        if bf16 {
            cbf16_round_rows(k, width, keys.halves + position * width, width, rows, width)
            cattn_pack_values_bf16(v, width, values.halves, width, position, rows, width)
        } else {
            (keys.pointer + position * width).update(from: k, count: rows * width)
            (values.pointer + position * width).update(from: v, count: rows * width)
        }
    }

    /// The cache as attention reads it.
    public var rows: KeyValueRows {
        bf16 ? .bf16(keys: UnsafePointer(keys.halves), values: UnsafePointer(values.halves))
             : .fp32(keys: UnsafePointer(keys.pointer), values: UnsafePointer(values.pointer))
    }

    /// Bytes held for `positions` positions (both buffers).
    public func bytes(positions: Int) -> Int {
        let size = floats(positions)
        return (size.keys + size.values) * MemoryLayout<Float>.stride
    }
}

/// Floats in pages mapped from the OS (anonymous, private), unmapped when released. Where the OS
/// refuses the mapping, the buffer comes from the heap like every scratch buffer (`ScratchBuffer`),
/// so the cache has no failure of its own.
final class PageBuffer {
    let pointer: UnsafeMutablePointer<Float>
    private let bytes: Int
    private let mapped: Bool

    init(floats: Int) {
        bytes = max(floats, 1) * MemoryLayout<Float>.stride
        let raw: UnsafeMutableRawPointer
        if let page = mmap(nil, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), page != MAP_FAILED {
            raw = page; mapped = true
        } else {
            raw = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 64); mapped = false
        }
        pointer = raw.bindMemory(to: Float.self, capacity: max(floats, 1))
    }

    deinit {
        if mapped { munmap(pointer, bytes) } else { pointer.deallocate() }
    }

    var halves: UnsafeMutablePointer<UInt16> {
        UnsafeMutableRawPointer(pointer).assumingMemoryBound(to: UInt16.self)
    }
}
