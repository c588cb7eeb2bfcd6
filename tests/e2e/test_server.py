"""Starting and stopping the sandbox: serve() in a thread, `cubicasa sandbox` in a subprocess, loopback only."""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
import time

import httpx
import pytest

from cubicasa_sandbox import SandboxConfig, check_host, run_forever, serve

# The one command line that runs the sandbox: the client's `cubicasa sandbox`.
CUBICASA_SANDBOX = [
    sys.executable,
    "-c",
    "from cubicasa_integrate.cli import main; raise SystemExit(main())",
    "sandbox",
]


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.10", "example.com", "::"])
def test_non_loopback_hosts_are_refused(host: str) -> None:
    with pytest.raises(ValueError, match="loopback"), serve(host=host):
        pass  # pragma: no cover
    with pytest.raises(ValueError, match="loopback"):
        run_forever(host=host, port=0)
    check_host(host, allow_non_loopback=True)  # explicitly allowed: no error


def test_serve_picks_a_port_and_stops_even_with_a_request_in_flight() -> None:
    outcome: list[str] = []
    with serve(SandboxConfig(api_key="k"), port=0, log_level="critical") as running:
        assert running.port > 0
        assert running.base_url == f"http://127.0.0.1:{running.port}/api/integrate/v3"
        assert httpx.get(running.base_url + "/users", headers={"api-key": "k"}).status_code == 200

        def slow_call() -> None:
            try:
                httpx.get(
                    running.base_url + "/users",
                    headers={"api-key": "k", "x-sandbox-fault": "slow;seconds=20"},
                    timeout=30,
                )
                outcome.append("answered")
            except httpx.TransportError as error:
                outcome.append(type(error).__name__)

        caller = threading.Thread(target=slow_call)
        caller.start()
        time.sleep(0.2)
        started = time.monotonic()
    stopped_in = time.monotonic() - started
    caller.join(10)
    assert stopped_in < 8  # bounded by uvicorn's graceful-shutdown timeout (1 s) and serve()'s join
    assert outcome  # the in-flight call ended one way or the other
    with pytest.raises(httpx.ConnectError):
        httpx.get(running.base_url + "/users", headers={"api-key": "k"}, timeout=2)


def test_ipv6_loopback(web: httpx.Client) -> None:
    try:
        with serve(host="::1", log_level="critical") as running:
            assert running.root_url.startswith("http://[::1]:")
            assert web.get(running.spec_url).status_code == 200
    except OSError as error:  # pragma: no cover - a machine without IPv6
        pytest.skip(f"no IPv6 loopback: {error}")


def test_the_command_line_serves_until_interrupted() -> None:
    orders = 12  # not the spec's operation count: how many orders --orders seeds, and the page lists
    command = [*CUBICASA_SANDBOX, "--port", "0", "--orders", str(orders), "--sandbox-key", "cli"]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as process:
        try:
            assert process.stdout is not None
            banner = process.stdout.readline()
            assert banner.startswith("CubiCasa sandbox on http://127.0.0.1:")
            root = banner.split(" on ", 1)[1].strip()
            response = None
            for _ in range(200):  # uvicorn starts right after the banner
                try:
                    response = httpx.get(f"{root}/api/integrate/v3/orders?limit=50", headers={"api-key": "cli"})
                    break
                except httpx.ConnectError:
                    time.sleep(0.02)
            assert response is not None
            assert len(response.json()["items"]) == orders
        finally:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:  # pragma: no cover
                process.kill()
                process.wait(5)
    assert process.returncode == 0


def test_the_command_line_rejects_a_public_host() -> None:
    command = [*CUBICASA_SANDBOX, "--host", "0.0.0.0", "--port", "0"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=30)
    assert result.returncode == 2
    assert "loopback" in result.stderr
