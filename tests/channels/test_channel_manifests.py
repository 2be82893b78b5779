"""The shipped manifests and credentials.yml agree with what the channels do (no server)."""
import importlib
import json
import re
from pathlib import Path

import pytest
import yaml
from PIL import Image

ROOT = Path(__file__).resolve().parents[2]
SECRET_ENV = [
    "SLACK_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_API_URL", "MICROSOFT_APP_ID",
    "MICROSOFT_APP_PASSWORD", "MICROSOFT_TENANT_ID", "SOCKETIO_JWT_KEY", "SOCKETIO_CORS_ORIGINS",
]


def _load_channel(key):
    if "." not in key:
        from rasa.core.channels import BUILTIN_CHANNELS

        return BUILTIN_CHANNELS[key]
    module, cls = key.rsplit(".", 1)
    return getattr(importlib.import_module(module), cls)


def test_slack_manifest_has_exactly_the_needed_scopes_and_events():
    manifest = yaml.safe_load((ROOT / "manifests" / "slack-app.yml").read_text())
    assert set(manifest["oauth_config"]["scopes"]["bot"]) == {"app_mentions:read", "chat:write", "im:history"}
    assert "user" not in manifest["oauth_config"]["scopes"]
    settings = manifest["settings"]
    assert set(settings["event_subscriptions"]["bot_events"]) == {"app_mention", "message.im"}
    for url in (settings["event_subscriptions"]["request_url"], settings["interactivity"]["request_url"]):
        assert url.startswith("https://") and url.endswith("/webhooks/slack/webhook")
    assert settings["interactivity"]["is_enabled"] is True
    assert settings["socket_mode_enabled"] is False
    assert manifest["features"]["app_home"]["messages_tab_enabled"] is True


def test_teams_manifest_and_icons():
    text = (ROOT / "manifests" / "teams" / "manifest.json").read_text()
    manifest = json.loads(text)
    assert manifest["manifestVersion"] == "1.16"
    assert manifest["bots"][0]["botId"] == "{{MICROSOFT_APP_ID}}"
    assert manifest["bots"][0]["scopes"] == ["personal"]
    assert set(re.findall(r"\{\{(\w+)\}\}", text)) == {"MICROSOFT_APP_ID", "HOST", "DEVELOPER_NAME"}
    color = Image.open(ROOT / "manifests" / "teams" / manifest["icons"]["color"])
    outline = Image.open(ROOT / "manifests" / "teams" / manifest["icons"]["outline"])
    assert color.size == (192, 192)
    assert outline.size == (32, 32) and outline.mode == "RGBA"
    # outline icon: white on transparent only
    raw = outline.tobytes()
    colours = {tuple(raw[i : i + 4]) for i in range(0, len(raw), 4) if raw[i + 3] > 0}
    assert colours and all(px[:3] == (255, 255, 255) for px in colours)


def test_teams_package_fills_placeholders(tmp_path, monkeypatch):
    import sys

    sys.path.insert(0, str(ROOT / "manifests" / "teams"))
    import build_package

    monkeypatch.setenv("MICROSOFT_APP_ID", "11111111-2222-3333-4444-555555555555")
    monkeypatch.setenv("TEAMS_HOST", "bot.example.org")
    monkeypatch.setenv("TEAMS_DEVELOPER_NAME", "Example Ltd")
    out = build_package.build_zip(tmp_path / "app.zip")
    import zipfile

    with zipfile.ZipFile(out) as z:
        assert sorted(z.namelist()) == ["color.png", "manifest.json", "outline.png"]
        manifest = json.loads(z.read("manifest.json"))
    assert manifest["id"] == manifest["bots"][0]["botId"] == "11111111-2222-3333-4444-555555555555"
    assert manifest["validDomains"] == ["bot.example.org"]
    monkeypatch.setenv("MICROSOFT_APP_ID", "not-a-guid")
    with pytest.raises(SystemExit):
        build_package.build_zip(tmp_path / "bad.zip")


def test_credentials_have_no_secrets_and_load_with_an_empty_environment(monkeypatch):
    raw = (ROOT / "credentials.yml").read_text()
    assert "${" not in raw  # Rasa's substitution fails on unset variables
    assert not re.search(r"xox[bp]-|secret\s*:|password\s*:|jwt_key\s*:", raw)
    for name in SECRET_ENV:
        monkeypatch.delenv(name, raising=False)
    credentials = yaml.safe_load(raw)
    assert set(credentials) == {
        "rest", "channels.socketio.SocketIOChannel", "channels.slack.SlackChannel", "channels.teams.TeamsChannel",
    }
    assert credentials["channels.socketio.SocketIOChannel"] == {
        "user_message_evt": "user_uttered", "bot_message_evt": "bot_uttered", "session_persistence": True,
    }
    channels = {key: _load_channel(key).from_credentials(value) for key, value in credentials.items()}
    assert channels["channels.slack.SlackChannel"].enabled is False
    assert channels["channels.teams.TeamsChannel"].enabled is False
    assert channels["channels.socketio.SocketIOChannel"].jwt_key is None
    assert [c.name() for c in channels.values()] == ["rest", "socketio", "slack", "teams"]


def test_socketio_reads_jwt_and_origins_from_the_environment(monkeypatch):
    from channels.socketio import SocketIOChannel

    monkeypatch.setenv("SOCKETIO_JWT_KEY", "k" * 32)
    monkeypatch.setenv("SOCKETIO_CORS_ORIGINS", "https://a.example, https://b.example/")
    channel = SocketIOChannel.from_credentials({"session_persistence": True, "jwt_key": "from-file"})
    assert channel.jwt_key == "k" * 32
    assert channel.allowed_origins == ["https://a.example", "https://b.example"]

    async def noop(_):
        return None

    channel.blueprint(noop)
    assert channel.sio.eio.cors_allowed_origins == ["https://a.example", "https://b.example"]


def test_secrets_in_credentials_file_are_ignored(monkeypatch):
    from channels.slack import SlackChannel
    from channels.teams import TeamsChannel

    for name in SECRET_ENV:
        monkeypatch.delenv(name, raising=False)
    slack = SlackChannel.from_credentials({"slack_token": "xoxb-x", "slack_signing_secret": "s"})
    teams = TeamsChannel.from_credentials({"app_id": "a", "app_password": "p", "tenant_id": "t"})
    assert not slack.enabled and not teams.enabled
    monkeypatch.setenv("MICROSOFT_APP_ID", "a")
    monkeypatch.setenv("MICROSOFT_APP_PASSWORD", "p")
    monkeypatch.setenv("MICROSOFT_TENANT_ID", "contoso.onmicrosoft.com")
    teams = TeamsChannel.from_credentials({})
    assert teams.enabled
    assert teams.token_provider.token_url == (
        "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token"
    )
    assert teams.validator.issuers == ["https://api.botframework.com"]
    assert teams.validator.openid_url == "https://login.botframework.com/v1/.well-known/openidconfiguration"
