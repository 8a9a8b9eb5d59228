import Checksum
import Foundation

/// The score cache also remembers model files' digests (table `file_digests`), so a build checks a
/// multi-gigabyte model by `stat` alone. They live in the same file as the scores they vouch for:
/// a new or cleared cache hashes every model file once more.
extension ScoreCache: FileDigestMemo {
    public func rememberedDigest(for stamp: FileStamp) throws -> String? {
        try locked {
            let db = try database()
            let select = try db.prepare("""
                SELECT sha256 FROM file_digests
                WHERE path = ?1 AND size = ?2 AND device = ?3 AND inode = ?4 AND mtime_ns = ?5 AND ctime_ns = ?6
                """, step: "file digests")
            try bind(stamp, to: select)
            return try select.step() ? select.text(0) : nil
        }
    }

    public func remember(_ digest: String, for stamp: FileStamp) throws {
        try locked {
            let db = try database()
            try db.transaction(immediate: true, step: "file digests") {
                let insert = try db.prepare("""
                    INSERT OR REPLACE INTO file_digests (path, size, device, inode, mtime_ns, ctime_ns, sha256, hashed_at)
                    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
                    """, step: "file digests")
                try bind(stamp, to: insert)
                try insert.bind(7, digest)
                try insert.bind(8, Date().timeIntervalSince1970)
                _ = try insert.step()
            }
        }
    }

    private func bind(_ stamp: FileStamp, to statement: SQLiteStatement) throws {
        try statement.bind(1, stamp.path)
        try statement.bind(2, Int(stamp.size))
        try statement.bind(3, Int(Int64(bitPattern: stamp.device)))
        try statement.bind(4, Int(Int64(bitPattern: stamp.inode)))
        try statement.bind(5, Int(stamp.modifiedNanoseconds))
        try statement.bind(6, Int(stamp.changedNanoseconds))
    }
}
