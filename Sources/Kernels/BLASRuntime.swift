import COpenBLAS
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

// Which OpenBLAS kernels run, and making them the fastest the CPU has.
//
// Debian 12's OpenBLAS 0.3.21 (DYNAMIC_ARCH) picks its kernels once, when the library is loaded,
// from cpuid — or from the environment variable OPENBLAS_CORETYPE. It does not know recent AMD
// and Intel CPUs with AVX-512 and takes them for Haswell (AVX2), leaving ~1.8× of sgemm speed
// unused. Since the library is linked at load time, the only way to choose for it is to set
// OPENBLAS_CORETYPE and start the process again (execv of /proc/self/exe with the same arguments)
// before any BLAS work. A user's own OPENBLAS_CORETYPE is always respected.

/// What the BLAS runtime is, as the library reports it.
public enum BLASRuntime {
    /// The kernel family OpenBLAS uses ("Haswell", "Zen", "SkylakeX", "Cooperlake", ...).
    public static var coreName: String {
        guard let p = openblas_get_corename() else { return "unknown" }
        return String(cString: p)
    }

    /// OpenBLAS's build description (version, DYNAMIC_ARCH, threading).
    public static var configuration: String {
        guard let p = openblas_get_config() else { return "unknown" }
        return String(cString: p)
    }

    /// The kernel family as reports print it, saying so where the environment's OPENBLAS_CORETYPE
    /// chose it (a figure from kernels the user forced may not be the CPU's best).
    public static var coreLabel: String {
        var environment: [String: String] = [:]
        for name in ["OPENBLAS_CORETYPE", restartMarker] {
            if let value = getenv(name) { environment[name] = String(cString: value) }
        }
        return blasCoreLabel(core: coreName, environment: environment)
    }

    /// Threads OpenBLAS uses for one call.
    public static var threads: Int { Int(openblas_get_num_threads()) }

    /// One line for `--verbose`: kernels, threads and how they were chosen.
    public static func describe(_ choice: KernelChoice) -> String {
        "OpenBLAS kernels: \(coreName), \(threads) thread(s) — \(choice.reason) [\(String(configuration.reversed().drop(while: { $0 == " " }).reversed()))]"
    }
}

/// The decision `chooseKernels` makes, and why.
public struct KernelChoice: Sendable, Equatable {
    public enum Action: Sendable, Equatable {
        /// Keep the kernels already loaded.
        case keep
        /// Restart the process with OPENBLAS_CORETYPE set to this value.
        case restart(coreType: String)
    }
    public var action: Action
    public var reason: String
}

/// CPU features that matter for choosing BLAS kernels, read from /proc/cpuinfo's flags
/// (the kernel lists avx512* only when the OS also saves the AVX-512 state).
public struct CPUFeatures: Sendable, Equatable {
    public var flags: Set<String>

    public init(flags: Set<String>) { self.flags = flags }

    /// The flags of the first processor in /proc/cpuinfo; empty where that file does not exist.
    public static func current() -> CPUFeatures {
        guard let text = readSmallFile("/proc/cpuinfo") else { return CPUFeatures(flags: []) }
        for line in text.split(separator: "\n") where line.hasPrefix("flags") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            return CPUFeatures(flags: Set(line[line.index(after: colon)...].split(separator: " ").map(String.init)))
        }
        return CPUFeatures(flags: [])
    }

    /// AVX-512 F, BW, VL and DQ: what OpenBLAS's SKYLAKEX kernels execute.
    public var hasAVX512SkylakeX: Bool {
        ["avx512f", "avx512bw", "avx512vl", "avx512dq"].allSatisfy(flags.contains)
    }
}

/// Core names (lowercased, as openblas_get_corename reports them) whose kernels use AVX-512.
private let avx512CoreNames: Set<String> = ["skylakex", "cooperlake", "sapphirerapids"]

/// Decides whether the loaded kernels are the fastest available. Pure: the inputs are the CPU's
/// features, the loaded core name and the user's OPENBLAS_CORETYPE (nil when unset).
public func chooseKernels(features: CPUFeatures, loadedCore: String, userCoreType: String?) -> KernelChoice {
    if let user = userCoreType, !user.isEmpty {
        return KernelChoice(action: .keep, reason: "OPENBLAS_CORETYPE=\(user) set by the user")
    }
    if avx512CoreNames.contains(loadedCore.lowercased()) {
        return KernelChoice(action: .keep, reason: "OpenBLAS chose AVX-512 kernels itself")
    }
    if features.hasAVX512SkylakeX {
        return KernelChoice(action: .restart(coreType: "SKYLAKEX"),
                            reason: "CPU has AVX-512 F/BW/VL/DQ but OpenBLAS loaded \(loadedCore) kernels")
    }
    return KernelChoice(action: .keep, reason: "no AVX-512 on this CPU; OpenBLAS's own choice is the fastest")
}

/// `core`, and "(OPENBLAS_CORETYPE=X in the environment)" after it when the user set X: not when
/// this code set it for its restart (the `restartMarker` variable then names it). Pure.
public func blasCoreLabel(core: String, environment: [String: String]) -> String {
    let setByRestart = environment[restartMarker].map { restartSet("OPENBLAS_CORETYPE", marker: $0) } ?? false
    guard let set = environment["OPENBLAS_CORETYPE"], !set.isEmpty, !setByRestart else { return core }
    return "\(core) (OPENBLAS_CORETYPE=\(set) in the environment)"
}

/// The variables a restart sets, as its messages write them: "A=1 B=2".
func restartSummary(_ changes: [String: String]) -> String {
    changes.keys.sorted().map { "\($0)=\(changes[$0] ?? "")" }.joined(separator: " ")
}

/// The restart marker's value: the variables the restart set, then why ("A=1 B=2 (reason)").
func restartMarkerValue(changes: [String: String], reason: String) -> String {
    restartSummary(changes) + " (" + reason + ")"
}

/// Whether a restart marker (`restartMarkerValue`) says the restart set `name`; its reason, which may
/// quote the user's own variables, does not count.
func restartSet(_ name: String, marker: String) -> Bool {
    let set = marker.split(separator: "(", maxSplits: 1).first ?? ""
    return set.split(separator: " ").contains { $0.hasPrefix(name + "=") }
}

/// How long (2^n cycles) an idle OpenBLAS thread spins before it sleeps. The default (2^28, about
/// 0.1 s) keeps a spinning thread on a core through every attention and element-wise step between
/// GEMMs, where the engine's own workers need that core; 2^4 makes it sleep at once, and waking it
/// costs microseconds per GEMM. Read by OpenBLAS when it loads, like the core type.
let threadTimeoutExponent = "4"

/// Environment variable marking a process this code restarted, so it never restarts twice.
let restartMarker = "RERANK_SITE_BLAS_RESTARTED"

/// The OpenBLAS environment this process should have been started with, beyond what it has:
/// the core type (see `chooseKernels`) and, when more than one BLAS thread runs and the user set
/// none, a short spin time for idle BLAS threads. Pure; empty means nothing to change.
public func blasEnvironmentChanges(kernels: KernelChoice, threads: Int, environment: [String: String]) -> [String: String] {
    var changes: [String: String] = [:]
    if case .restart(let coreType) = kernels.action { changes["OPENBLAS_CORETYPE"] = coreType }
    if threads > 1, environment["OPENBLAS_THREAD_TIMEOUT"] == nil, environment["GOTO_THREAD_TIMEOUT"] == nil {
        changes["OPENBLAS_THREAD_TIMEOUT"] = threadTimeoutExponent
    }
    return changes
}

/// Makes OpenBLAS use the fastest kernels this CPU runs, without the user setting anything:
/// when the CPU has AVX-512 but the library loaded older kernels, sets OPENBLAS_CORETYPE=SKYLAKEX,
/// and lets idle BLAS threads sleep instead of spinning (OPENBLAS_THREAD_TIMEOUT); both are read
/// only when the library loads, so the process re-executes itself with the same arguments.
/// Call first thing, before any BLAS work. Returns the choice (after a restart, its reason says
/// what was set); if the restart fails, keeps going with the loaded library.
@discardableResult
public func useFastestBLASKernels() -> KernelChoice {
    func env(_ name: String) -> String? { getenv(name).map { String(cString: $0) } }
    let user = env("OPENBLAS_CORETYPE")
    if let marker = env(restartMarker) {
        return KernelChoice(action: .keep, reason: "restarted with \(marker)")
    }
    let choice = chooseKernels(features: .current(), loadedCore: BLASRuntime.coreName, userCoreType: user)
    var environment: [String: String] = [:]
    for name in ["OPENBLAS_THREAD_TIMEOUT", "GOTO_THREAD_TIMEOUT"] { if let v = env(name) { environment[name] = v } }
    let changes = blasEnvironmentChanges(kernels: choice, threads: BLASRuntime.threads, environment: environment)
    if changes.isEmpty { return choice }
    for (name, value) in changes { setenv(name, value, 1) }
    setenv(restartMarker, restartMarkerValue(changes: changes, reason: choice.reason), 1)
    execv("/proc/self/exe", CommandLine.unsafeArgv)
    // Only reached when execv failed: undo and run on.
    for name in changes.keys { unsetenv(name) }
    unsetenv(restartMarker)
    return KernelChoice(action: .keep, reason: "could not restart with \(restartSummary(changes)) (errno \(errno)); kept \(BLASRuntime.coreName)")
}
/// A small text file read whole with POSIX calls (no Foundation in Kernels).
func readSmallFile(_ path: String) -> String? {
    let fd = open(path, O_RDONLY)
    if fd < 0 { return nil }
    defer { close(fd) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 65536)
    while true {
        let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if n <= 0 { break }
        bytes.append(contentsOf: chunk[0..<n])
    }
    return String(decoding: bytes, as: UTF8.self)
}
