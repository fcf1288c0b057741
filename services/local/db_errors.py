"""Translate what PostgreSQL said into a refusal the user can read.

The SQLSTATE decides: RLS and column privileges say 42501, constraints say
23xxx/22xxx, our functions raise P0002 for "not found".
"""

from __future__ import annotations

import psycopg
from psycopg import errors as pg

from services.errors import ErrorCode, RelaisError
from services.text import refusal_for_constraint

_BY_SQLSTATE: dict[str, ErrorCode] = {
    "42501": ErrorCode.FORBIDDEN,  # insufficient_privilege, RLS with check
    "P0002": ErrorCode.NOT_FOUND,  # no_data_found
    "23514": ErrorCode.INVALID_INPUT,  # check_violation
    "23502": ErrorCode.INVALID_INPUT,  # not_null_violation
    "23503": ErrorCode.INVALID_INPUT,  # foreign_key_violation
    "23505": ErrorCode.INVALID_INPUT,  # unique_violation
    "22001": ErrorCode.INVALID_INPUT,  # string_data_right_truncation
    "22007": ErrorCode.INVALID_INPUT,  # invalid_datetime_format
    "22008": ErrorCode.INVALID_INPUT,  # datetime_field_overflow
    "22003": ErrorCode.INVALID_INPUT,  # numeric_value_out_of_range
    "22023": ErrorCode.INVALID_INPUT,  # invalid_parameter_value
    "22P02": ErrorCode.INVALID_INPUT,  # invalid_text_representation (bad uuid, enum)
    "P0001": ErrorCode.INVALID_INPUT,  # raise_exception from our functions
    "42883": ErrorCode.NOT_FOUND,  # undefined_function
    "42P01": ErrorCode.NOT_FOUND,  # undefined_table
    "42703": ErrorCode.INVALID_INPUT,  # undefined_column
    # Raised by supabase/migrations (PostgREST answers PTxyz with HTTP status xyz).
    "PT429": ErrorCode.TOO_MANY_ATTEMPTS,  # more than 30 messages a minute
    "RLCLS": ErrorCode.CONVERSATION_CLOSED,  # the match has ended
    "RLCAP": ErrorCode.PEER_AT_CAPACITY,  # the peer supporter has no free place
}


# A user call stopped by its statement or lock timeout (data_api.become_user).
# psycopg files both under OperationalError, like a dead connection, so they are
# told apart first: the connection is fine and a retry may well work.
_TIMEOUTS = frozenset({"57014", "55P03"})  # query_canceled, lock_not_available


# The database cannot write: disk_full, insufficient_resources, io_error. Not
# 53300 (too_many_connections) nor 53200 (out_of_memory): a retry may work.
CANNOT_WRITE = frozenset({"53100", "53000", "58030"})


def refusal_from_database(error: psycopg.Error) -> RelaisError:
    if error.sqlstate in CANNOT_WRITE:
        return RelaisError(ErrorCode.DISK_FULL, error.diag.message_primary or str(error))
    if error.sqlstate in _TIMEOUTS:
        return RelaisError(ErrorCode.TIMED_OUT, error.diag.message_primary or str(error))
    if isinstance(error, psycopg.OperationalError | pg.ConnectionTimeout):
        return RelaisError(ErrorCode.UNREACHABLE, str(error))
    code = _BY_SQLSTATE.get(error.sqlstate or "", ErrorCode.INVALID_INPUT)
    message = error.diag.message_primary or str(error)
    if error.sqlstate == "23514":  # the free-text rule's constraints say which text
        code = refusal_for_constraint(error.diag.constraint_name) or code
    return RelaisError(code, message)
