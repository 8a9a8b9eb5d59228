// Module Hub.
