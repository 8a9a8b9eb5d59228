/// SplitMix64 (Steele, Lea & Flood 2014; the constants of Vigna's reference C code): a small,
/// fully specified generator, so resampling with a fixed seed gives the same numbers on every
/// machine and in the fixture script that checks them (scripts/stats/make_stats_fixture.py
/// implements the same steps).
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// An index in 0..<n as `next() mod n` (the bias, under n / 2^64, is far below resampling
    /// error; the plain formula is what the fixture script reproduces). n must be ≥ 1.
    mutating func index(below n: Int) -> Int { Int(next() % UInt64(n)) }
}
