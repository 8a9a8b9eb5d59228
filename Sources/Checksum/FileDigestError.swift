#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// A file that could not be read for its digest, with the cause in plain words.
public struct FileDigestError: Error, CustomStringConvertible, Sendable {
    public let path: String
    public let message: String

    public init(path: String, _ message: String) { self.path = path; self.message = message }

    init(path: String, errnoCode: Int32, _ what: String) {
        self.init(path: path, "\(what): \(String(cString: strerror(errnoCode)))")
    }

    public var description: String { "\(path): \(message)" }
}
