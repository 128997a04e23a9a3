"""Pure domain rules: no database, no terminal, standard library only."""
