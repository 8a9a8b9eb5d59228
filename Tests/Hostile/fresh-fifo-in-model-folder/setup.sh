# A FIFO where the weights should be: checking the model's identity must refuse it, not wait
# forever for a writer.
mkfifo project/model/model.safetensors
