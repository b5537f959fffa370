"""Reviews (rà soát) in the database: readings kept as history, evaluated by the core."""
