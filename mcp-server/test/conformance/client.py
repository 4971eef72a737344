"""The MCP server as an external client sees it: the official MCP Python SDK (the `mcp` package pinned in
toolchain/versions.env) against a running Drover MCP server, over Streamable HTTP (/mcp) and legacy HTTP+SSE (/sse and
/messages), plus raw HTTP for what lies below the SDK (parse errors, batches, session headers, the bearer scheme).

Prints one JSON line per check, {"transport", "check", "ok", "detail"}, and exits 0 unless the script itself breaks:
conformance.test.ts starts the server, runs this once and makes each line a test.

    client.py --base http://127.0.0.1:PORT --token TOKEN --user viewer --namespace NS --tools k8s_get,k8s_describe,...
"""

from __future__ import annotations

import argparse
import json
import re
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import anyio
import httpx2
from jsonschema import Draft7Validator
from mcp import types
from mcp.client.session import ClientSession
from mcp.client.sse import sse_client
from mcp.client.streamable_http import streamable_http_client
from mcp.shared.exceptions import MCPError

INVALID_PARAMS = -32602
RESOURCE_NOT_FOUND = -32002
INVALID_REQUEST = -32600
PARSE_ERROR = -32700
ACCEPT = "application/json, text/event-stream"


@dataclass(frozen=True)
class Target:
    base: str
    token: str
    user: str
    namespace: str
    tools: list[str]

    def headers(self, scheme: str = "Bearer") -> dict[str, str]:
        return {"Authorization": f"{scheme} {self.token}", "X-Drover-User": self.user}


class RawRequest(types.Request[dict[str, Any] | None, str]):
    """Any method with any params, for requests the SDK's typed helpers would never send."""


def expect(condition: bool, detail: str) -> None:
    if not condition:
        raise AssertionError(detail)


async def error_of(request: Awaitable[Any]) -> MCPError:
    """The JSON-RPC error a request gets; fails the check when it succeeds instead."""
    try:
        result = await request
    except MCPError as err:
        return err
    raise AssertionError(f"expected a JSON-RPC error, got a result: {result!r:.300}")


async def expect_error(request: Awaitable[Any], code: int, message: str | re.Pattern[str]) -> str:
    err = await error_of(request)
    matches = message.search(err.message) if isinstance(message, re.Pattern) else err.message == message
    expect(err.code == code and bool(matches), f"expected {code} {message!r}, got {err.code} {err.message!r}")
    return f"{err.code} {err.message}"


def empty_schemas(schema: Any, at: str) -> list[str]:
    """Where a JSON Schema has a sub-schema {} (any value), following only the keywords that hold schemas."""
    if not isinstance(schema, dict):
        return []
    if not schema:
        return [at]
    found = [p for key in ("additionalProperties", "items", "propertyNames", "not") for p in empty_schemas(schema.get(key), f"{at}.{key}")]
    found += [
        p
        for key in ("anyOf", "oneOf", "allOf")
        for i, sub in enumerate(schema.get(key) or [])
        for p in empty_schemas(sub, f"{at}.{key}[{i}]")
    ]
    found += [
        p
        for key in ("properties", "definitions", "$defs")
        for name, sub in (schema.get(key) or {}).items()
        for p in empty_schemas(sub, f"{at}.{name}")
    ]
    return found


async def valid_output(session: ClientSession, tools: dict[str, types.Tool], name: str, arguments: dict[str, Any]) -> str:
    """Calls a read tool and validates its structuredContent against the outputSchema tools/list gave for it."""
    result = await session.call_tool(name, arguments)
    expect(isinstance(result, types.CallToolResult) and not result.is_error, f"{name} {arguments} failed: {result!r:.400}")
    schema = tools[name].output_schema
    expect(schema is not None, f"{name} has no outputSchema")
    if error := next(Draft7Validator(schema).iter_errors(result.structured_content), None):
        raise AssertionError(f"{name} {arguments}: {error.message} at {list(error.path)}")
    return f"{name} {json.dumps(arguments)}: {result.structured_content.get('kind')} view valid"


Check = Callable[[], Awaitable[str]]


def sdk_checks(session: ClientSession, target: Target, tools: dict[str, types.Tool]) -> dict[str, Check]:
    """The checks made through the SDK's own session: the same on every transport."""
    ns = target.namespace

    async def tools_list() -> str:
        names = sorted(tools)
        expect(names == sorted(target.tools), f"listed {names}, the server offers {sorted(target.tools)}")
        return f"{len(names)} tools"

    async def output_k8s_get() -> str:
        calls = [{"kind": "namespaces"}, {"kind": "deployment", "name": "web", "namespace": ns}]
        return "; ".join([await valid_output(session, tools, "k8s_get", args) for args in calls])

    async def output_k8s_rollout_status() -> str:
        calls = [{"action": action, "name": "web", "namespace": ns} for action in ("status", "history")]
        return "; ".join([await valid_output(session, tools, "k8s_rollout_status", args) for args in calls])

    async def rollout_split() -> str:
        reads, writes = tools["k8s_rollout_status"], tools["k8s_rollout"]
        expect(reads.annotations is not None and reads.annotations.read_only_hint is True, "k8s_rollout_status is not readOnlyHint")
        expect(writes.annotations is not None and writes.annotations.read_only_hint is False, "k8s_rollout is readOnlyHint")
        read_actions = reads.input_schema["properties"]["action"]["enum"]
        write_actions = writes.input_schema["properties"]["action"]["enum"]
        expect(read_actions == ["status", "history"], f"k8s_rollout_status actions: {read_actions}")
        expect(write_actions == ["restart", "undo", "pause", "resume"], f"k8s_rollout actions: {write_actions}")
        return f"reads {read_actions}, changes {write_actions}"

    async def patch_schema() -> str:
        schema = tools["k8s_patch"].input_schema
        Draft7Validator.check_schema(schema)
        empty = empty_schemas(schema, "k8s_patch")
        expect(not empty, f"empty schemas at {empty}")
        patch = Draft7Validator(schema)
        for value in ({"spec": {"replicas": 3}}, [{"op": "remove", "path": "/metadata/labels/x"}], '{"spec":{}}'):
            args = {"kind": "deployment", "name": "web", "patch": value}
            expect(patch.is_valid(args), f"the schema refuses the patch {value!r}")
        expect(
            not patch.is_valid({"kind": "deployment", "name": "web", "patch": [{"op": "rename", "path": "/a"}]}),
            "the schema takes op=rename",
        )
        return "a valid JSON Schema, no {} in it, takes object, operations and JSON text"

    async def unknown_tool() -> str:
        return await expect_error(
            session.call_tool("k8s_nope", {}), INVALID_PARAMS, 'unknown tool "k8s_nope": tools/list shows the tools this server offers.'
        )

    async def call_without_name() -> str:
        request = session.send_request(RawRequest(method="tools/call", params={"arguments": {}}), types.EmptyResult)
        return await expect_error(request, INVALID_PARAMS, "tools/call needs params.name.")

    async def call_arguments_not_object() -> str:
        request = session.send_request(
            RawRequest(method="tools/call", params={"name": "k8s_get", "arguments": ["pods"]}), types.EmptyResult
        )
        return await expect_error(request, INVALID_PARAMS, "tools/call: params.arguments must be an object.")

    async def read_without_uri() -> str:
        request = session.send_request(RawRequest(method="resources/read", params={}), types.EmptyResult)
        return await expect_error(request, INVALID_PARAMS, "resources/read needs params.uri.")

    async def read_missing() -> str:
        uri = f"k8s://namespaces/{ns}/configmap/drover-none"
        return await expect_error(
            session.read_resource(uri), RESOURCE_NOT_FOUND, re.compile(rf"^cannot read {re.escape(uri)}: .*not found")
        )

    async def read_forbidden() -> str:
        uri = f"k8s://namespaces/{ns}/secret/anything"
        pattern = re.compile(rf'^cannot read {re.escape(uri)}: .*User "{target.user}" cannot get resource "secrets"')
        return await expect_error(session.read_resource(uri), RESOURCE_NOT_FOUND, pattern)

    async def list_cursor() -> str:
        request = session.list_tools(params=types.PaginatedRequestParams(cursor="bm90LWEtY3Vyc29y"))
        return await expect_error(request, INVALID_PARAMS, "invalid cursor: tools/list answers in one page and never hands out a cursor.")

    return {
        "tools-list": tools_list,
        "output-k8s-get": output_k8s_get,
        "output-k8s-rollout-status": output_k8s_rollout_status,
        "rollout-split": rollout_split,
        "patch-schema": patch_schema,
        "unknown-tool": unknown_tool,
        "call-without-name": call_without_name,
        "call-arguments-not-object": call_arguments_not_object,
        "read-without-uri": read_without_uri,
        "read-missing": read_missing,
        "read-forbidden": read_forbidden,
        "list-cursor": list_cursor,
    }


def sse_events(text: str) -> list[dict[str, Any]]:
    return [json.loads(line[6:]) for line in text.splitlines() if line.startswith("data: ")]


def jsonrpc_error(response: httpx2.Response) -> tuple[int, int, str]:
    body = response.json()
    return response.status_code, body["error"]["code"], body["error"]["message"]


def initialize(version: str) -> dict[str, Any]:
    client = {"name": "conformance", "version": "0"}
    return {
        "jsonrpc": "2.0",
        "id": 1,
        "method": "initialize",
        "params": {"protocolVersion": version, "capabilities": {}, "clientInfo": client},
    }


async def raw_session(http: httpx2.AsyncClient, target: Target, version: str) -> dict[str, str]:
    """A Streamable HTTP session opened by hand at this protocol version: the headers its later requests carry."""
    opened = await http.post(f"{target.base}/mcp", json=initialize(version), headers={**target.headers(), "Accept": ACCEPT})
    expect(opened.status_code == 200, f"initialize at {version}: HTTP {opened.status_code} {opened.text:.200}")
    agreed = sse_events(opened.text)[0]["result"]["protocolVersion"]
    expect(agreed == version, f"asked for {version}, the server agreed on {agreed}")
    headers = {**target.headers(), "Accept": ACCEPT, "Mcp-Session-Id": opened.headers["mcp-session-id"], "Mcp-Protocol-Version": version}
    initialized = await http.post(f"{target.base}/mcp", json={"jsonrpc": "2.0", "method": "notifications/initialized"}, headers=headers)
    expect(initialized.status_code == 202, f"notifications/initialized: HTTP {initialized.status_code}")
    return headers


@asynccontextmanager
async def raw_sse(http: httpx2.AsyncClient, target: Target, scheme: str = "Bearer") -> AsyncIterator[str]:
    """A legacy SSE stream opened by hand; yields the URL its messages are posted to."""
    async with http.stream("GET", f"{target.base}/sse", headers={**target.headers(scheme), "Accept": "text/event-stream"}) as stream:
        expect(stream.status_code == 200, f"GET /sse with {scheme!r}: HTTP {stream.status_code}")
        text = ""
        async for chunk in stream.aiter_text():
            text += chunk
            if endpoint := re.search(r"event: endpoint\r?\ndata: (.*)\r?\n", text):
                yield f"{target.base}{endpoint.group(1)}"
                return
        raise AssertionError(f"the SSE stream ended before naming its endpoint: {text!r}")


def http_checks(http: httpx2.AsyncClient, target: Target) -> dict[str, dict[str, Check]]:
    """Checks below the SDK, as raw HTTP requests, per transport."""
    mcp_url = f"{target.base}/mcp"
    batch = [{"jsonrpc": "2.0", "id": 2, "method": "tools/list"}, {"jsonrpc": "2.0", "id": 3, "method": "ping"}]

    async def parse_error() -> str:
        response = await http.post(
            mcp_url,
            content=b'{"jsonrpc": "2.0", "id": 1, "method": ',
            headers={**target.headers(), "Accept": ACCEPT, "Content-Type": "application/json"},
        )
        got = jsonrpc_error(response)
        expect(got[:2] == (400, PARSE_ERROR), f"got {got}")
        return f"HTTP {got[0]}, {got[1]} {got[2]}"

    async def batch_refused() -> str:
        headers = await raw_session(http, target, "2025-11-25")
        got = jsonrpc_error(await http.post(mcp_url, json=batch, headers=headers))
        expect(got[:2] == (400, INVALID_REQUEST), f"got {got}")
        single = await http.post(mcp_url, json=batch[0], headers=headers)
        expect(single.status_code == 200, f"a single request after the refused batch: HTTP {single.status_code}")
        return f"HTTP {got[0]}, {got[1]} {got[2]}"

    async def batch_kept() -> str:
        headers = await raw_session(http, target, "2025-03-26")
        response = await http.post(mcp_url, json=batch, headers=headers)
        expect(response.status_code == 200, f"HTTP {response.status_code} {response.text:.200}")
        answered = sorted(event["id"] for event in sse_events(response.text) if "result" in event)
        expect(answered == [2, 3], f"answered ids {answered}")
        return "both requests of the batch answered"

    async def session_id_missing() -> str:
        statuses = {}
        for method in ("GET", "DELETE"):
            response = await http.request(method, mcp_url, headers={**target.headers(), "Accept": "text/event-stream"})
            statuses[method] = response.status_code
        expect(statuses == {"GET": 400, "DELETE": 400}, f"got {statuses}")
        return f"{statuses}"

    async def session_id_unknown() -> str:
        statuses = {}
        for method in ("GET", "DELETE"):
            headers = {**target.headers(), "Accept": "text/event-stream", "Mcp-Session-Id": "no-such-session"}
            statuses[method] = (await http.request(method, mcp_url, headers=headers)).status_code
        expect(statuses == {"GET": 404, "DELETE": 404}, f"got {statuses}")
        return f"{statuses}"

    async def bearer_lowercase() -> str:
        response = await http.post(mcp_url, json=initialize("2025-11-25"), headers={**target.headers("bearer"), "Accept": ACCEPT})
        expect(response.status_code == 200, f"HTTP {response.status_code} {response.text:.200}")
        return "initialize with 'bearer <token>': HTTP 200"

    async def sse_parse_error() -> str:
        async with raw_sse(http, target) as messages:
            got = jsonrpc_error(
                await http.post(messages, content=b'[{"jsonrpc"', headers={**target.headers(), "Content-Type": "application/json"})
            )
        expect(got[:2] == (400, PARSE_ERROR), f"got {got}")
        return f"HTTP {got[0]}, {got[1]} {got[2]}"

    async def sse_batch_refused() -> str:
        async with raw_sse(http, target) as messages:
            got = jsonrpc_error(await http.post(messages, json=batch, headers=target.headers()))
        expect(got[:2] == (400, INVALID_REQUEST), f"got {got}")
        return f"HTTP {got[0]}, {got[1]} {got[2]}"

    async def sse_bearer_lowercase() -> str:
        async with raw_sse(http, target, "bearer"):
            return "GET /sse with 'bearer <token>': the stream names its endpoint"

    return {
        "streamable-http": {
            "parse-error": parse_error,
            "batch-refused": batch_refused,
            "batch-kept": batch_kept,
            "session-id-missing": session_id_missing,
            "session-id-unknown": session_id_unknown,
            "bearer-lowercase": bearer_lowercase,
        },
        "sse": {"parse-error": sse_parse_error, "batch-refused": sse_batch_refused, "bearer-lowercase": sse_bearer_lowercase},
    }


async def run(transport: str, checks: dict[str, Check]) -> None:
    for name, check in checks.items():
        try:
            print(json.dumps({"transport": transport, "check": name, "ok": True, "detail": await check()}), flush=True)
        except Exception as err:  # noqa: BLE001 - every failure of a check is reported as that check's result
            print(json.dumps({"transport": transport, "check": name, "ok": False, "detail": f"{type(err).__name__}: {err}"}), flush=True)


@asynccontextmanager
async def sdk_session(transport: str, http: httpx2.AsyncClient, target: Target) -> AsyncIterator[ClientSession]:
    """An initialized session of the SDK's own client on this transport."""
    if transport == "streamable-http":
        connection = streamable_http_client(f"{target.base}/mcp", http_client=http)
    else:
        connection = sse_client(f"{target.base}/sse", headers=target.headers())
    async with connection as (read, write), ClientSession(read, write) as session:
        await session.initialize()
        yield session


async def main(target: Target) -> None:
    async with httpx2.AsyncClient(headers=target.headers(), timeout=60) as http:
        for transport in ("streamable-http", "sse"):
            async with sdk_session(transport, http, target) as session:
                tools = {tool.name: tool for tool in (await session.list_tools()).tools}
                await run(transport, sdk_checks(session, target, tools))
        for transport, checks in http_checks(http, target).items():
            await run(transport, checks)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    for option in ("base", "token", "user", "namespace", "tools"):
        parser.add_argument(f"--{option}", required=True)
    args = parser.parse_args()
    anyio.run(main, Target(args.base, args.token, args.user, args.namespace, args.tools.split(",")))
