import Foundation
import SiteRender

/// One preview answer: status, content type and bytes.
struct PreviewResponse: Equatable {
    var status: Int
    var contentType: String
    var body: [UInt8]
}

/// Answers GET requests of the preview from the session's site folder: pages get the live-reload
/// script, `/__rerank-site/version` tells the generation, and while the last build failed every
/// page is the error page instead of the stale site.
struct PreviewResponder {
    let session: PreviewSession

    func respond(to uri: String) -> PreviewResponse {
        let generation = session.generation
        var path = String(uri.prefix { $0 != "?" && $0 != "#" })
        path = path.removingPercentEncoding ?? path
        if path == LiveReload.versionPath {
            return PreviewResponse(status: 200, contentType: "text/plain; charset=utf-8", body: Array("\(generation)".utf8))
        }
        if path.hasSuffix("/") { path += "index.html" }
        let parts = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        guard path.hasPrefix("/"), !parts.contains(where: { $0 == ".." || $0 == "." || $0.contains("\0") }) else {
            return notFound(path, generation: generation)
        }
        let relative = parts.joined(separator: "/")
        let isPage = relative.isEmpty || relative.hasSuffix(".html") || !relative.contains(".")
        if generation == 0, isPage {
            return PreviewResponse(status: 503, contentType: Self.html,
                                   body: Array(LiveReload.waitingPage(generation: generation).utf8))
        }
        if let failure = session.failure, isPage {
            return PreviewResponse(status: 500, contentType: Self.html,
                                   body: Array(LiveReload.errorPage(messages: failure, generation: generation).utf8))
        }
        var file = session.siteFolder.appendingPathComponent(relative.isEmpty ? "index.html" : relative)
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: file.path, isDirectory: &isFolder), isFolder.boolValue {
            file = file.appendingPathComponent("index.html")
        }
        guard let data = FileManager.default.contents(atPath: file.path) else { return notFound(path, generation: generation) }
        let type = Self.contentType(of: file.pathExtension)
        if type == Self.html {
            let page = LiveReload.inject(into: String(decoding: data, as: UTF8.self), generation: generation)
            return PreviewResponse(status: 200, contentType: type, body: Array(page.utf8))
        }
        return PreviewResponse(status: 200, contentType: type, body: [UInt8](data))
    }

    private func notFound(_ path: String, generation: Int) -> PreviewResponse {
        let page = LiveReload.inject(into: "<!doctype html><meta charset=\"utf-8\"><title>Not found</title>"
            + "<p>No page at \(escapeHTML(path)) in this build. <a href=\"/\">The index</a>.</p></body>", generation: generation)
        return PreviewResponse(status: 404, contentType: Self.html, body: Array(page.utf8))
    }

    static let html = "text/html; charset=utf-8"

    static func contentType(of ext: String) -> String {
        switch ext.lowercased() {
        case "html", "htm": return html
        case "css": return "text/css; charset=utf-8"
        case "json": return "application/json"
        case "svg": return "image/svg+xml"
        case "png": return "image/png"
        case "jpg", "jpeg": return "image/jpeg"
        case "js": return "text/javascript; charset=utf-8"
        case "csv": return "text/csv; charset=utf-8"
        case "txt", "run", "md": return "text/plain; charset=utf-8"
        default: return "application/octet-stream"
        }
    }
}
