# A FIFO where the safetensors index should be.
mkfifo project/model/model.safetensors.index.json
