"""A small fake Telegram Bot API server: the real aiogram talks HTTP to it on 127.0.0.1, and tests read what it sent.

    with FakeTelegram() as telegram:          # or the ``fake_telegram`` fixture
        bot = Bot(token, session=AiohttpSession(api=TelegramAPIServer.from_base(telegram.base_url)))
        telegram.push_update(telegram.make_message_update("/start"))
        ...
        telegram.wait_for("sendMessage")[0].params["text"]

Form and query values (urlencoded or multipart, as aiogram sends them) stay strings, except the JSON-valued fields in
``JSON_FIELDS``, which are decoded. Uploaded files land in ``Call.files`` under the parameter that referenced
them (``photo``, ``media.0``, ``media.1.thumbnail``…); parts nobody referenced keep their own field name.
"""

import asyncio
import contextlib
import itertools
import json
import threading
import time
from dataclasses import dataclass, field

from aiohttp import web

BOT_USERNAME = "qala_test_bot"
LONG_POLL_CAP = 1.0  # seconds getUpdates waits for a new update, whatever timeout the client asks for
JSON_FIELDS = {
    "allowed_updates", "caption_entities", "commands", "entities", "link_preview_options", "media", "menu_button",
    "reply_markup", "reply_parameters", "results", "scope",
}  # fmt: skip
ERRORS = {400: "Bad Request: invalid request", 403: "Forbidden: bot was blocked by the user", 429: "Too Many Requests"}
USER_ID = 700_000_001


@dataclass
class Call:
    method: str
    params: dict
    files: dict[str, bytes] = field(default_factory=dict)
    error_code: int | None = None  # set when the call was answered by ``fail_next``


class ApiError(Exception):
    def __init__(self, error_code, description, retry_after=None):
        super().__init__(description)
        self.payload = {"ok": False, "error_code": error_code, "description": description}
        if retry_after is not None:
            self.payload["parameters"] = {"retry_after": retry_after}


class FakeTelegram:
    def __init__(self, bot_token="123456:TEST-TOKEN", host="127.0.0.1", port=0):
        self.bot_token, self.host, self.port, self.base_url = bot_token, host, port, None
        self._lock = threading.Condition()
        self._calls: list[Call] = []
        self._updates: list[dict] = []
        self._failures: dict[str, list[ApiError]] = {}
        self._files: dict[str, tuple[str, bytes]] = {}  # file_id -> (file_path, content)
        self._messages: dict[tuple[int, int], dict] = {}  # (chat_id, message_id) -> last state of a bot message
        self._ids = itertools.count(1)  # message, update, callback and file ids all come from here
        self._loop = self._thread = self._runner = self._new_update = None
        self._closing = False

    # --- lifecycle -------------------------------------------------------------------------------------------
    def start(self):
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="fake-telegram", daemon=True)
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._serve(), self._loop).result(timeout=10)
        return self

    def stop(self):
        if self._loop is None:
            return
        self._closing = True  # a pending long poll answers at once instead of holding the shutdown
        self._loop.call_soon_threadsafe(self._new_update.set)
        asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(timeout=10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)
        self._loop.close()
        self._loop = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc_info):
        self.stop()

    async def _serve(self):
        self._new_update = asyncio.Event()
        app = web.Application(client_max_size=64 * 2**20)
        app.router.add_route("*", "/bot{token}/{method}", self._api)
        app.router.add_get("/file/bot{token}/{path:.+}", self._download)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1)
        await self._runner.setup()
        await web.TCPSite(self._runner, self.host, self.port).start()
        self.base_url = f"http://{self.host}:{self._runner.addresses[0][1]}"

    # --- test helpers ----------------------------------------------------------------------------------------
    def calls(self, method=None) -> list[Call]:
        with self._lock:
            return [c for c in self._calls if method is None or c.method.lower() == method.lower()]

    def wait_for(self, method, count=1, timeout=5.0) -> list[Call]:
        """Block until ``count`` calls of ``method`` were made (from sync code, while the bot runs elsewhere)."""
        with self._lock:
            if self._lock.wait_for(lambda: len(self.calls(method)) >= count, timeout):
                return self.calls(method)
        raise self._missing(method, count, timeout)

    async def wait_for_async(self, method, count=1, timeout=5.0) -> list[Call]:
        """The same, awaited on the loop the bot runs on (a blocking wait would freeze the bot)."""
        deadline = time.monotonic() + timeout
        while len(self.calls(method)) < count and time.monotonic() < deadline:
            await asyncio.sleep(0.01)
        if len(self.calls(method)) < count:
            raise self._missing(method, count, timeout)
        return self.calls(method)

    def _missing(self, method, count, timeout):
        seen = [c.method for c in self.calls()]
        return AssertionError(f"expected {count} {method} call(s) within {timeout}s; calls so far: {seen}")

    def clear(self):
        with self._lock:
            self._calls.clear()

    def add_file(self, file_id, content: bytes) -> str:
        with self._lock:
            self._files[file_id] = (f"files/{file_id}", content)
        return file_id

    def push_update(self, update: dict) -> dict:
        with self._lock:
            self._updates.append(update)
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._new_update.set)
        return update

    def fail_next(self, method, error_code=403, description=None, *, retry_after=None):
        if error_code == 429 and retry_after is None:
            retry_after = 1
        error = ApiError(error_code, description or ERRORS.get(error_code, "Error"), retry_after)
        with self._lock:
            self._failures.setdefault(method.lower(), []).append(error)

    def bot_user(self, token=None) -> dict:
        bot_id = int((token or self.bot_token).split(":")[0])
        return {"id": bot_id, "is_bot": True, "first_name": "Qala", "username": BOT_USERNAME}

    # --- update builders: valid Update dicts from a resident in a private chat ---------------------------------
    def make_message_update(self, text, *, user_id=USER_ID, first_name="Aigerim", language_code="kk", **message):
        if text.startswith("/"):
            message.setdefault("entities", [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}])
        return self._incoming(user_id, first_name, language_code, text=text, **message)

    def make_callback_update(self, data, *, message_id=None, user_id=USER_ID, first_name="Aigerim", language_code="kk"):
        """A tap on an inline button of the bot's message ``message_id`` (default: its last one in that chat)."""
        with self._lock:
            mine = [m for (chat, mid), m in self._messages.items() if chat == user_id and message_id in (None, mid)]
        message = dict(mine[-1]) if mine else self._message(user_id, text="…", message_id=message_id)
        query = {"id": str(next(self._ids)), "from": _user(user_id, first_name, language_code), "data": data}
        query.update(chat_instance=str(user_id), message=message)
        return {"update_id": next(self._ids), "callback_query": query}

    def make_photo_update(self, content=b"", *, caption=None, user_id=USER_ID, **kwargs):
        photo = self._photo_sizes(None, content)
        return self._incoming(user_id, photo=photo, **({"caption": caption} if caption else {}), **kwargs)

    def make_location_update(self, latitude, longitude, *, user_id=USER_ID, **kwargs):
        return self._incoming(user_id, location={"latitude": latitude, "longitude": longitude}, **kwargs)

    def make_contact_update(self, phone_number, *, user_id=USER_ID, first_name="Aigerim", own=True, **kwargs):
        contact = {"phone_number": phone_number, "first_name": first_name, **({"user_id": user_id} if own else {})}
        return self._incoming(user_id, first_name, contact=contact, **kwargs)

    def make_sticker_update(self, *, user_id=USER_ID, **kwargs):
        sticker = {"file_id": f"sticker-{next(self._ids)}", "file_unique_id": "sticker", "type": "regular"}
        sticker.update(width=512, height=512, is_animated=False, is_video=False, emoji="👍")
        return self._incoming(user_id, sticker=sticker, **kwargs)

    def _incoming(self, user_id, first_name="Aigerim", language_code="kk", **content):
        sender = _user(user_id, first_name, language_code)
        message = self._message(user_id, sender=sender, **content)
        message["chat"]["first_name"] = first_name
        return {"update_id": next(self._ids), "message": message}

    # --- the Bot API -----------------------------------------------------------------------------------------
    async def _api(self, request):
        method = request.match_info["method"]
        params, uploads = await _read(request)
        files = _attachments(params, uploads)
        with self._lock:
            failures = self._failures.get(method.lower())
            failure = failures.pop(0) if failures else None
            self._calls.append(Call(method, params, files, failure and failure.payload["error_code"]))
            self._lock.notify_all()
        try:
            if failure:
                raise failure
            if method.lower() == "getupdates":
                result = await self._get_updates(params)
            else:
                result = self._answer(method.lower(), request.match_info["token"], params, files)
        except ApiError as error:
            return web.json_response(error.payload, status=error.payload["error_code"])
        return web.json_response({"ok": True, "result": result})

    async def _download(self, request):
        with self._lock:
            found = [content for path, content in self._files.values() if path == request.match_info["path"]]
        return web.Response(body=found[0]) if found else web.Response(status=404, text="Not Found")

    async def _get_updates(self, params):
        offset, limit = int(params.get("offset") or 0), int(params.get("limit") or 100)
        deadline = time.monotonic() + min(float(params.get("timeout") or 0), LONG_POLL_CAP)
        while True:
            self._new_update.clear()
            with self._lock:
                self._updates = [u for u in self._updates if u["update_id"] >= offset]  # offset confirms older ones
                ready = self._updates[:limit]
            if ready or self._closing or time.monotonic() >= deadline:
                return ready
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._new_update.wait(), deadline - time.monotonic())

    def _answer(self, method, token, params, files):
        if method == "getme":
            return self.bot_user(token)
        if method == "getfile":
            with self._lock:
                path, content = self._files.get(params.get("file_id"), (None, b""))
            if path is None:
                raise ApiError(400, "Bad Request: invalid file_id")
            return {"file_id": params["file_id"], "file_unique_id": f"u{params['file_id']}", "file_path": path}
        chat_id, sender = _chat_id(params.get("chat_id")), self.bot_user(token)
        caption = {"caption": params["caption"]} if params.get("caption") else {}
        if method == "sendphoto":
            photo = self._photo_sizes(params.get("photo"), files.get("photo"))
            return self._sent(params, chat_id, sender, photo=photo, **caption)
        if method == "sendmediagroup":
            group = str(next(self._ids))
            return [
                self._sent(params, chat_id, sender, media_group_id=group, **self._media(item, files.get(f"media.{i}")))
                for i, item in enumerate(params.get("media") or [])
            ]
        if method == "sendlocation":
            location = {"latitude": float(params["latitude"]), "longitude": float(params["longitude"])}
            return self._sent(params, chat_id, sender, location=location)
        if method.startswith("send") and method != "sendchataction":
            return self._sent(params, chat_id, sender, **({"text": params["text"]} if "text" in params else caption))
        if method in ("editmessagetext", "editmessagecaption", "editmessagereplymarkup"):
            return self._edit(method, params, chat_id, sender)
        return True

    def _sent(self, params, chat_id, sender, **content):
        return self._keep(params, self._message(chat_id, sender=sender, **content))

    def _keep(self, params, message):
        """Remember the bot's message (for edits and callbacks) with the inline keyboard the call gave it."""
        message.pop("reply_markup", None)  # an edit without a keyboard drops it, as in Telegram
        if isinstance(params.get("reply_markup"), dict) and "inline_keyboard" in params["reply_markup"]:
            message["reply_markup"] = params["reply_markup"]
        with self._lock:
            self._messages[(message["chat"]["id"], message["message_id"])] = message
        return message

    def _edit(self, method, params, chat_id, sender):
        if params.get("inline_message_id"):
            return True
        message_id = int(params.get("message_id") or 0)
        with self._lock:
            message = dict(self._messages.get((chat_id, message_id)) or self._message(chat_id, message_id=message_id))
        message.update(edit_date=int(time.time()), **{"from": sender})
        if method != "editmessagereplymarkup":
            key = "text" if method == "editmessagetext" else "caption"
            message[key] = params.get(key, "")
        return self._keep(params, message)

    def _message(self, chat_id, *, sender=None, message_id=None, **content):
        message = {"message_id": message_id or next(self._ids), "date": int(time.time())}
        message.update(chat={"id": chat_id, "type": "private"}, **content)
        message["from"] = sender or self.bot_user()
        return message

    def _photo_sizes(self, sent, content):
        with self._lock:
            known = self._files.get(sent) if content is None and isinstance(sent, str) else None
        if known:  # a file_id sent again
            file_id, content = sent, known[1]
        else:
            file_id = self.add_file(f"photo-{next(self._ids)}", content or b"")
        size = {"file_id": file_id, "file_unique_id": f"u{file_id}", "file_size": len(content or b"")}
        return [{**size, "width": 90, "height": 90}, {**size, "width": 1280, "height": 960}]

    def _media(self, item, content):
        """One album item: a photo, or (videos, documents, audio) a plain document, which every client parses."""
        caption = {"caption": item["caption"]} if item.get("caption") else {}
        if item.get("type") == "photo":
            return {"photo": self._photo_sizes(item.get("media"), content), **caption}
        file_id = self.add_file(f"document-{next(self._ids)}", content or b"")
        return {"document": {"file_id": file_id, "file_unique_id": f"u{file_id}"}, **caption}


async def _read(request) -> tuple[dict, dict[str, bytes]]:
    """Parameters from the query (GET), a JSON body, or a urlencoded/multipart form; file parts as bytes."""
    if request.method != "GET" and request.content_type == "application/json":
        return (await request.json() if request.can_read_body else {}), {}
    params, uploads = {}, {}
    for name, value in (request.query if request.method == "GET" else await request.post()).items():
        if isinstance(value, web.FileField):
            uploads[name] = value.file.read()
        else:
            params[name] = _decoded(value) if name in JSON_FIELDS else value
    return params, uploads


def _attachments(params, uploads) -> dict[str, bytes]:
    """Map ``attach://name`` references (top level, or inside ``media``) to the uploaded bytes."""
    files, used = {}, set()

    def take(key, value):
        if isinstance(value, str) and value.startswith("attach://") and value[9:] in uploads:
            files[key] = uploads[value[9:]]
            used.add(value[9:])

    for key, value in params.items():
        take(key, value)
    media = params.get("media")
    for prefix, item in enumerate(media) if isinstance(media, list) else [("", media)]:
        if isinstance(item, dict):
            label = f"media.{prefix}" if prefix != "" else "media"
            take(label, item.get("media"))
            take(f"{label}.thumbnail", item.get("thumbnail"))
    return files | {name: content for name, content in uploads.items() if name not in used}


def _decoded(value):
    try:
        return json.loads(value)
    except ValueError:
        return value


def _chat_id(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1_000_000_000_001  # a "@channel" username: any stable id will do


def _user(user_id, first_name, language_code):
    return {"id": user_id, "is_bot": False, "first_name": first_name, "language_code": language_code}
