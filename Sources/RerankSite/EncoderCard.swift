import Encoders
import RerankCore

/// The model card of a native encoder scorer (`embedding`, `cross-encoder`), from the typed facts
/// the model kind describes itself with (`EncoderDescription`): whichever kind of encoder it is,
/// its card says the same things in the same words.
func encoderCard(id: String, kind: String, model: ModelDescription, description: EncoderDescription) -> ScorerCard {
    var card = ScorerCard(id: id, kind: kind, name: model.name, backend: "native encoder (Swift, CPU)", model: model.name,
                          parameters: description.weights?.parameters, bytes: description.weights?.bytes,
                          revision: model.revision, storedDType: description.weights?.dtypes.joined(separator: ", "),
                          precision: description.precision, maxLength: description.maxLength,
                          readsInstruction: description.usesInstruction)
    card.architecture = description.architecture
    card.tokenizer = description.tokenizer.kind
        + (description.tokenizer.lowercased.map { $0 ? ", lowercased" : ", cased" } ?? "")
    card.vocabulary = description.tokenizer.vocabularySize
    card.scoring = scoringText(description.head)
    card.queryFormat = queryText(description.query)
    return card
}

/// How the network's output becomes a score, in words.
func scoringText(_ head: EncoderDescription.Head) -> String {
    switch head {
    case let .pooled(pooling, normalized):
        let pooled: String
        switch pooling {
        case .mean: pooled = "the mean of its token states"
        case .cls: pooled = "its first token's state ([CLS] or <s>)"
        case .lastToken: pooled = "its last token's state"
        }
        return "cosine of the query's and the candidate's embeddings (each \(pooled)\(normalized ? ", L2-normalised" : ""))"
    case let .classifier(labels):
        return labels == 1 ? "sigmoid of the classifier's logit" : "sigmoid of the classifier's first of \(labels) logits"
    }
}

/// How the query (and the instruction) is written into the model's input, in words.
func queryText(_ format: EncoderDescription.QueryFormat) -> String {
    switch format {
    case .asWritten:
        return "the query is embedded as written; the instruction is not read; candidates as written"
    case let .template(template):
        return "the query is embedded as \(template); candidates as written"
    case let .pairedWithCandidate(layout):
        return "query and candidate read together as \(layout); the instruction is not read"
    }
}
