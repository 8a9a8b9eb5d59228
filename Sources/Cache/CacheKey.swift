import Checksum
import RerankCore

/// The cache key of one pair: SHA-256 (hex) of everything that can change its score —
/// the scorer's kind and fingerprint (which carries its settings, e.g. max length), the
/// instruction only when the scorer reads it, the query, the document, and, for scorers whose
/// scores depend on the whole request, a hash of the document list and the document's position
/// in it (`position`, default: its first occurrence), since such a scorer (the input order) may
/// score equal texts differently. The scorer's id is not part of it: two configured names for the
/// same scorer share scores.
public func cacheKey(scorer: Scorer, instruction: String, query: String, document: String,
                     collection: [String], position: Int? = nil) -> String {
    let digest = scorer.dependsOnCollection ? collectionDigest(collection) : ""
    let index = scorer.dependsOnCollection ? (position ?? collection.firstIndex(of: document) ?? -1) : -1
    return cacheKey(scorer: scorer, instruction: instruction, query: query, document: document,
                    collectionDigest: digest, position: index)
}

/// The key with the collection's digest computed once per request.
func cacheKey(scorer: Scorer, instruction: String, query: String, document: String,
              collectionDigest: String, position: Int) -> String {
    var hash = SHA256()
    // Every field is length-prefixed, so no two different inputs serialize alike.
    func field(_ value: String) { hash.update("\(value.utf8.count):"); hash.update(value); hash.update("\n") }
    field("rerank-site/score-key/v1")
    field(scorer.kind)
    field(scorer.fingerprint)
    field(scorer.usesInstruction ? "instruction" : "no-instruction")
    if scorer.usesInstruction { field(instruction) }
    field(query)
    field(document)
    field(scorer.dependsOnCollection ? "collection" : "pair")
    if scorer.dependsOnCollection {
        field(collectionDigest)
        field(String(position))
    }
    return hash.hexDigest()
}

/// SHA-256 of the length-prefixed documents, in order.
func collectionDigest(_ documents: [String]) -> String {
    var hash = SHA256()
    hash.update("\(documents.count)\n")
    for document in documents { hash.update("\(document.utf8.count):"); hash.update(document); hash.update("\n") }
    return hash.hexDigest()
}
