/// Where a pull stands, reported as bytes arrive.
public struct DownloadProgress: Sendable, Equatable {
    /// The file being downloaded (its name in the repository).
    public let file: String
    /// 1-based position of the file among those this pull downloads.
    public let fileIndex: Int
    public let fileCount: Int
    /// Bytes of this file on disk so far, including any resumed part.
    public let fileBytes: Int64
    /// The file's size, when the hub announced it.
    public let fileTotal: Int64?
    /// Bytes of all files of this pull on disk so far.
    public let bytesDone: Int64
    /// The size of all files of this pull, when every size is known.
    public let bytesTotal: Int64?

    public init(file: String, fileIndex: Int, fileCount: Int, fileBytes: Int64, fileTotal: Int64?,
                bytesDone: Int64, bytesTotal: Int64?) {
        self.file = file
        self.fileIndex = fileIndex
        self.fileCount = fileCount
        self.fileBytes = fileBytes
        self.fileTotal = fileTotal
        self.bytesDone = bytesDone
        self.bytesTotal = bytesTotal
    }
}
