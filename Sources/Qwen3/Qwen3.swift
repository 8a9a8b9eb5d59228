// Module Qwen3.
