#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import Foundation

/// The process's peak resident memory in bytes: VmHWM from /proc/self/status where it exists,
/// else getrusage's ru_maxrss (kilobytes on Linux, bytes on macOS).
public func peakResidentBytes() -> Int {
    if let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) {
        for line in text.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let digits = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).compactMap { Int($0) }
            if let kb = digits.first { return kb * 1024 }
        }
    }
    var usage = rusage()
    #if canImport(Darwin)
    getrusage(RUSAGE_SELF, &usage)
    return Int(usage.ru_maxrss)
    #else
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Int(usage.ru_maxrss) * 1024
    #endif
}

/// Starts a new peak: on Linux, writing 5 to /proc/self/clear_refs sets VmHWM to the current
/// resident size. False where that is not possible (the peak then stays the process's).
public func resetPeakResident() -> Bool {
    guard let handle = FileHandle(forWritingAtPath: "/proc/self/clear_refs") else { return false }
    defer { try? handle.close() }
    do { try handle.write(contentsOf: Data("5".utf8)) } catch { return false }
    return true
}
