import Foundation
import RerankCore

/// data/history.json: every recorded run, oldest first, in the form `build --history` reads back.
enum HistoryJSON {
    static func make(_ runs: [HistoryRun]) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        do {
            var bytes = [UInt8](try encoder.encode(HistoryDocument(runs: runs)))
            bytes.append(UInt8(ascii: "\n"))
            return bytes
        } catch {
            throw SiteRenderError.export(file: SitePaths.historyJSON, message: "\(error)")
        }
    }
}
