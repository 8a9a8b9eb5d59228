/// Where the time of forward passes went, summed since the last reset: what `rerank-site bench`
/// reports. Counting costs two clock reads per linear layer and per attention step.
public struct ForwardStatistics: Sendable, Equatable {
    /// FLOP of the linear layers run (2 · rows · in · out per product).
    public var linearFLOP: Double = 0
    /// Seconds inside linear layers (weight widening, bf16 rounding and panel packing included).
    public var linearSeconds: Double = 0
    /// Seconds inside attention (scores, softmax, weighted values).
    public var attentionSeconds: Double = 0
    /// Token rows that went through the layers (each shared prefix counted once).
    public var rows: Int = 0
    /// Passes over the layers (prefix fills and candidate batches).
    public var passes: Int = 0

    public init() {}
}
