import Foundation
import SiteRender

/// What only preview responses carry: a script that reloads the page when the site is rebuilt, and
/// the page shown instead of the site while the last build failed. Published pages never contain
/// either.
enum LiveReload {
    /// Where the page asks for the current build generation.
    static let versionPath = "/__rerank-site/version"

    /// Polls `versionPath` and reloads once the generation differs from the one the page was served at.
    static func script(generation: Int) -> String {
        """
        <script>/* rerank-site serve: live reload (preview only) */(function(){var v="\(generation)";\
        function poll(){fetch("\(versionPath)",{cache:"no-store"}).then(function(r){return r.text()})\
        .then(function(t){if(t.trim()!==v){location.reload()}else{setTimeout(poll,500)}})\
        .catch(function(){setTimeout(poll,2000)})}setTimeout(poll,500)})();</script>
        """
    }

    /// `html` with the script put before its last `</body>`, or at its end when it has none.
    static func inject(into html: String, generation: Int) -> String {
        let tag = script(generation: generation)
        guard let range = html.range(of: "</body>", options: [.caseInsensitive, .backwards]) else { return html + tag }
        return html.replacingCharacters(in: range.lowerBound..<range.lowerBound, with: tag)
    }

    /// The page shown until the first build is done.
    static func waitingPage(generation: Int) -> String {
        """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>Building · rerank-site serve</title>
        <meta name="viewport" content="width=device-width, initial-scale=1"></head>
        <body style="font:15px/1.5 system-ui,sans-serif;margin:2rem">
        <p>The first build is running (scoring what the cache does not hold yet); this page reloads when it is done.</p>
        \(script(generation: generation))
        </body></html>

        """
    }

    /// The page shown while the last build failed: every message, escaped, and the reload script.
    static func errorPage(messages: String, generation: Int) -> String {
        """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>Build failed · rerank-site serve</title>
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <style>body{font:15px/1.5 system-ui,sans-serif;margin:2rem;color:#222}h1{color:#b00020;font-size:1.3rem}\
        pre{white-space:pre-wrap;background:#fff4f4;border:1px solid #e8b4b4;padding:1rem;border-radius:6px}</style>
        </head><body>
        <h1>The build failed</h1>
        <p>The site is rebuilt as soon as a case file, rerank-site.yml or a template changes; this page reloads by itself.</p>
        <pre>\(escapeHTML(messages))</pre>
        \(script(generation: generation))
        </body></html>

        """
    }
}
