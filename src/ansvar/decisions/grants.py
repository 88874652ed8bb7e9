"""The PostgreSQL rights of the application's production role (docs/reliability.md,
"Append-only records").

The migrations run as the tables' owner; the server, the worker and the commands connect as
a role that may read and add to the decision log, its payloads, the refusals and the access
records, but not change, delete or empty them: only the erasure's three columns of a
payload may be updated (and the trigger of migration 0005 lets through only the erasure
itself). The triggers refuse the same changes to every role; the rights make them refused
before any trigger runs, and stay refused for a role that cannot drop triggers either.
"""

APPEND_ONLY_TABLES = (
    "decisions_entry",
    "decisions_personalpayload",
    "decisions_refusal",
    "decisions_accessrecord",
)
ERASURE_COLUMNS = ("data", "erased_at", "erased_by")


def statements(role: str, schema: str = "public") -> list[str]:
    """The GRANT and REVOKE statements for ``role`` (a name, quoted as it is given), to run
    as the owner after every migration (new tables get no rights by themselves)."""
    tables = ", ".join(APPEND_ONLY_TABLES)
    return [
        f"GRANT USAGE ON SCHEMA {schema} TO {role}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {role}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {role}",
        f"REVOKE UPDATE, DELETE, TRUNCATE ON {tables} FROM {role}",
        f"GRANT UPDATE ({', '.join(ERASURE_COLUMNS)}) ON decisions_personalpayload TO {role}",
    ]
