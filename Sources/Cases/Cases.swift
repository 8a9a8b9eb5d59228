// Module Cases.
