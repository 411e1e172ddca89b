"""Captive portal: one self-contained page served on every path of the hotspot's HTTP port.

Phones probe well-known URLs (``/generate_204``, ``/hotspot-detect.html``) after joining a network;
answering all of them with this page makes the OS pop it up. The page has no external assets
(the phone has no internet), works without JavaScript, and escapes every string it did not write
itself: SSIDs come from anyone within radio range.
"""

from __future__ import annotations

import html
import logging
from typing import TYPE_CHECKING

from aiohttp import web

from provisioning.credentials import pasted_config
from provisioning.errors import InvalidInputError
from provisioning.profiles import validate_wifi

if TYPE_CHECKING:
    from provisioning.manager import Provisioner

log = logging.getLogger(__name__)

MAX_FORM_BYTES = 64 * 1024

_CSS = """
body{font-family:system-ui,sans-serif;margin:0;background:#f4f5f7;color:#1d1f23}
main{max-width:32rem;margin:0 auto;padding:1rem}
h1{font-size:1.3rem}.box{background:#fff;border-radius:.5rem;padding:1rem;margin:.8rem 0;box-shadow:0 1px 3px #0002}
ul{list-style:none;padding:0;margin:0}
li.network label{display:flex;gap:.5rem;padding:.5rem 0;border-bottom:1px solid #eee}
.ssid{flex:1;overflow-wrap:anywhere}.meta{color:#667;font-size:.85rem;white-space:nowrap}
input[type=text],input[type=password],textarea{width:100%;box-sizing:border-box;padding:.5rem;font-size:1rem}
textarea{height:6rem;font-family:monospace;font-size:.8rem}button{padding:.7rem 1.2rem;font-size:1rem;margin-top:.8rem}
.note{color:#667;font-size:.85rem}.error{background:#fde8e8;color:#8a1c1c}.progress{background:#e8f1fd;color:#1c3f8a}
"""

_JS = """
function el(tag, cls, text){
  const e=document.createElement(tag);if(cls)e.className=cls;
  if(text!==undefined)e.textContent=text;return e;}
async function refreshStatus(){
  try{const s=await (await fetch('/status.json',{cache:'no-store'})).json();
    document.getElementById('status').textContent=s.progress;
    const le=document.getElementById('last-error');
    const err=(s.last_attempt&&s.last_attempt.last_error)||'';
    le.textContent=err;le.hidden=!err;
  }catch(e){}
}
async function refreshNetworks(){
  try{const nets=await (await fetch('/networks.json',{cache:'no-store'})).json();
    const list=document.getElementById('networks');
    const chosen=(document.querySelector('input[name=ssid]:checked')||{}).value;
    list.replaceChildren();
    for(const n of nets){const li=el('li','network');const lab=el('label');
      const r=el('input');r.type='radio';r.name='ssid';r.value=n.ssid;r.checked=(n.ssid===chosen);
      lab.append(r,el('span','ssid',n.ssid),el('span','meta security',n.security),
        el('span','meta signal',n.signal+'%'));
      li.append(lab);list.append(li);}
  }catch(e){}
}
setInterval(refreshStatus,1000);setInterval(refreshNetworks,10000);
"""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def render_page(prov: Provisioner, *, form_error: str = "", notice: str = "") -> str:
    """The whole page; every dynamic value goes through ``html.escape``."""
    items = []
    for n in prov.networks():
        items.append(
            '<li class="network"><label>'
            f'<input type="radio" name="ssid" value="{_e(n.ssid)}">'
            f'<span class="ssid">{_e(n.ssid)}</span>'
            f'<span class="meta security">{_e(n.security)}</span>'
            f'<span class="meta signal">{int(n.signal)}%</span>'
            "</label></li>"
        )
    networks = "\n".join(items) or '<li class="empty">No networks found yet; type the name below.</li>'
    last_error = prov.last_attempt.last_error if prov.last_attempt else ""
    creds_field = ""
    if not prov.is_provisioned():
        creds_field = (
            '<p><label for="viamconfig">Machine credentials (paste the viam.json from the Viam app)</label>'
            '<textarea id="viamconfig" name="viamconfig" spellcheck="false"></textarea></p>'
        )
    errors = "".join(f'<div class="box error">{_e(e)}</div>' for e in prov.take_errors())
    maker = f'<p class="note" id="device">{_e(prov.settings.manufacturer)} {_e(prov.settings.model)}</p>'
    form_error_html = f'<div class="box error" id="form-error">{_e(form_error)}</div>' if form_error else ""
    notice_html = f'<div class="box progress" id="notice">{_e(notice)}</div>' if notice else ""
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>Set up {_e(prov.hostname)}</title><style>{_CSS}</style></head>
<body><main>
<h1>Connect {_e(prov.hostname)} to Wi-Fi</h1>
{maker}{form_error_html}{notice_html}{errors}
<div class="box progress"><strong>Status:</strong> <span id="status">{_e(prov.progress)}</span></div>
<div class="box error" id="last-error"{"" if last_error else " hidden"}>{_e(last_error)}</div>
<form class="box" method="post" action="/save">
<h2>Networks</h2>
<ul id="networks">
{networks}
</ul>
<p><label for="other_ssid">Or type a network name</label>
<input type="text" id="other_ssid" name="other_ssid" maxlength="32" autocomplete="off"></p>
<p><label><input type="checkbox" id="hidden" name="hidden" value="1"> Hidden network</label></p>
<p><label for="password">Password</label>
<input type="password" id="password" name="password" maxlength="64" autocomplete="off"></p>
{creds_field}
<button type="submit" id="connect">Connect</button>
</form>
<p class="note">The setup network turns off while the machine joins yours. If that fails,
it comes back and this page shows why.</p>
</main><script>{_JS}</script></body></html>"""


class CaptivePortal:
    """aiohttp server for the portal; ``port=0`` picks a free port (read back from ``port``)."""

    def __init__(self, prov: Provisioner, host: str, port: int) -> None:
        self._prov = prov
        self._host = host
        self._port = port
        self._runner: web.AppRunner | None = None
        self.port = 0

    def __repr__(self) -> str:
        return f"CaptivePortal({self._host}:{self.port or self._port}, running={self._runner is not None})"

    def app(self) -> web.Application:
        app = web.Application(client_max_size=MAX_FORM_BYTES)
        app.router.add_get("/status.json", self._status)
        app.router.add_get("/networks.json", self._networks)
        app.router.add_post("/save", self._save)  # the reference portal's form target and fields
        app.router.add_post("/connect", self._save)  # this portal's earlier form target
        app.router.add_route("*", "/{tail:.*}", self._page)
        return app

    async def start(self) -> None:
        if self._runner is not None:
            return
        runner = web.AppRunner(self.app(), access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, self._host, self._port)
        try:
            await site.start()
        except OSError:
            await runner.cleanup()
            raise
        self._runner = runner
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        log.info("captive portal on http://%s:%d/", self._host, self.port)

    async def close(self) -> None:
        runner, self._runner = self._runner, None
        self.port = 0
        if runner is not None:
            await runner.cleanup()
            log.info("captive portal stopped")

    async def _page(self, request: web.Request) -> web.Response:
        self._prov.touch()
        return self._html(render_page(self._prov))

    async def _status(self, request: web.Request) -> web.Response:
        self._prov.touch()
        return web.json_response(self._prov.status(), headers={"Cache-Control": "no-store"})

    async def _networks(self, request: web.Request) -> web.Response:
        self._prov.touch()
        nets = [{"ssid": n.ssid, "security": n.security, "signal": n.signal} for n in self._prov.networks()]
        return web.json_response(nets, headers={"Cache-Control": "no-store"})

    async def _save(self, request: web.Request) -> web.Response:
        """``ssid``, ``password`` and ``viamconfig`` as the reference's form posts them.

        An SSID is needed only while offline and a config only while the machine has none; the
        pasted config is kept whole. The input is handed over at once (no ExitProvisioning here).
        """
        self._prov.touch()
        try:
            form = await request.post()
        except (ValueError, web.HTTPException) as exc:
            return self._html(render_page(self._prov, form_error=f"could not read the form: {exc}"), 400)
        ssid = str(form.get("other_ssid", "")).strip() or str(form.get("ssid", ""))
        password = str(form.get("password", ""))
        hidden = bool(form.get("hidden"))
        pasted = (str(form.get("viamconfig", "")) or str(form.get("credentials", ""))).strip()
        try:
            if not ssid and not self._prov.is_online:
                raise InvalidInputError("no SSID provided")
            if not pasted and not self._prov.is_provisioned():
                raise InvalidInputError("no device config provided: paste its viam.json")
            config = pasted_config(pasted) if pasted else None
            if ssid:
                validate_wifi(ssid, password)  # check both before staging either
            if config is not None:
                await self._prov.set_machine_credentials(config)
            if ssid:
                await self._prov.set_network_credentials(ssid, password, hidden=hidden)
            await self._prov.submit()
        except InvalidInputError as exc:
            return self._html(render_page(self._prov, form_error=str(exc)), 400)
        notice = (f"Connecting to {ssid}… the setup network will go away for a moment." if ssid
                  else "Device config saved.")
        return self._html(render_page(self._prov, notice=notice))

    @staticmethod
    def _html(body: str, status: int = 200) -> web.Response:
        return web.Response(
            text=body,
            status=status,
            content_type="text/html",
            charset="utf-8",
            headers={"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"},
        )
