import ArgumentParser
import Foundation
import Kernels

/// What `bench` and `bench-encoder` share: the OpenBLAS threads, how many timed runs, JSON or text
/// output and --verbose, with the start every bench makes (the fastest OpenBLAS kernels, which may
/// restart the process once) and the way it prints its result.
struct BenchRunOptions: ParsableArguments {
    @Option(help: "OpenBLAS threads (default: every core).")
    var threads: Int?
    @Option(help: "Timed runs; the fastest is reported.")
    var `repeat` = 1
    @Flag(help: "Print the result as JSON.")
    var json = false
    @Flag(help: "Say which BLAS kernels run, each run's time and progress.")
    var verbose = false

    func validate() throws {
        if let threads, threads <= 0 { throw ValidationError("--threads must be positive") }
        if `repeat` <= 0 { throw ValidationError("--repeat must be positive") }
    }

    /// Picks the BLAS kernels and threads, and returns the --verbose log (to stderr), having said
    /// which kernels run.
    func start() -> @Sendable (String) -> Void {
        let kernels = useFastestBLASKernels()
        if let threads { setBLASThreads(threads) }
        let verbose = verbose
        let log: @Sendable (String) -> Void = { line in
            if verbose { FileHandle.standardError.write(Data((line + "\n").utf8)) }
        }
        log(BLASRuntime.describe(kernels))
        return log
    }

    /// The result: pretty JSON with --json, else its text.
    func emit<T: Encodable>(_ value: T, text: String) throws {
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            var data = try encoder.encode(value)
            data.append(0x0A)
            FileHandle.standardOutput.write(data)
        } else {
            print(text, terminator: "")
        }
    }
}
