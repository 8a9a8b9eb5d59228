import Dispatch

/// Runs `body` over 0..<rows split into one contiguous chunk per worker, concurrently; on this
/// thread when there is one worker or too few rows to be worth splitting. For the row-wise kernels
/// (norms, RoPE, SwiGLU, residual adds), which are independent per row.
@inline(__always)
public func forEachRowChunk(rows: Int, workers: Int, minRows: Int = 16, _ body: (Range<Int>) -> Void) {
    let chunks = max(1, min(workers, rows / max(minRows, 1)))
    if chunks == 1 {
        body(0..<rows)
        return
    }
    DispatchQueue.concurrentPerform(iterations: chunks) { c in
        body((rows * c / chunks)..<(rows * (c + 1) / chunks))
    }
}
