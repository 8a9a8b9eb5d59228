// swift-tools-version:6.0
import PackageDescription

// Layers point one way:
//   CBF16, CAttention, CEncoderKernels → Kernels; Checkpoints (safetensors files, no model) and Tokenizers beside them
//   → Qwen3 → Encoders (BERT encoders; Qwen3 only for Qwen3-Embedding) → RerankCore scorers → Cases, Cache, SiteRender,
//   Remote, APIServer, Datasets (import/export) → RerankSite (build pipeline) → Preview (serve: live preview) → rerank-site (thin CLI).
let package = Package(
    name: "rerank-site",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "rerank-site", targets: ["rerank-site"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.65.0"),
    ],
    targets: [
        // System libraries (Debian: libcmark-dev, libopenblas-dev, libsqlite3-dev).
        .systemLibrary(name: "CCmark", path: "Sources/CCmark"),
        .systemLibrary(name: "COpenBLAS", path: "Sources/COpenBLAS"),
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite"),
        // One system call Swift's Glibc module does not declare (renameat2).
        .systemLibrary(name: "CFileSwap", path: "Sources/CFileSwap"),

        // bf16 GEMM in C: an AVX512-BF16 kernel picked at run time, and a plain reference.
        .target(name: "CBF16"),
        // Fused causal attention in C (q·kᵀ, online softmax, p·v per key tile): AVX-512F fp32 and
        // AVX512-BF16 builds picked at run time, and a plain portable one.
        .target(name: "CAttention"),
        // The encoder's element-wise and short-sequence attention loops in C, built for AVX-512,
        // AVX2 and baseline x86-64 and picked when loaded (the Swift targets are baseline SSE2).
        .target(name: "CEncoderKernels"),
        // Numeric kernels: BLAS shim, bf16 products, norms, RoPE, softmax; each with a plain reference.
        .target(name: "Kernels", dependencies: ["COpenBLAS", "CBF16", "CAttention", "CEncoderKernels"]),
        // SHA-256 for cache keys, case hashes and download checks.
        .target(name: "Checksum"),
        // A model folder's safetensors files: the memory-mapped reader, shards and index, header facts.
        .target(name: "Checkpoints"),
        // Byte-level BPE tokenizer built from tokenizer.json.
        .target(name: "Tokenizers"),
        // Model folders: local, Hugging Face cache, aliases, downloads.
        .target(name: "Hub", dependencies: ["Checksum"]),
        // Qwen3 weights, forward pass and the reranker prompt/score.
        .target(name: "Qwen3", dependencies: ["Kernels", "Checkpoints", "Tokenizers", "Checksum"]),
        // BERT-family encoders (sentence-transformers layout): WordPiece, the BERT forward pass,
        // pooling; Qwen3-Embedding as a text embedder (its only use of Qwen3).
        .target(name: "Encoders", dependencies: ["Kernels", "Checkpoints", "Tokenizers", "Qwen3"]),
        // `rerank-site bench`: random-weight models, a generated workload, the sgemm ceiling.
        .target(name: "Bench", dependencies: ["Qwen3", "Encoders", "Kernels", "Tokenizers", "Checksum"]),
        // Case model, scorer interface, baselines, fusion, metrics, hashing.
        .target(name: "RerankCore", dependencies: ["Checksum"]),
        // Case files: Markdown (cmark AST) + YAML front matter.
        .target(name: "Cases", dependencies: ["RerankCore", "Checksum", "CCmark", "Yams"]),
        // SQLite score cache.
        .target(name: "Cache", dependencies: ["RerankCore", "Checksum", "CSQLite"]),
        // HTML pages, SVG charts, data exports, link check.
        .target(name: "SiteRender", dependencies: [
            "RerankCore", "Checksum", "CCmark",
            .product(name: "Mustache", package: "swift-mustache"),
        ]),
        // Import and export of case sets: JSONL, CSV, BEIR, TREC.
        .target(name: "Datasets", dependencies: ["RerankCore", "Cases"]),
        // Remote rerank servers as scorers.
        .target(name: "Remote", dependencies: ["RerankCore", "Checksum", "Hub"]),
        // The rerank (and embeddings) API server over the native engines: Qwen3 and the encoders.
        .target(name: "APIServer", dependencies: [
            "Qwen3", "Encoders", "RerankCore",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
        ]),
        // The build pipeline and configuration.
        .target(name: "RerankSite", dependencies: [
            "RerankCore", "Cases", "Cache", "SiteRender", "Remote", "APIServer", "Qwen3", "Encoders", "Checkpoints", "Kernels", "Hub", "Checksum", "Yams", "CFileSwap",
        ]),
        // `rerank-site serve`: builds into a private folder, serves it on 127.0.0.1, rebuilds on change.
        .target(name: "Preview", dependencies: [
            "RerankSite", "SiteRender",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
        ]),
        .executableTarget(name: "rerank-site", dependencies: [
            "RerankSite", "Preview", "APIServer", "Hub", "Qwen3", "Encoders", "Bench", "Datasets", "Cases",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        .testTarget(name: "ChecksumTests", dependencies: ["Checksum"]),
        .testTarget(name: "KernelsTests", dependencies: ["Kernels", "CBF16"]),
        .testTarget(name: "CheckpointsTests", dependencies: ["Checkpoints"]),
        .testTarget(name: "TokenizersTests", dependencies: ["Tokenizers"]),
        .testTarget(name: "HubTests", dependencies: ["Hub"]),
        .testTarget(name: "Qwen3Tests", dependencies: ["Qwen3", "Tokenizers", "Kernels"], exclude: ["Fixtures"]),
        .testTarget(name: "EncodersTests", dependencies: ["Encoders", "Tokenizers", "Kernels"], exclude: ["Fixtures"]),
        .testTarget(name: "BenchTests", dependencies: ["Bench", "Qwen3", "Checkpoints", "Kernels"]),
        .testTarget(name: "RerankCoreTests", dependencies: ["RerankCore"], exclude: ["Fixtures"]),
        .testTarget(name: "CasesTests", dependencies: ["Cases", "RerankCore", "Checksum"]),
        .testTarget(name: "CacheTests", dependencies: ["Cache", "RerankCore", "Checksum"]),
        .testTarget(name: "SiteRenderTests", dependencies: ["SiteRender", "RerankCore"]),
        .testTarget(name: "DatasetsTests", dependencies: ["Datasets", "Cases", "RerankCore"], exclude: ["Fixtures"]),
        .testTarget(name: "RemoteTests", dependencies: ["Remote", "RerankCore"]),
        .testTarget(name: "APIServerTests", dependencies: ["APIServer", "Qwen3", "Encoders", "Remote", "RerankCore"]),
        .testTarget(name: "PreviewTests", dependencies: ["Preview", "RerankSite"]),
        .testTarget(name: "RerankSiteTests", dependencies: ["RerankSite", "RerankCore", "APIServer", "Qwen3", "Datasets", "Kernels", "Encoders", "Checkpoints"]),
    ],
    swiftLanguageModes: [.v5]
)
