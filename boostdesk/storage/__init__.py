"""The only package that imports peewee: database, tables, migrations, queries."""
