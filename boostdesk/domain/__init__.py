"""Pure business rules: no Qt, no peewee, no I/O."""
