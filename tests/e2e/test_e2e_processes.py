"""The two commands a newcomer meets, as real processes talking HTTP over loopback:
`main.py sandbox` and `main.py run` against a standalone emulator (`python -m sandbox`)."""

from __future__ import annotations

import asyncio
import os
import socket
import sys
from pathlib import Path

import pytest

from sandbox.client import EmulatorClient
from tests.conftest import REPO_ROOT

pytestmark = pytest.mark.e2e


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def wait_http(url: str, proc: asyncio.subprocess.Process, timeout: float = 60) -> None:
    import aiohttp

    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    async with aiohttp.ClientSession() as http:
        while loop.time() < deadline:
            if proc.returncode is not None:
                raise AssertionError(f"process exited with {proc.returncode}")
            try:
                async with http.get(url) as resp:
                    if resp.status == 200:
                        return
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.2)
    raise AssertionError(f"{url} did not come up")


def clean_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"BOT_TOKEN", "TELEGRAM_API_BASE", "WEBHOOK_URL", "ADMIN_IDS"}
    }
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'e2e.sqlite3'}"
    env.update(extra)
    return env


async def stop(proc: asyncio.subprocess.Process) -> None:
    if proc.returncode is None:
        proc.terminate()
        try:
            await asyncio.wait_for(proc.wait(), 20)
        except TimeoutError:
            proc.kill()
            await proc.wait()


async def start_and_pick_language(client: EmulatorClient, user_id: int) -> dict:
    await client.send_message(user_id, "/start", first_name="Айбек", language_code="ky")
    picker = await client.wait_for_bot_message(user_id, contains="Тилди тандаңыз", timeout=30)
    await client.press_button(user_id, user_id, picker["message_id"], "lang:ru")
    return await client.wait_for_bot_message(user_id, contains="Здравствуйте", timeout=15)


async def test_run_answers_start_over_http(tmp_path: Path) -> None:
    port = free_port()
    emulator = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "sandbox",
        "--port",
        str(port),
        "--no-rate-limits",
        cwd=REPO_ROOT,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
    )
    bot = None
    try:
        await wait_http(f"http://127.0.0.1:{port}/", emulator)
        env = clean_env(
            tmp_path,
            BOT_TOKEN="1234567:run-test-token",
            TELEGRAM_API_BASE=f"http://127.0.0.1:{port}",
        )
        bot = await asyncio.create_subprocess_exec(
            sys.executable,
            str(REPO_ROOT / "main.py"),
            "run",
            cwd=tmp_path,
            env=env,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.DEVNULL,
        )
        async with EmulatorClient(f"http://127.0.0.1:{port}") as client:
            welcome = await start_and_pick_language(client, 4242)
            keyboard = [b["text"] for row in welcome["reply_markup"]["keyboard"] for b in row]
            assert "❓ Задать вопрос" in keyboard
            commands = await client.calls("setMyCommands")
            assert {c["params"].get("language_code") for c in commands} >= {"ky", "ru"}
    finally:
        if bot is not None:
            await stop(bot)
        await stop(emulator)
    assert bot.returncode == 0 or bot.returncode == -15  # graceful on SIGTERM


async def test_sandbox_command_serves_chat_page_and_bot(tmp_path: Path) -> None:
    port = free_port()
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        str(REPO_ROOT / "main.py"),
        "sandbox",
        "--port",
        str(port),
        "--database",
        str(tmp_path / "sandbox.sqlite3"),
        cwd=tmp_path,
        env=clean_env(tmp_path),
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
    )
    try:
        await wait_http(f"http://127.0.0.1:{port}/", proc)
        async with EmulatorClient(f"http://127.0.0.1:{port}") as client:
            # the simulated people the README lists, by name (never "User 2001")
            names = {u["id"]: u["first_name"] for u in await client._call("GET", "users")}
            assert (names[1001], names[2001], names[3001]) == ("Айбек", "Нургуль", "Бакыт")
            await start_and_pick_language(client, 1001)
            # A real question gets an answer with a citation from the bundled knowledge base.
            await client.send_message(1001, "Постановление 513 о программе развития МСУ")
            answer = await client.wait_for_bot_message(1001, contains="513", timeout=20)
            assert "513" in answer["text"]
    finally:
        await stop(proc)
