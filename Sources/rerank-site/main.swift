// Entry point of the rerank-site command.
