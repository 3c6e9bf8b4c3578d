#!/usr/bin/env python3
"""A scripted OpenAI-compatible server on loopback, for the assistant's tests.

It serves `GET /v1/models` and `POST /v1/chat/completions` (streamed as server-sent events, or
as one JSON body), replying from a queue of scripted replies, and records every request it gets.
Tests drive it over HTTP:

    POST /_script    a JSON list of replies, appended to the queue
    GET  /_requests  every request so far: method, path, headers, body (parsed JSON when it is),
                     and for a streamed reply `first_delta_at` (Unix seconds its first text was sent)
    POST /_reset     empties the queue and the record

A reply is an object:
    content      text of the reply (streamed in `chunks`, by default a word at a time)
    chunks       explicit list of text deltas (instead of splitting `content`)
    tool_calls   [{"name": ..., "arguments": {...}}]: the reply calls tools instead
    delay_ms     pause before each delta (a slow model)
    status       an HTTP error status to answer with, with `error` as its message
    no_stream    answer a streamed request with a plain JSON body (a server that cannot stream)
With the queue empty, a request gets the reply "(no scripted reply)".

Options: --port (0 picks a free one; the chosen port is printed as `PORT <n>`), --api-key (then
requests without `Authorization: Bearer <key>` get 401), --models (comma-separated model ids;
a request naming another model gets 404 model_not_found).
"""

import argparse
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LOCK = threading.Lock()
QUEUE = []
REQUESTS = []


def error_body(message, kind, code=None):
    return {"error": {"message": message, "type": kind, "param": None, "code": code}}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    options = None

    def log_message(self, *args):
        pass

    def send_json(self, status, value):
        data = json.dumps(value).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def read_body(self):
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            return json.loads(raw) if raw else None
        except ValueError:
            return raw.decode("utf-8", "replace")

    def record(self, body):
        self.entry = {
            "method": self.command,
            "path": self.path,
            "headers": dict(self.headers.items()),
            "body": body,
        }
        with LOCK:
            REQUESTS.append(self.entry)

    def authorized(self):
        key = self.options.api_key
        if not key:
            return True
        if self.headers.get("Authorization") == f"Bearer {key}":
            return True
        self.send_json(401, error_body("Incorrect API key provided", "invalid_request_error", "invalid_api_key"))
        return False

    def do_GET(self):
        if self.path == "/_requests":
            with LOCK:
                return self.send_json(200, list(REQUESTS))
        self.record(None)
        if self.path.rstrip("/") == "/v1/models":
            if not self.authorized():
                return
            models = [{"id": m, "object": "model", "created": 0, "owned_by": "test"} for m in self.options.models]
            return self.send_json(200, {"object": "list", "data": models})
        self.send_json(404, error_body(f"no route {self.path}", "invalid_request_error"))

    def do_POST(self):
        body = self.read_body()
        if self.path == "/_script":
            with LOCK:
                QUEUE.extend(body or [])
            return self.send_json(200, {"queued": len(QUEUE)})
        if self.path == "/_reset":
            with LOCK:
                QUEUE.clear()
                REQUESTS.clear()
            return self.send_json(200, {})
        self.record(body)
        if self.path.rstrip("/") != "/v1/chat/completions":
            return self.send_json(404, error_body(f"no route {self.path}", "invalid_request_error"))
        if not self.authorized():
            return
        model = (body or {}).get("model")
        if self.options.models and model not in self.options.models:
            return self.send_json(
                404,
                error_body(f"The model `{model}` does not exist", "invalid_request_error", "model_not_found"),
            )
        with LOCK:
            reply = QUEUE.pop(0) if QUEUE else {"content": "(no scripted reply)"}
        if "status" in reply:
            return self.send_json(reply["status"], error_body(reply.get("error", "scripted error"), "server_error"))
        if (body or {}).get("stream") and not reply.get("no_stream"):
            return self.stream(model, reply)
        return self.send_json(200, completion(model, reply))

    def stream(self, model, reply):
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        delay = reply.get("delay_ms", 0) / 1000

        def send(delta, finish=None):
            chunk = {
                "id": "chatcmpl-test",
                "object": "chat.completion.chunk",
                "created": int(time.time()),
                "model": model,
                "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
            }
            self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
            self.wfile.flush()

        try:
            send({"role": "assistant", "content": ""})
            calls = reply.get("tool_calls")
            if calls:
                for i, call in enumerate(calls):
                    if delay:
                        time.sleep(delay)
                    args = json.dumps(call.get("arguments", {}))
                    send(
                        {
                            "tool_calls": [
                                {
                                    "index": i,
                                    "id": f"call_{i}_{int(time.time() * 1000)}",
                                    "type": "function",
                                    "function": {"name": call["name"], "arguments": ""},
                                }
                            ]
                        }
                    )
                    # Arguments arrive in pieces, as real providers send them.
                    half = len(args) // 2
                    for piece in (args[:half], args[half:]):
                        send({"tool_calls": [{"index": i, "function": {"arguments": piece}}]})
                send({}, "tool_calls")
            else:
                for i, piece in enumerate(deltas(reply)):
                    if delay:
                        time.sleep(delay)
                    if i == 0:
                        # When the first text left, for measuring what the client adds.
                        self.entry["first_delta_at"] = time.time()
                    send({"content": piece})
                send({}, "stop")
            self.wfile.write(b"data: [DONE]\n\n")
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            # The client stopped reading (the user pressed Stop).
            pass


def deltas(reply):
    if "chunks" in reply:
        return reply["chunks"]
    text = reply.get("content", "")
    pieces, word = [], ""
    for ch in text:
        word += ch
        if ch in " \n":
            pieces.append(word)
            word = ""
    if word:
        pieces.append(word)
    return pieces


def completion(model, reply):
    message = {"role": "assistant", "content": reply.get("content", "")}
    finish = "stop"
    if reply.get("tool_calls"):
        message["content"] = None
        message["tool_calls"] = [
            {
                "id": f"call_{i}",
                "type": "function",
                "function": {"name": c["name"], "arguments": json.dumps(c.get("arguments", {}))},
            }
            for i, c in enumerate(reply["tool_calls"])
        ]
        finish = "tool_calls"
    return {
        "id": "chatcmpl-test",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [{"index": 0, "message": message, "finish_reason": finish}],
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--api-key", default="")
    parser.add_argument("--models", default="test-model")
    options = parser.parse_args()
    options.models = [m for m in options.models.split(",") if m]
    Handler.options = options
    server = ThreadingHTTPServer(("127.0.0.1", options.port), Handler)
    server.daemon_threads = True
    print(f"PORT {server.server_address[1]}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    sys.exit(0)


if __name__ == "__main__":
    main()
