"""The documentation builds without a warning, its examples run, and its API
reference documents every name of rauth 0.7.2's (docs section 3.1 and its
index), with rauth 0.7.2's parameters, and every public name of rauth's
modules.

The builds run Sphinx in a subprocess, into temporary directories; the
examples run against rauth.testing.Provider, offline.
"""

from __future__ import annotations

import html
import importlib
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser_support import WIDTHS, chromium, screenshot, set_width

import rauth

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"

#: The methods rauth 0.7.2's reference lists for each session class: its own
#: ``request`` and those it inherits from ``requests.Session``.
SESSION_METHODS = [
    "close",
    "delete",
    "get",
    "get_adapter",
    "head",
    "merge_environment_settings",
    "mount",
    "options",
    "patch",
    "post",
    "prepare_request",
    "put",
    "rebuild_auth",
    "rebuild_proxies",
    "request",
    "resolve_redirects",
    "send",
]

#: Every entry of the index of rauth 0.7.2's documentation, by class: the
#: member and what the index calls it.
REFERENCE = {
    "rauth.OAuth1Service": {
        "consumer_key": "attribute",
        "get_access_token": "method",
        "get_auth_session": "method",
        "get_authorize_url": "method",
        "get_raw_access_token": "method",
        "get_raw_request_token": "method",
        "get_request_token": "method",
        "get_session": "method",
        "request_token_response": "attribute",
        "request_token_url": "attribute",
        "session_obj": "attribute",
        "signature_obj": "attribute",
    },
    "rauth.OAuth2Service": {
        "access_token_response": "attribute",
        "access_token_url": "attribute",
        "client_id": "attribute",
        "get_access_token": "method",
        "get_auth_session": "method",
        "get_authorize_url": "method",
        "get_raw_access_token": "method",
        "get_session": "method",
        "session_obj": "attribute",
    },
    "rauth.OflyService": {
        "app_id": "attribute",
        "get_auth_session": "method",
        "get_authorize_url": "method",
        "get_session": "method",
        "session_obj": "attribute",
        "user_id": "attribute",
    },
    "rauth.OAuth1Session": {
        **dict.fromkeys(SESSION_METHODS, "method"),
        "access_token": "attribute",
        "consumer_key": "attribute",
        "signature": "attribute",
    },
    "rauth.OAuth2Session": {
        **dict.fromkeys(SESSION_METHODS, "method"),
        "access_token": "attribute",
        "access_token_key": "attribute",
        "client_id": "attribute",
    },
    "rauth.OflySession": {
        **dict.fromkeys(SESSION_METHODS, "method"),
        "app_id": "attribute",
        "sign": "static method",
        "user_id": "attribute",
    },
}

#: The signatures of rauth's own classes and methods, as rauth 0.7.2's
#: reference (sections 3.1.1 to 3.1.6) shows them.
SIGNATURES = {
    "rauth.OAuth1Service": (
        "class rauth.OAuth1Service(consumer_key, consumer_secret, name=None, "
        "request_token_url=None, access_token_url=None, authorize_url=None, "
        "base_url=None, session_obj=None, signature_obj=None)"
    ),
    "rauth.OAuth1Service.get_access_token": (
        "get_access_token(request_token, request_token_secret, method='GET', "
        "decoder=<function parse_utf8_qsl>, key_token='oauth_token', "
        "key_token_secret='oauth_token_secret', **kwargs)"
    ),
    "rauth.OAuth1Service.get_auth_session": (
        "get_auth_session(request_token, request_token_secret, method='GET', **kwargs)"
    ),
    "rauth.OAuth1Service.get_authorize_url": "get_authorize_url(request_token, **params)",
    "rauth.OAuth1Service.get_raw_access_token": (
        "get_raw_access_token(request_token, request_token_secret, method='GET', **kwargs)"
    ),
    "rauth.OAuth1Service.get_raw_request_token": "get_raw_request_token(method='GET', **kwargs)",
    "rauth.OAuth1Service.get_request_token": (
        "get_request_token(method='GET', decoder=<function parse_utf8_qsl>, "
        "key_token='oauth_token', key_token_secret='oauth_token_secret', **kwargs)"
    ),
    "rauth.OAuth1Service.get_session": "get_session(token=None, signature=None)",
    "rauth.OAuth2Service": (
        "class rauth.OAuth2Service(client_id, client_secret, name=None, "
        "access_token_url=None, authorize_url=None, base_url=None, session_obj=None"
        # then rauth's own keyword-only arguments
        ", *, redirect_uri=None, scope=None, token_endpoint_auth_method='client_secret_post', "
        "refresh_token_url=None, revocation_url=None, "
        "client_assertion_alg=None, client_key_id=None)"
    ),
    "rauth.OAuth2Service.get_access_token": (
        "get_access_token(method='POST', decoder=<function parse_utf8_qsl>, "
        "key='access_token', **kwargs)"
    ),
    "rauth.OAuth2Service.get_auth_session": "get_auth_session(method='POST', **kwargs)",
    "rauth.OAuth2Service.get_authorize_url": "get_authorize_url(**params)",
    "rauth.OAuth2Service.get_raw_access_token": "get_raw_access_token(method='POST', **kwargs)",
    "rauth.OAuth2Service.get_session": "get_session(token=None" + ", *, token_updater=None)",
    "rauth.OflyService": (
        "class rauth.OflyService(app_id, app_secret, name=None, authorize_url=None, "
        "base_url=None, user_id=None, session_obj=None)"
    ),
    "rauth.OflyService.get_auth_session": "get_auth_session(user_id, **kwargs)",
    "rauth.OflyService.get_authorize_url": "get_authorize_url(**params)",
    "rauth.OflyService.get_session": "get_session(token)",
    "rauth.OAuth1Session": (
        "class rauth.OAuth1Session(consumer_key, consumer_secret, access_token=None, "
        "access_token_secret=None, signature=None, service=None)"
    ),
    "rauth.OAuth1Session.request": (
        "request(method, url, header_auth=False, realm='', **req_kwargs)"
    ),
    "rauth.OAuth1Session.rebuild_auth": "rebuild_auth(prepared_request, response)",
    "rauth.OAuth2Session": (
        "class rauth.OAuth2Session(client_id=None, client_secret=None, access_token=None, "
        "service=None, access_token_key=None"
        # then rauth's own keyword-only arguments
        ", *, token=None, token_updater=None, leeway=60.0, refresh_token_url=None)"
    ),
    "rauth.OAuth2Session.request": "request(method, url, bearer_auth=True, **req_kwargs)",
    "rauth.OflySession": "class rauth.OflySession(app_id, app_secret, user_id=None, service=None)",
    "rauth.OflySession.request": (
        "request(method, url, user_id=None, hash_meth='sha1', **req_kwargs)"
    ),
    "rauth.OflySession.sign": "static sign(url, app_id, app_secret, hash_meth='sha1', **params)",
}

#: Modules whose every public name (``__all__``) the reference documents,
#: with where: under the module, or under ``rauth`` (the services and
#: sessions, documented as rauth 0.7 did).
DOCUMENTED_MODULES = {
    "rauth.oauth": ("rauth.oauth",),
    "rauth.prepared": ("rauth.prepared",),
    "rauth.auth": ("rauth.auth",),
    "rauth.utils": ("rauth.utils",),
    "rauth.errors": ("rauth.errors",),
    "rauth.service": ("rauth.service", "rauth"),
    "rauth.session": ("rauth.session", "rauth", "rauth.oauth"),
    "rauth.tokens": ("rauth.tokens", "rauth"),
    "rauth.client_auth": ("rauth.client_auth",),
    "rauth.authorization": ("rauth.authorization", "rauth"),
    "rauth.refresh": ("rauth.refresh",),
    "rauth.hooks": ("rauth.hooks",),
    "rauth.quirks": ("rauth.quirks",),
    "rauth.flows": ("rauth.flows",),
    "rauth.transport": ("rauth.transport", "rauth"),
    "rauth.limits": ("rauth.limits",),
}

#: The page of each part of the reference.
API_PAGE = "api.html"
TESTING_PAGE = "api_testing.html"

#: An object description: its kind, then its signatures (several for
#: ``.. py:data:: A`` followed by ``B`` on the next line), then its body.
_DESCRIPTION = re.compile(r'<dl class="py (?P<kind>[a-z]+)">(?P<signatures>.*?)<dd>', re.DOTALL)
_SIGNATURE = re.compile(
    r'<dt class="sig sig-object py" id="(?P<id>[^"]+)">(?P<signature>.*?)</dt>', re.DOTALL
)
_TAG = re.compile(r"<[^>]+>")


def _sphinx(builder: str, out: Path) -> subprocess.CompletedProcess[str]:
    """Build the docs with ``builder`` into ``out``, warnings as errors."""
    pytest.importorskip("sphinx", reason='the docs build needs Sphinx: pip install ".[docs]"')
    command = [
        sys.executable,
        "-m",
        "sphinx",
        "-W",
        "--keep-going",
        "-b",
        builder,
        "-d",
        str(out / ".doctrees"),
        str(DOCS),
        str(out / builder),
    ]
    return subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, timeout=600, check=False
    )


@pytest.fixture(scope="module")
def html_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("docs")
    result = _sphinx("html", out)
    assert result.returncode == 0, result.stdout + result.stderr
    return out / "html"


#: Runs Sphinx with only what ``pip install ".[docs]"`` installs importable:
#: any other installed distribution (pytest-cov, hypothesis, flask, mypy...)
#: fails to import, as in a venv that has only the docs extra.
_ONLY_THE_DOCS_EXTRA = """
import importlib.abc, importlib.metadata as metadata, re, sys
from packaging.requirements import Requirement

def closure(name, extras, seen):
    key = re.sub(r"[-_.]+", "-", name).lower()
    if (key, extras) in seen:
        return
    seen.add((key, extras))
    for text in metadata.requires(name) or []:
        req = Requirement(text)
        if req.marker is None or any(req.marker.evaluate({"extra": e}) for e in extras or ("",)):
            closure(req.name, tuple(sorted(req.extras)), seen)

seen = set()
closure("rauth", ("docs",), seen)
allowed = {key for key, _ in seen}
owners = metadata.packages_distributions()

class OnlyTheDocsExtra(importlib.abc.MetaPathFinder):
    def find_spec(self, fullname, path=None, target=None):
        dists = owners.get(fullname.partition(".")[0])
        if dists and not any(re.sub(r"[-_.]+", "-", d).lower() in allowed for d in dists):
            raise ImportError(f"{fullname} is not installed by the docs extra")
        return None

sys.meta_path.insert(0, OnlyTheDocsExtra())
from sphinx.cmd.build import main
sys.exit(main(sys.argv[1:]))
"""


def _descriptions(page: Path) -> dict[str, tuple[str, str]]:
    """Map each described object's id to its kind and signature text."""
    text = page.read_text(encoding="utf-8")
    found = {}
    for description in _DESCRIPTION.finditer(text):
        for match in _SIGNATURE.finditer(description["signatures"]):
            signature = html.unescape(_TAG.sub("", match["signature"]))
            signature = " ".join(signature.replace("[source]", "").replace("¶", "").split())
            found[match["id"]] = (description["kind"], signature)
    return found


def test_html_builds_with_only_the_docs_extra(tmp_path: Path) -> None:
    # README: pip install ".[docs]", then sphinx-build -W -b html docs ...
    pytest.importorskip("sphinx", reason='the docs build needs Sphinx: pip install ".[docs]"')
    out = tmp_path / "html"
    command = [sys.executable, "-c", _ONLY_THE_DOCS_EXTRA, "-W", "-q", "-b", "html"]
    result = subprocess.run(
        [*command, "-d", str(tmp_path / ".doctrees"), str(DOCS), str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert (out / "api_testing.html").is_file()


def test_the_docs_extra_is_really_enforced(tmp_path: Path) -> None:
    # the same runner refuses what the docs extra does not install
    pytest.importorskip("sphinx", reason='the docs build needs Sphinx: pip install ".[docs]"')
    code = _ONLY_THE_DOCS_EXTRA.replace("from sphinx.cmd.build import main", "import hypothesis")
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert "hypothesis is not installed by the docs extra" in result.stderr


def test_html_builds_without_warnings(html_dir: Path) -> None:
    for page in ("index", "usage", "api", "api_testing", "upgrading", "changelog"):
        assert (html_dir / f"{page}.html").is_file()
    guides = {path.stem for path in (html_dir / "guide").glob("*.html")}
    assert guides == {
        "oauth1",
        "oauth1_stored_tokens",
        "oauth2",
        "oauth2_pkce",
        "oauth2_refresh",
        "oauth2_errors",
        "client_credentials",
        "ofly",
        "testing",
        "debugging",
        "redirects",
        "plain_requests",
        "discovery",
        "openid_connect",
        "private_key_jwt",
        "service_accounts",
        "conformance",
        "provider_quirks",
    }


def test_doctest_runs_every_example(tmp_path: Path) -> None:
    result = _sphinx("doctest", tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    summary = (tmp_path / "doctest" / "output.txt").read_text(encoding="utf-8")
    assert "0 failures in tests" in summary
    total = re.search(r"Doctest summary\n=+\n\s*(\d+) tests", summary)
    assert total is not None, summary
    assert int(total[1]) >= 50, "examples are missing from the doctest run"


#: Where requests documents a method of its Session class.
REQUESTS_SESSION_URL = "https://requests.readthedocs.io/en/latest/api/#requests.Session.{}"


def _class_section(page: Path, owner: str) -> str:
    """The HTML of the description of the class *owner*, members included."""
    text = page.read_text(encoding="utf-8")
    start = text.index(f'id="{owner}"')
    following = text.find('<dl class="py class">', start)
    return text[start : following if following > 0 else len(text)]


def _linked(section: str, member: str) -> bool:
    """Whether a class's section links to an inherited method's entry."""
    targets = (f'href="#rauth.session.RauthSession.{member}"', REQUESTS_SESSION_URL.format(member))
    return any(target in section for target in targets)


@pytest.mark.parametrize("owner", sorted(REFERENCE))
def test_reference_documents_rauth_07_names(html_dir: Path, owner: str) -> None:
    # each class documents what it defines; what a session inherits (from
    # RauthSession or requests.Session) is linked to where it is documented
    described = _descriptions(html_dir / API_PAGE)
    section = _class_section(html_dir / API_PAGE, owner)
    assert described[owner][0] == "class"
    for member, kind in REFERENCE[owner].items():
        name = f"{owner}.{member}"
        if name not in described and member in SESSION_METHODS:
            assert _linked(section, member), f"{name} is neither documented nor linked"
            continue
        assert name in described, f"{name} is not in the API reference"
        if kind == "static method":
            assert described[name][0] == "method"
            assert described[name][1].startswith("static ")
        else:
            assert described[name][0] in (kind, "property"), name


@pytest.mark.parametrize(
    "owner", ["rauth.OAuth1Session", "rauth.OAuth2Session", "rauth.OflySession"]
)
def test_reference_links_inherited_members_instead_of_repeating_them(
    html_dir: Path, owner: str
) -> None:
    described = _descriptions(html_dir / API_PAGE)
    section = _class_section(html_dir / API_PAGE, owner)
    for member in ("close", "mount", "send", "get_adapter", "resolve_redirects"):
        assert f"{owner}.{member}" not in described, f"{owner}.{member} is repeated"
        assert REQUESTS_SESSION_URL.format(member) in section
    for verb in ("get", "post", "put", "patch", "delete", "head", "options"):
        assert f"{owner}.{verb}" not in described  # documented once, on RauthSession
        assert f"rauth.session.RauthSession.{verb}" in described
        assert f'href="#rauth.session.RauthSession.{verb}"' in section
    assert f"{owner}.request" in described  # its own


@pytest.mark.parametrize("name", sorted(SIGNATURES))
def test_reference_shows_rauth_07_signatures(html_dir: Path, name: str) -> None:
    described = _descriptions(html_dir / API_PAGE)
    assert described[name][1] == SIGNATURES[name]


@pytest.mark.parametrize("module_name", sorted(DOCUMENTED_MODULES))
def test_reference_documents_every_public_name(html_dir: Path, module_name: str) -> None:
    described = _descriptions(html_dir / API_PAGE)
    module = importlib.import_module(module_name)
    assert f'id="module-{module_name}"' in (html_dir / API_PAGE).read_text(encoding="utf-8")
    for name in module.__all__:
        places = [f"{where}.{name}" for where in DOCUMENTED_MODULES[module_name]]
        assert any(place in described for place in places), f"{module_name}.{name}"


def test_reference_documents_the_compat_helpers(html_dir: Path) -> None:
    described = _descriptions(html_dir / API_PAGE)
    assert {"rauth.compat.is_basestring", "rauth.compat.iteritems"} <= set(described)


def test_testing_reference_documents_the_provider_and_the_fixture(html_dir: Path) -> None:
    testing = importlib.import_module("rauth.testing")
    described = _descriptions(html_dir / TESTING_PAGE)
    for name in testing.__all__:
        places = (f"rauth.testing.{name}", f"rauth.testing.store.{name}")
        assert any(place in described for place in places), f"rauth.testing.{name}"
    public = [name for name in vars(testing.Provider) if not name.startswith("_")]
    for name in public:
        assert f"rauth.testing.Provider.{name}" in described, name
    assert "rauth.testing.pytest_plugin.oauth_provider" in described


def test_changelog_page_includes_the_changelog(html_dir: Path) -> None:
    page = (html_dir / "changelog.html").read_text(encoding="utf-8")
    for line in (ROOT / "CHANGELOG").read_text(encoding="utf-8").splitlines():
        if line.startswith("Changes in Version"):
            assert html.escape(line, quote=False) in page, line


def test_index_has_the_readme_commands() -> None:
    console = re.compile(r"\.\. code-block:: console\n\n((?:    .*\n|\n)+)")
    readme = (ROOT / "README.rst").read_text(encoding="utf-8")
    index = (DOCS / "index.rst").read_text(encoding="utf-8")
    commands = [block.strip() for block in console.findall(readme) if "/python -m" in block]
    assert len(commands) == 2
    for command in commands:
        assert command in index


def test_examples_named_in_the_usage_page_exist() -> None:
    usage = (DOCS / "usage.rst").read_text(encoding="utf-8")
    named = set(re.findall(r"``(examples/[\w./-]+\.py)``", usage))
    assert named
    for path in named:
        assert (ROOT / path).is_file(), path


def test_pytest_example_of_the_testing_guide_passes(tmp_path: Path) -> None:
    # the guide shows conftest.py, myapp.py and test_myapp.py as a project's
    # files: run them as one, with warnings as errors
    pytest.importorskip("oauthlib", reason='rauth.testing needs pip install "rauth[testing]"')
    for source in (DOCS / "examples" / "testing").glob("*.py"):
        shutil.copy(source, tmp_path / source.name)
    (tmp_path / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-W", "error"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 passed" in result.stdout


# -- The rendered pages, in a real browser ------------------------------------

#: The pages checked in headless Chromium, at a laptop's and a phone's width.
RENDERED_PAGES = [
    "index",
    "usage",
    "api",
    "api_testing",
    "upgrading",
    "changelog",
    "security",
    *(f"guide/{guide}" for guide in sorted(p.stem for p in (DOCS / "guide").glob("*.rst"))),
]

#: Code blocks wider than their box (clipped behind a scrollbar).
_CLIPPED_BLOCKS = """
const found = [];
for (const pre of document.querySelectorAll("pre")) {
  if (pre.offsetParent !== null && pre.scrollWidth > pre.clientWidth + 1) {
    const text = pre.textContent.slice(0, 80);
    found.push(`clipped (${pre.scrollWidth}px > ${pre.clientWidth}px): ${text}`);
  }
}
return found;
"""
#: Lines of Python code (not output: a doctest's answer, a log line) that do
#: not fit their block unwrapped. Shell commands, kept as the README has them,
#: and output may wrap; Python is written to fit.
_WRAPPED_CODE_LINES = """
const found = [];
for (const block of document.querySelectorAll(
    "div.highlight-python pre, div.highlight-default pre, div.highlight-pycon pre")) {
  if (block.offsetParent === null) continue;
  const lines = block.textContent.split("\\n");
  const doctest = lines.some((line) => line.startsWith(">>>"));
  const code = lines.filter(
    (line) => !doctest || line.startsWith(">>>") || line.startsWith("..."));
  // the block's code alone, unwrapped, in a copy of the block
  const copy = block.cloneNode(false);
  copy.style.whiteSpace = "pre";
  block.parentNode.appendChild(copy);
  for (const line of code) {
    copy.textContent = line;
    if (copy.scrollWidth > copy.clientWidth + 1) {
      found.push(`${copy.scrollWidth}px > ${copy.clientWidth}px: ${line}`);
    }
  }
  copy.remove();
}
return found;
"""


@pytest.fixture(scope="module")
def chrome() -> Iterator[Any]:
    with chromium() as driver:
        yield driver


@pytest.mark.parametrize("width", list(WIDTHS))
def test_no_code_block_overflows_in_a_browser(html_dir: Path, chrome: Any, width: str) -> None:
    # No code hides behind a scrollbar: on a phone long lines wrap
    # (rauth.css); at a laptop's width Python samples fit unwrapped.
    overflowing = {}
    for page in RENDERED_PAGES:
        set_width(chrome, width)
        chrome.get((html_dir / f"{page}.html").as_uri())
        found = chrome.execute_script(_CLIPPED_BLOCKS)
        if width == "desktop":
            found += chrome.execute_script(_WRAPPED_CODE_LINES)
        page_width = chrome.execute_script("return document.documentElement.scrollWidth")
        if page_width > WIDTHS[width][0]:
            found.append(f"the page is {page_width}px wide")
        if found:
            overflowing[page] = found
        screenshot(chrome, f"docs-{width}-{page.replace('/', '-')}")
    assert not overflowing, "\n".join(f"{p}: {found}" for p, found in overflowing.items())


def test_every_page_shows_the_version(html_dir: Path) -> None:
    title = f"rauth {rauth.__version__}"
    pages = sorted(html_dir.rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        text = page.read_text(encoding="utf-8")
        # the sidebar's brand (laptop) and the top bar's (phone)
        assert f'<span class="sidebar-brand-text">{title}</span>' in text, page
        assert f'<div class="brand">{title}</div>' in text, page


def test_the_quick_start_shows_the_demo_output(html_dir: Path) -> None:
    # index.rst's "Try it" runs python -m rauth.demo --flow oauth1 at build time
    page = html.unescape(_TAG.sub("", (html_dir / "index.html").read_text(encoding="utf-8")))
    for line in (
        "== OAuth 1.0a ==",
        ">>> token, token_secret = service.get_request_token(",
        "-> GET http://127.0.0.1:",
        "oauth1: ok, the provider saw alice in every signed call",
        "Done: oauth1 worked.",
    ):
        assert line in page, line


#: The OAuth 2 names of issue 10, by where the reference documents them.
OAUTH2_NAMES = [
    "rauth.OAuth2Service.authorization_request",
    "rauth.OAuth2Service.get_auth_session_from_callback",
    "rauth.OAuth2Service.get_token",
    "rauth.OAuth2Service.get_password_session",
    "rauth.OAuth2Service.get_client_credentials_session",
    "rauth.OAuth2Service.revoke_token",
    "rauth.OAuth2Service.register_compliance_hook",
    "rauth.OAuth2Session.refresh",
    "rauth.OAuth2Session.token",
    "rauth.OAuth2Session.token_updater",
    "rauth.OAuth2Session.leeway",
    "rauth.OAuth2Token",
    "rauth.OAuth2Token.is_expired",
    "rauth.OAuth2Token.expires_at",
    "rauth.OAuth2Error",
    "rauth.AuthorizationRequest",
    "rauth.AuthorizationRequest.to_dict",
    "rauth.AuthorizationRequest.from_dict",
    # issue 11
    "rauth.OAuth2Service.get_assertion_session",
    "rauth.OAuth2Session.token_renewer",
    "rauth.OAuth2Service.from_metadata",
    "rauth.OAuth2Session.id_token_claims",
    "rauth.OAuth2Session.userinfo",
]


@pytest.mark.parametrize("name", OAUTH2_NAMES)
def test_reference_documents_the_oauth2_names(html_dir: Path, name: str) -> None:
    assert name in _descriptions(html_dir / API_PAGE)
