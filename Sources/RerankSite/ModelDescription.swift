import Checkpoints
import Hub

/// A model as people know it: its hub id or folder name, the hub revision, and what its weights are.
struct ModelDescription: Sendable {
    var name: String
    var revision: String?
    var facts: CheckpointFacts?
}

extension ModelDescription {
    /// A resolved model named for people: its hub id, else its folder's name.
    init(_ resolved: ResolvedModel) {
        self.init(name: resolved.id ?? resolved.folder.lastPathComponent, revision: resolved.revision, facts: nil)
    }
}
