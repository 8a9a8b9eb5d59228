import Hub

/// A scorer's model that is not on this machine: why, in plain words, and what gets it. A build
/// downloads nothing unless asked (`build --pull`, `pull: true`), so this is what a project that
/// lists a model it has not fetched yet meets; an `optional: true` scorer is then "not run".
struct MissingModel: Error {
    let scorer: String
    /// The model as rerank-site.yml names it.
    let model: String
    /// Where in rerank-site.yml (`file:line:column`).
    let location: String
    let reason: String
    /// The command that gets the model, when one can (a hub model); nil for a local folder.
    let command: String?
    /// What to do, in a sentence naming the command.
    let remedy: String

    /// Where it was looked for on this machine: stderr says it, the published site does not.
    let searched: String?

    /// `reason (searched); remedy`, for stderr.
    var message: String { "\(reason)\(searched.map { " (looked in \($0))" } ?? ""); \(remedy)" }

    /// Explains a failure to resolve `model` (see `ModelResolver.resolve`).
    init(scorer: String, model: String, location: String, error: Error, pullAsked: Bool) {
        self.scorer = scorer; self.model = model; self.location = location
        let pull = "rerank-site models pull \(model)"
        let localFolder = "set `model:` to a local folder holding its config.json, tokenizer.json and *.safetensors"
        switch error as? HubError {
        case let .notCached(id, _, cache, offline)? where offline:
            reason = "model \(model) (\(id)) is not in the Hugging Face cache and HF_HUB_OFFLINE is set, "
                + "so this machine is offline for downloads"
            searched = cache
            command = pull
            remedy = "run `\(pull)` where the hub can be reached (without HF_HUB_OFFLINE), "
                + "or set HF_ENDPOINT to a hub mirror you can reach and unset HF_HUB_OFFLINE, or \(localFolder)"
        case let .notCached(id, _, cache, _)?:
            reason = "model \(model) (\(id)) is not in the Hugging Face cache, and a build downloads nothing unless asked"
            searched = cache
            command = pull
            remedy = "get it with `\(pull)` (or build with `--pull`, or set `pull: true` on the scorer)"
        case let .network(url, why)?:
            reason = "model \(model) could not be downloaded: \(url) cannot be reached (\(why)); "
                + "this machine seems to be offline"
            searched = nil
            command = pull
            remedy = "set HF_ENDPOINT to a hub mirror you can reach, or get the model on a machine that is online "
                + "(`\(pull)`) and \(localFolder)"
        case let .notAModelFolder(path, why)?:
            reason = "model folder \(model): \(why)"
            searched = path
            command = nil
            remedy = "put the model's config.json, tokenizer.json and *.safetensors there, or name a hub model "
                + "(e.g. qwen3-reranker-0.6b) and get it with `rerank-site models pull NAME`"
        default:
            reason = "model \(model) is not usable: \(error)"
            searched = nil
            command = pullAsked ? nil : pull
            remedy = pullAsked ? "fix the cause above and build again" : "get it with `\(pull)`"
        }
    }
}
