/// Fixed, locale-free number formatting, so the same results always produce the same bytes.

/// `x` with exactly `digits` decimals (`0.8731`), rounding half away from zero. Non-finite values
/// print as `NaN`, `∞`, `−∞`; negative zero prints as zero.
func fixed(_ x: Double, _ digits: Int) -> String {
    guard x.isFinite else { return x.isNaN ? "NaN" : (x > 0 ? "∞" : "−∞") }
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let scaled = (abs(x) * scale).rounded(.toNearestOrAwayFromZero)
    // Beyond 2^53 the decimals are meaningless; fall back to Swift's shortest representation.
    guard scaled < 9.0e15 else { return x.description }
    let n = UInt64(scaled)
    let unit = UInt64(scale)
    let whole = n / unit
    let frac = n % unit
    var s = (x < 0 && n != 0) ? "-" : ""
    s += String(whole)
    if digits > 0 {
        let f = String(frac)
        s += "." + String(repeating: "0", count: digits - f.count) + f
    }
    return s
}

/// A score for display: four decimals, fewer for large magnitudes (BM25 can reach the hundreds).
func formatScore(_ x: Double) -> String {
    let a = abs(x)
    if a >= 1000 { return fixed(x, 1) }
    if a >= 100 { return fixed(x, 2) }
    return fixed(x, 4)
}

/// A signed difference (`+0.2101`, `−0.0300`, `±0.0000`).
func formatDelta(_ x: Double, _ digits: Int = 4) -> String {
    let s = fixed(x, digits)
    if s.hasPrefix("-") { return "−" + s.dropFirst() }
    if s.allSatisfy({ $0 == "0" || $0 == "." }) { return "±" + s }
    return "+" + s
}

/// A share as a percentage with one decimal (`84.2%`).
func formatPercent(_ x: Double) -> String { fixed(x * 100, 1) + "%" }

/// A number for data files: Swift's shortest round-trip form (`0.1`, `1e-05`), which is deterministic.
func formatData(_ x: Double) -> String {
    guard x.isFinite else { return x.isNaN ? "NaN" : (x > 0 ? "Infinity" : "-Infinity") }
    if x == 0 { return "0" }
    if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
    return x.description
}

/// A coordinate for SVG: two decimals with trailing zeros dropped (`fixed(x, 2)` trimmed). Charts
/// write several per candidate, so this formats the rounded integer directly.
func formatCoord(_ x: Double) -> String {
    let scaled = (abs(x) * 100).rounded(.toNearestOrAwayFromZero)
    guard x.isFinite, scaled < 9.0e15 else {
        // Non-finite or beyond 2^53: as `fixed` prints it, zeros after a point trimmed.
        var s = fixed(x, 2)
        if s.contains(".") {
            while s.hasSuffix("0") { s.removeLast() }
            if s.hasSuffix(".") { s.removeLast() }
        }
        return s
    }
    let n = UInt64(scaled)
    let sign = (x < 0 && n != 0) ? "-" : ""
    let whole = n / 100, frac = n % 100
    if frac == 0 { return sign + String(whole) }
    if frac % 10 == 0 { return sign + String(whole) + "." + String(frac / 10) }
    return sign + String(whole) + (frac < 10 ? ".0" : ".") + String(frac)
}

/// A count with thousands separated by commas (`10,000`).
func groupedThousands(_ n: Int) -> String {
    let digits = String(n.magnitude)
    var out = ""
    for (i, ch) in digits.enumerated() {
        if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
        out.append(ch)
    }
    return (n < 0 ? "-" : "") + out
}
