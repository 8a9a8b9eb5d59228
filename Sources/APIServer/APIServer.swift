// Module APIServer.
