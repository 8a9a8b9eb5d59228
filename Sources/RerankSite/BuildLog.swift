import Foundation

/// Progress and warnings on stderr. Progress lines are drawn only when stderr is a terminal.
public final class BuildLog: @unchecked Sendable {
    private let isTerminal: Bool
    private let lock = NSLock()
    private var progressShown = false
    public var verbose: Bool

    public init(verbose: Bool = false, isTerminal: Bool = isatty(2) == 1) {
        self.verbose = verbose; self.isTerminal = isTerminal
    }

    /// Replaces the current progress line (terminal only).
    public func progress(_ text: String) {
        guard isTerminal else { return }
        lock.lock(); defer { lock.unlock() }
        write("\r\u{1B}[K" + text)
        progressShown = true
    }

    public func info(_ text: String) {
        guard verbose else { return }
        line(text)
    }

    public func warning(_ text: String) { line("warning: " + text) }

    public func line(_ text: String) {
        lock.lock(); defer { lock.unlock() }
        if progressShown { write("\r\u{1B}[K"); progressShown = false }
        write(text + "\n")
    }

    public func endProgress() {
        lock.lock(); defer { lock.unlock() }
        if progressShown { write("\r\u{1B}[K"); progressShown = false }
    }

    private func write(_ s: String) { FileHandle.standardError.write(Data(s.utf8)) }
}
