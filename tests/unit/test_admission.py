"""Admission (services/local/admission.py): per-conversation turns and the read reserve."""

from __future__ import annotations

import asyncio

import pytest

from services.errors import ErrorCode, RelaisError
from services.local.admission import (
    IN_FLIGHT_PER_KEY,
    Admission,
    reserved_for_reads,
    turn_key,
)


def test_only_sends_queue_by_conversation() -> None:
    assert turn_key("send_message", {"conversation_id": "AB-12"}) == "conversation:ab-12"
    assert turn_key("send_message", {"conversation_id": None}) is None
    assert turn_key("mark_conversation_read", {"conversation_id": "ab"}) is None
    assert turn_key("send_message", None) is None


@pytest.mark.parametrize(("size", "reserved"), [(1, 0), (2, 1), (4, 1), (10, 2), (20, 5)])
def test_a_quarter_of_the_pool_is_kept_for_reads(size: int, reserved: int) -> None:
    assert reserved_for_reads(size) == reserved


async def test_one_conversation_has_two_calls_in_flight_and_forgets_them() -> None:
    admission = Admission(10)
    inside = 0
    most = 0
    release = asyncio.Event()

    async def call() -> None:
        nonlocal inside, most
        async with admission.enter(writes=True, key="conversation:x", turn_s=5, place_s=5):
            inside += 1
            most = max(most, inside)
            await release.wait()
            inside -= 1

    calls = [asyncio.create_task(call()) for _ in range(6)]
    await asyncio.sleep(0.05)
    assert inside == IN_FLIGHT_PER_KEY == 2
    release.set()
    await asyncio.gather(*calls)
    assert most == 2
    assert admission.queued_keys == 0  # nothing kept once the calls are done


async def test_a_call_waits_for_its_turn_no_longer_than_its_patience() -> None:
    admission = Admission(10)
    release = asyncio.Event()

    async def hold() -> None:
        async with admission.enter(writes=False, key="conversation:x", turn_s=5, place_s=5):
            await release.wait()

    holders = [asyncio.create_task(hold()) for _ in range(IN_FLIGHT_PER_KEY)]
    await asyncio.sleep(0.01)
    with pytest.raises(RelaisError) as refused:
        async with admission.enter(writes=False, key="conversation:x", turn_s=0.05, place_s=5):
            pass
    assert refused.value.code is ErrorCode.TIMED_OUT
    # Another conversation is not held up at all.
    async with admission.enter(writes=False, key="conversation:y", turn_s=0.05, place_s=5):
        pass
    release.set()
    await asyncio.gather(*holders)
    assert admission.queued_keys == 0


async def test_writers_leave_the_reserve_free() -> None:
    admission = Admission(4)  # three writers, one connection kept for reads
    release = asyncio.Event()

    async def write() -> None:
        async with admission.enter(writes=True, key=None, turn_s=5, place_s=5):
            await release.wait()

    writers = [asyncio.create_task(write()) for _ in range(3)]
    await asyncio.sleep(0.01)
    with pytest.raises(RelaisError) as refused:
        async with admission.enter(writes=True, key=None, turn_s=5, place_s=0.05):
            pass
    assert refused.value.code is ErrorCode.UNREACHABLE
    async with admission.enter(writes=False, key=None, turn_s=5, place_s=0.05):
        pass  # a read goes straight on
    release.set()
    await asyncio.gather(*writers)
