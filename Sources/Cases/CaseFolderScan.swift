#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import RerankCore

/// The case files under an input folder, found with the file system's own names (bytes), and a
/// problem for every `*.md` that is there but cannot be a case: a name that is not UTF-8, a
/// dangling link, a link loop, something that is not a regular file, a folder that cannot be
/// listed. Nothing under the folder is skipped without a word, except what the format skips on
/// purpose: `README.md`, names starting with `.`, and links to folders.
struct CaseFolderScan {
    /// Readable candidates for case files: relative paths, `/` separators, sorted by their bytes.
    private(set) var paths: [String] = []
    private(set) var problems: [CaseProblem] = []

    /// Scans `root`, a folder that exists; a problem about the root itself names it as given.
    init(root: String) {
        var pending: [[UInt8]] = [[]]  // folders to list, relative to the root
        while let folder = pending.popLast() {
            let folderPath = Self.join(Array(root.utf8), folder)
            guard let names = Self.list(folderPath) else {
                let code = errno
                let shown = folder.isEmpty ? root : Self.shown(folder)
                problems.append(CaseProblem(location: SourceLocation(file: shown, line: 0, column: 0), field: "input",
                                            message: "cannot list the folder: \(Self.cause(code))"))
                continue
            }
            for name in names where name.first != UInt8(ascii: ".") {
                let relative = folder.isEmpty ? name : folder + [UInt8(ascii: "/")] + name
                switch Self.kind(Self.join(Array(root.utf8), relative)) {
                case .folder: pending.append(relative)
                case .linkToFolder: continue
                case .file(let problem):
                    if let ending = Self.otherCaseEnding(name) {
                        report(relative, "the name ends in '\(ending)', not '.md', so it is not read as a case; "
                            + "rename it to end in '.md'")
                        continue
                    }
                    guard Self.isCaseFileName(name) else { continue }
                    if let problem {
                        report(relative, problem)
                    } else if let path = String(validating: relative, as: UTF8.self) {
                        paths.append(path)
                    } else if String(validating: name, as: UTF8.self) == nil {
                        report(relative, "the file name is not valid UTF-8; rename the file")
                    } else {
                        report(relative, "the name of a folder on its path is not valid UTF-8; rename the folder")
                    }
                }
            }
        }
        paths.sort { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    private mutating func report(_ relative: [UInt8], _ message: String) {
        problems.append(CaseProblem(location: SourceLocation(file: Self.shown(relative), line: 0, column: 0),
                                    field: "file", message: message))
    }

    /// `*.md`, except `README.md` in any letter case.
    private static func isCaseFileName(_ name: [UInt8]) -> Bool {
        guard name.count > 3, name.suffix(3).elementsEqual(".md".utf8) else { return false }
        return lowercased(name) != Array("readme.md".utf8)
    }

    /// `.MD`, `.Md` or `.mD` when `name` (not a README) ends in one: a case file by intent, which
    /// the `*.md` rule would skip without a word.
    private static func otherCaseEnding(_ name: [UInt8]) -> String? {
        guard name.count > 3, !name.suffix(3).elementsEqual(".md".utf8),
              lowercased(Array(name.suffix(3))) == Array(".md".utf8),
              lowercased(name) != Array("readme.md".utf8) else { return nil }
        return String(decoding: name.suffix(3), as: UTF8.self)
    }

    private static func lowercased(_ bytes: [UInt8]) -> [UInt8] {
        bytes.map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }
    }

    private enum Kind {
        case folder
        case linkToFolder
        /// A file entry: nil when it is a regular file (or a link to one), else why it cannot be read.
        case file(String?)
    }

    private static func kind(_ path: [UInt8]) -> Kind {
        var info = stat()
        guard withCString(path, { lstat($0, &info) }) == 0 else { return .file(cause(errno)) }
        if isType(info, S_IFDIR) { return .folder }
        if isType(info, S_IFLNK) {
            var target = stat()
            guard withCString(path, { stat($0, &target) }) == 0 else {
                let code = errno
                if code == ENOENT { return .file("dangling symbolic link: its target \(linkTarget(path)) does not exist") }
                if code == ELOOP { return .file("symbolic link loop: the link leads back to itself") }
                return .file("cannot follow the symbolic link: \(cause(code))")
            }
            if isType(target, S_IFDIR) { return .linkToFolder }
            info = target
        }
        if isType(info, S_IFREG) { return .file(nil) }
        return .file("not a regular file (\(typeName(info))); a case file must be a regular file")
    }

    private static func isType(_ info: stat, _ type: mode_t) -> Bool { info.st_mode & S_IFMT == type }

    private static func typeName(_ info: stat) -> String {
        switch info.st_mode & S_IFMT {
        case S_IFIFO: return "a FIFO"
        case S_IFSOCK: return "a socket"
        case S_IFCHR: return "a character device"
        case S_IFBLK: return "a block device"
        default: return "a special file"
        }
    }

    private static func linkTarget(_ path: [UInt8]) -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = withCString(path) { readlink($0, &buffer, buffer.count) }
        return count > 0 ? "'\(shown(buffer[0..<count].map { UInt8(bitPattern: $0) }))'" : "(unknown)"
    }

    /// The entry names of folder `path`, or nil with `errno` set.
    private static func list(_ path: [UInt8]) -> [[UInt8]]? {
        guard let directory = withCString(path, { opendir($0) }) else { return nil }
        defer { closedir(directory) }
        var names: [[UInt8]] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { Array($0.prefix(while: { $0 != 0 })) }
            if name != Array(".".utf8) && name != Array("..".utf8) { names.append(name) }
        }
        return names
    }

    /// The plain-words cause of an `errno`.
    static func cause(_ code: Int32) -> String {
        switch code {
        case EACCES, EPERM: return "permission denied"
        case ENOENT: return "it no longer exists"
        default: return String(cString: strerror(code)).lowercased()
        }
    }

    /// A path of bytes as text: valid UTF-8 as is, any other byte as `\xNN`.
    static func shown(_ bytes: [UInt8]) -> String {
        var text = ""
        var rest = bytes[...]
        while !rest.isEmpty {
            var iterator = rest.makeIterator()
            var decoder = UTF8()
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                text.unicodeScalars.append(scalar)
                rest = rest.dropFirst(UTF8.width(scalar))
            case .emptyInput:
                rest = []
            case .error:
                let hex = String(rest.first ?? 0, radix: 16, uppercase: true)
                text += "\\x" + (hex.count == 1 ? "0" : "") + hex
                rest = rest.dropFirst()
            }
        }
        return text
    }

    private static func join(_ root: [UInt8], _ relative: [UInt8]) -> [UInt8] {
        relative.isEmpty ? root : root + [UInt8(ascii: "/")] + relative
    }

    private static func withCString<T>(_ bytes: [UInt8], _ body: (UnsafePointer<CChar>) -> T) -> T {
        let cString = bytes.map { CChar(bitPattern: $0) } + [0]
        return body(cString)
    }
}
