import Foundation

/// Text for `rerank-site models list` and the pull progress line; pure functions of values.
public enum ModelListing {
    /// A table of cached snapshots, one per line, columns aligned, ending in a newline.
    public static func table(_ models: [CachedModel], cacheRoot: URL) -> String {
        guard !models.isEmpty else { return "no models in \(cacheRoot.path)\n" }
        let header = ["ID", "REVISION", "SIZE", "FILES", "REFS", "STATUS"]
        let rows = models.map { model -> [String] in
            var status = model.isComplete ? "complete" : "incomplete: lacks \(model.missing.joined(separator: ", "))"
            if model.partialBytes > 0 { status += " (\(formatBytes(model.partialBytes)) partly downloaded)" }
            return [model.id, String(model.revision.prefix(12)), formatBytes(model.sizeBytes), String(model.files.count),
                    model.refs.isEmpty ? "-" : model.refs.joined(separator: ","), status]
        }
        let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { index, cell in
                index == cells.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }
        return "cache: \(cacheRoot.path)\n" + ([line(header)] + rows.map(line)).joined(separator: "\n") + "\n"
    }

    /// 1234567 → "1.2 MB" (decimal units, as the hub shows sizes).
    public static func formatBytes(_ bytes: Int64) -> String {
        let units = ["B", "kB", "MB", "GB", "TB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1000 && unit < units.count - 1 {
            value /= 1000
            unit += 1
        }
        return unit == 0 ? "\(bytes) B" : String(format: "%.1f %@", value, units[unit])
    }

    /// One progress line:
    /// `[2/7] model.safetensors   45% [##########..............]  540.0 MB / 1.2 GB  12.3 MB/s  (all: 40%)`.
    public static func progressLine(_ p: DownloadProgress, barWidth: Int = 24, bytesPerSecond: Double? = nil) -> String {
        var parts = ["[\(p.fileIndex)/\(p.fileCount)] \(p.file)"]
        if let total = p.fileTotal, total > 0 {
            let fraction = min(1, Double(p.fileBytes) / Double(total))
            let filled = Int((fraction * Double(barWidth)).rounded(.down))
            parts.append(String(format: "%3d%%", Int(fraction * 100))
                + " [" + String(repeating: "#", count: filled) + String(repeating: ".", count: barWidth - filled) + "]")
            parts.append("\(formatBytes(p.fileBytes)) / \(formatBytes(total))")
        } else {
            parts.append(formatBytes(p.fileBytes))
        }
        if let speed = bytesPerSecond, speed > 0 { parts.append("\(formatBytes(Int64(speed)))/s") }
        if p.fileCount > 1, let total = p.bytesTotal, total > 0 {
            parts.append("(all: \(Int(min(1, Double(p.bytesDone) / Double(total)) * 100))%)")
        }
        return parts.joined(separator: "  ")
    }
}
