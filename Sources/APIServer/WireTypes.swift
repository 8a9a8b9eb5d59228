/// Request and response bodies of the routes, in the field names the serving APIs use
/// (vLLM, Jina, Cohere, text-embeddings-inference).

/// A document given as a bare string (vLLM, Cohere) or as `{"text": ...}` (Jina).
struct DocumentInput: Decodable {
    var text: String
    private enum Keys: String, CodingKey { case text }
    init(from decoder: Decoder) throws {
        if let single = try? decoder.singleValueContainer(), let text = try? single.decode(String.self) {
            self.text = text
            return
        }
        guard let keyed = try? decoder.container(keyedBy: Keys.self), let text = try? keyed.decode(String.self, forKey: .text) else {
            throw DecodingError.typeMismatch(DocumentInput.self, .init(
                codingPath: decoder.codingPath, debugDescription: "a string or an object with a string 'text'"))
        }
        self.text = text
    }
}

/// vLLM's score inputs: one string or a list of them.
enum TextOrList: Decodable {
    case one(String)
    case many([String])
    init(from decoder: Decoder) throws {
        let single = try decoder.singleValueContainer()
        if let text = try? single.decode(String.self) { self = .one(text); return }
        if let list = try? single.decode([String].self) { self = .many(list); return }
        throw DecodingError.typeMismatch(TextOrList.self, .init(
            codingPath: decoder.codingPath, debugDescription: "a string or an array of strings"))
    }
}

/// POST /v1/rerank: Jina/Cohere/vLLM shape, or TEI's when `texts` replaces `documents`.
struct RerankBody: Decodable {
    var model: String?
    var query: String
    var documents: [DocumentInput]?
    var texts: [String]?
    var topN: Int?
    var returnDocuments: Bool?
    var returnText: Bool?
    var instruction: String?
    enum CodingKeys: String, CodingKey {
        case model, query, documents, texts, instruction
        case topN = "top_n"
        case returnDocuments = "return_documents"
        case returnText = "return_text"
    }
}

/// POST /v1/score: vLLM shape.
struct ScoreBody: Decodable {
    var model: String?
    var text1: TextOrList
    var text2: TextOrList
    var instruction: String?
    enum CodingKeys: String, CodingKey {
        case model, instruction
        case text1 = "text_1"
        case text2 = "text_2"
    }
}

struct Usage: Encodable {
    var promptTokens: Int
    var totalTokens: Int
    enum CodingKeys: String, CodingKey {
        case promptTokens = "prompt_tokens"
        case totalTokens = "total_tokens"
    }
}

struct DocumentText: Encodable { var text: String }

struct RerankResult: Encodable {
    var index: Int
    var relevanceScore: Double
    var document: DocumentText?
    enum CodingKeys: String, CodingKey {
        case index, document
        case relevanceScore = "relevance_score"
    }
}

struct RerankResponse: Encodable {
    var id: String
    var model: String
    var usage: Usage
    var results: [RerankResult]
}

/// TEI answers with a bare array.
struct TEIResult: Encodable {
    var index: Int
    var score: Double
    var text: String?
}

struct ScoreData: Encodable {
    var index: Int
    var object = "score"
    var score: Double
}

struct ScoreResponse: Encodable {
    var id: String
    var object = "list"
    var created: Int
    var model: String
    var data: [ScoreData]
    var usage: Usage
}

struct ModelCard: Encodable {
    var id: String
    var object = "model"
    var created = 0
    var ownedBy = "rerank-site"
    enum CodingKeys: String, CodingKey {
        case id, object, created
        case ownedBy = "owned_by"
    }
}

struct ModelList: Encodable {
    var object = "list"
    var data: [ModelCard]
}

struct Health: Encodable {
    var status = "ok"
    var model: String
}

/// POST /v1/embeddings: OpenAI shape. `input` is one text or a list of texts (token arrays are not
/// accepted); only `encoding_format: "float"` and no `dimensions`.
struct EmbeddingsBody: Decodable {
    var model: String?
    var input: TextOrList
    var encodingFormat: String?
    var dimensions: Int?
    enum CodingKeys: String, CodingKey {
        case model, input, dimensions
        case encodingFormat = "encoding_format"
    }
}

struct EmbeddingData: Encodable {
    var object = "embedding"
    var index: Int
    var embedding: [Float]
}

struct EmbeddingsResponse: Encodable {
    var object = "list"
    var data: [EmbeddingData]
    var model: String
    var usage: Usage
}
