"""The one SQLite connection under many tasks at once (issue 12, item 6): no shared-cursor
errors ("another row available", "database table is locked"), no read seeing another task's
half-done transaction, and /forget_me's checkpoint never failing the erasure."""

from __future__ import annotations

import asyncio
import random
from pathlib import Path

from db.database import Database
from db.repositories.users import UserRepository
from services.privacy import forget_user
from services.question_log import log_question

USERS = range(700, 720)


async def test_fifty_tasks_mixing_reads_writes_and_forget(tmp_path: Path) -> None:
    db = await Database(tmp_path / "load.sqlite3").connect()
    try:
        users = UserRepository(db)
        for uid in USERS:
            await users.touch(uid, first_name=f"User{uid}")
            await users.update_profile(uid, full_name=f"Full Name {uid}", phone=f"+99670000{uid}")
        rng = random.Random(12)
        errors: list[BaseException] = []
        torn: list[int] = []

        async def writer(n: int) -> None:
            uid = rng.choice(USERS)
            for i in range(8):
                await log_question(
                    db, user_id=uid, text=f"суроо {n}-{i}", lang="ky", status="answered", results=[]
                )
                # a transaction that reads with its own cursor, awaits, then writes
                async with db.transaction() as conn:
                    async with conn.execute("SELECT count(*) FROM questions") as cur:
                        (count,) = await cur.fetchone()
                    await asyncio.sleep(0)
                    await conn.execute(
                        "UPDATE users SET updated_at = ? WHERE id = ?", (str(count), uid)
                    )

        async def balanced(n: int) -> None:
            # two writes in one transaction: a read outside it sees both or neither
            for _ in range(8):
                async with db.transaction() as conn:
                    await conn.execute("UPDATE users SET language = 'ru' WHERE id = 700")
                    await asyncio.sleep(0)
                    await conn.execute("UPDATE users SET language = 'ru' WHERE id = 701")
                    await asyncio.sleep(0)
                    await conn.execute("UPDATE users SET language = 'ky' WHERE id IN (700, 701)")

        async def reader(n: int) -> None:
            for _ in range(15):
                rows = await db.fetchall("SELECT id, language FROM users WHERE id IN (700, 701)")
                langs = {r["language"] for r in rows}
                if len(langs) != 1:
                    torn.append(n)
                await db.fetchone("SELECT * FROM questions ORDER BY id DESC")
                await db.fetchval("SELECT count(*) FROM users")
                await asyncio.sleep(0)

        async def forgetter(n: int) -> None:
            report = await forget_user(db, USERS[n])
            assert report.checkpointed, "checkpoint skipped although it ran between transactions"

        async def guarded(coro) -> None:  # type: ignore[no-untyped-def]
            try:
                await coro
            except BaseException as exc:  # collected: every error, not just the first
                errors.append(exc)

        tasks = (
            [writer(n) for n in range(20)]
            + [balanced(n) for n in range(5)]
            + [reader(n) for n in range(20)]
            + [forgetter(n) for n in range(5)]
        )
        assert len(tasks) == 50
        rng.shuffle(tasks)
        await asyncio.wait_for(asyncio.gather(*(guarded(t) for t in tasks)), timeout=60)

        assert errors == [], [repr(e) for e in errors[:5]]
        assert torn == []  # no read saw half of another task's transaction
        assert await db.fetchval("SELECT count(*) FROM questions") == 20 * 8
        for uid in USERS[:5]:
            user = await users.get(uid)
            assert user is not None and (user.full_name, user.phone) == (None, None)
        assert (await users.get(USERS[5])).full_name == f"Full Name {USERS[5]}"  # type: ignore[union-attr]
        assert await db.fetchval("PRAGMA integrity_check") == "ok"
    finally:
        await db.close()
