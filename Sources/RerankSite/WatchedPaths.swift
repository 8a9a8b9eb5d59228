import Foundation

extension SiteBuilder {
    /// What a build reads besides models and the cache, for a preview that rebuilds on change:
    /// the configuration file, the case folder and the project's templates/ folder, as `options`
    /// and rerank-site.yml resolve them.
    public static func watchedPaths(_ options: BuildOptions) throws -> [URL] {
        let config = try loadConfig(options)
        let file = options.configFile ?? options.workingDirectory.appendingPathComponent("rerank-site.yml")
        return [file, config.resolve(options.input ?? config.input), config.root.appendingPathComponent("templates")]
    }
}
