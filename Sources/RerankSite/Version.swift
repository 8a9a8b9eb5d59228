/// The tool's version, written into every results.json reproduction block.
public let rerankSiteVersion = "0.1.0"
