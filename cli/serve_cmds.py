"""`quicktakes serve`: the chat in a browser."""

from __future__ import annotations

import argparse

from config import Settings


def add_parsers(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "serve", help="open the chat in a browser (Gradio)",
        description="Serve the chat. Listens on 127.0.0.1 unless --host is given; set "
                    "QUICKTAKES_UI_USER and QUICKTAKES_UI_PASSWORD (or QUICKTAKES_UI_USERS="
                    "'alice:pw1,bob:pw2') to require a login. Conversations are saved in the data "
                    "folder (conversations.sqlite3), each user's or browser's apart; "
                    "QUICKTAKES_UI__SAVE_CONVERSATIONS=false saves nothing. The same server answers "
                    "over HTTP: POST /v1/ask, the OpenAI-compatible POST /v1/chat/completions, "
                    "GET /v1/models, /healthz and /readyz (with a login set, send "
                    "'Authorization: Bearer USER:PASSWORD').",
    )
    p.add_argument("--host", default=None, help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=None, help="port (default 7860)")
    p.set_defaults(func=cmd_serve)


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.factory import build_assistant
    from ui.api import build_routes
    from ui.app import build_app, launch

    import logging

    logging.getLogger("httpx").setLevel(logging.WARNING)  # Gradio's start-up probes of itself
    assistant = build_assistant(settings)
    print(f"QuickTakes Assistant: {len(assistant.library):,} articles, answering with "
          f"{assistant.answerer_name}. Ctrl-C stops.", flush=True)
    history = None
    if settings.ui.save_conversations:
        from history.conversations import HistoryStore

        history = HistoryStore(settings.history_file)
        print(f"Conversations are saved in {settings.history_file} "
              "(QUICKTAKES_UI__SAVE_CONVERSATIONS=false: not saved).", flush=True)
    app = build_app(assistant, settings, history)
    try:
        launch(app, settings, host=args.host, port=args.port, routes=build_routes(assistant, settings))
    except KeyboardInterrupt:
        pass
    finally:
        app.close()
    return 0
