ln -s . project/out
