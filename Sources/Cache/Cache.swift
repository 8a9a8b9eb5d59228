// Module Cache.
