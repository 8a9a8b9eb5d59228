// Module Remote.
