"""Content from git: real repositories made here, real `kiosk sync` processes, killed mid-swap."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES

MINI = FIXTURES / "packs" / "mini"
AUTHOR = ["-c", "user.name=Content Team", "-c", "user.email=content@example.org"]


def git(cwd, *args, check=True) -> str:
    done = subprocess.run(["git", *AUTHOR, *args], cwd=cwd, capture_output=True, text=True,
                          env={**os.environ, "LC_ALL": "C"})
    if check:
        assert done.returncode == 0, done.stderr
    return done.stdout.strip()


class Repo:
    """A content team's working copy with a bare remote the kiosks fetch from."""

    def __init__(self, root: Path):
        self.work = root / "work"
        self.remote = root / "remote.git"
        git(root, "init", "--quiet", "--bare", "-b", "main", str(self.remote))
        git(root, "init", "--quiet", "-b", "main", str(self.work))
        for name in ("osten", "westen"):
            shutil.copytree(MINI, self.work / name)

    def commit(self, message, *extra) -> str:
        git(self.work, "add", "-A")
        git(self.work, "commit", "--quiet", "-m", message, *extra)
        git(self.work, "push", "--quiet", str(self.remote), "main")
        return git(self.work, "rev-parse", "HEAD")

    def edit(self, path, old, new):
        file = self.work / path
        text = file.read_text()
        assert old in text
        file.write_text(text.replace(old, new, 1))


class Kiosk:
    """One kiosk: its kiosk.yaml and its own state folder, run as `kiosk` subprocesses."""

    def __init__(self, root: Path, repo: Repo, pack="osten", extra=""):
        root.mkdir()
        self.config = root / "kiosk.yaml"
        self.state = root / "state"
        self.config.write_text(
            f"content:\n  source: {{git: {repo.remote}, branch: main, interval: 60{extra}}}\n  pack: {pack}\n")
        self.env = {**os.environ, "KIOSK_STATE_DIR": str(self.state)}
        self.current = self.state / "sync" / "current"

    def run(self, *args, **kwargs):
        return subprocess.run([sys.executable, "-m", "kiosk", *args, "--config", str(self.config)],
                              capture_output=True, text=True, env=self.env, timeout=120, **kwargs)

    def sync(self):
        return self.run("sync")

    def status(self) -> dict:
        done = self.run("status", "--json")
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)

    def shown(self) -> str:
        return Path(os.readlink(self.current)).name


@pytest.fixture
def repo(tmp_path):
    return Repo(tmp_path)


def test_a_good_head_is_shown_and_status_says_so(repo, tmp_path):
    first = repo.commit("Mini packs for two kiosks")
    kiosk = Kiosk(tmp_path / "osten-kiosk", repo)
    done = kiosk.sync()
    assert done.returncode == 0, done.stdout + done.stderr
    assert first in done.stdout
    assert kiosk.shown() == first
    assert (kiosk.current / "osten" / "offers.yaml").read_text() == (MINI / "offers.yaml").read_text()
    assert not (kiosk.current / "westen").exists()  # a kiosk takes its own pack only
    status = kiosk.status()
    assert status["revision"] == first and status["pack"] == "osten"
    assert status["last_error"] == "" and status["synced"]
    assert status["running"] is False
    # `kiosk check` reads the same revision
    check = kiosk.run("check")
    assert check.returncode == 0 and "osten: ok" in check.stdout


def test_a_broken_head_is_refused_once_and_the_next_good_one_is_taken(repo, tmp_path):
    good = repo.commit("Mini packs")
    kiosk = Kiosk(tmp_path / "k", repo)
    assert kiosk.sync().returncode == 0
    repo.edit("osten/offers.yaml", "category:", "categori:")
    broken = repo.commit("A typo")
    done = kiosk.sync()
    assert done.returncode == 1
    assert broken in done.stdout
    assert "osten/offers.yaml:" in done.stdout and "categori" in done.stdout
    line = next(x for x in done.stdout.splitlines() if "offers.yaml:" in x).strip()
    assert line.split(":")[1].isdigit(), line  # path:line
    assert kiosk.shown() == good
    status = kiosk.status()
    assert status["revision"] == good and status["head"] == broken
    assert "offers.yaml:" in status["last_error"] and broken[:10] in status["last_error"]
    # remembered: the next cycle does not check it again (it repeats what it found then)
    state_file = kiosk.state / "sync" / "state.json"
    state = json.loads(state_file.read_text())
    state["refused"][broken]["reasons"] = ["remembered, not checked again"]
    state_file.write_text(json.dumps(state))
    again = kiosk.sync()
    assert again.returncode == 1 and "remembered, not checked again" in again.stdout
    repo.edit("osten/offers.yaml", "categori:", "category:")
    fixed = repo.commit("Typo fixed")
    assert kiosk.sync().returncode == 0
    assert kiosk.shown() == fixed
    assert kiosk.status()["last_error"] == ""


def test_offline_it_keeps_what_it_has(repo, tmp_path):
    good = repo.commit("Mini packs")
    kiosk = Kiosk(tmp_path / "k", repo)
    assert kiosk.sync().returncode == 0
    repo.remote.rename(repo.remote.with_name("gone.git"))
    done = kiosk.sync()
    assert done.returncode == 2
    assert "cannot fetch" in done.stderr and good in done.stderr
    assert kiosk.shown() == good
    assert (kiosk.current / "osten" / "pack.yaml").is_file()
    assert "cannot fetch" in kiosk.status()["last_error"]


@pytest.mark.parametrize("config, expected", [
    ("content:\n  source: {git: x, branch: main}\n", "kiosk.yaml:2: content is missing the required field 'pack'"),
    ("content:\n  source: {gti: x}\n  pack: a\n", "kiosk.yaml:2: unknown field 'gti' in content.source (did you mean 'git'?)"),
    ("content:\n  source: {git: x, interval: 1}\n  pack: a\n", "kiosk.yaml:2: content.source.interval (seconds) must be between 10 and 604800, not 1"),
    ("content:\n  source: {git: x, branch: -x}\n  pack: a\n", "kiosk.yaml:2: content.source.branch '-x' must be a branch name"),
    ("content:\n  source: {git: x, signed_by: keys}\n  pack: a\n", "kiosk.yaml:2: content.source.signed_by: no such file 'keys'"),
    ("content:\n  source: {git: x}\n  pack: ../etc\n", "kiosk.yaml:3: content.pack: with content.source, a folder of the repository"),
])
def test_wrong_source_settings_say_file_and_line(tmp_path, config, expected):
    from kiosk.errors import ConfigError
    from kiosk.settings import load_settings

    path = tmp_path / "kiosk.yaml"
    path.write_text(config)
    with pytest.raises(ConfigError) as caught:
        load_settings(path)
    problems = [p.removeprefix(str(tmp_path) + "/") for p in map(str, caught.value.problems)]
    assert any(p.startswith(expected) for p in problems), problems


def test_usage_problems_exit_2(tmp_path):
    config = tmp_path / "kiosk.yaml"
    config.write_text(f"content:\n  pack: {MINI}\n")
    done = subprocess.run([sys.executable, "-m", "kiosk", "sync", "--config", str(config)],
                          capture_output=True, text=True, env={**os.environ, "KIOSK_STATE_DIR": str(tmp_path)})
    assert done.returncode == 2 and "no content.source" in done.stderr


def test_many_kiosks_one_repository_each_its_own_pack(repo, tmp_path):
    first = repo.commit("Mini packs")
    osten = Kiosk(tmp_path / "osten", repo, pack="osten")
    westen = Kiosk(tmp_path / "westen", repo, pack="westen")
    assert osten.sync().returncode == 0 and westen.sync().returncode == 0
    repo.edit("westen/offers.yaml", "category:", "categori:")
    second = repo.commit("Westen broken, Osten unchanged")
    assert osten.sync().returncode == 0 and osten.shown() == second  # its pack is fine
    assert westen.sync().returncode == 1 and westen.shown() == first
    assert (westen.current / "westen" / "offers.yaml").read_text() == (MINI / "offers.yaml").read_text()


def test_only_signed_revisions_are_taken(repo, tmp_path):
    key = tmp_path / "team_key"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "content team", "-f", str(key)], check=True)
    signers = tmp_path / "allowed_signers"
    signers.write_text(f"content@example.org {key.with_suffix('.pub').read_text()}")
    signing = ["-c", "gpg.format=ssh", "-c", f"user.signingkey={key}"]
    kiosk = Kiosk(tmp_path / "k", repo, extra=f", signed_by: {signers}")
    unsigned = repo.commit("Not signed")
    done = kiosk.sync()
    assert done.returncode == 1 and "is not signed by a key in" in done.stdout
    assert not kiosk.current.exists()
    # signed by a key not listed: refused too
    other = tmp_path / "other_key"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(other)], check=True)
    repo.edit("osten/pack.yaml", "Respekt", "Respekt!")
    git(repo.work, "add", "-A")
    git(repo.work, "-c", "gpg.format=ssh", "-c", f"user.signingkey={other}", "commit", "--quiet", "-S", "-m", "Other key")
    git(repo.work, "push", "--quiet", str(repo.remote), "main")
    done = kiosk.sync()
    assert done.returncode == 1 and "is not signed by a key in" in done.stdout
    # ... until that key is listed: the refused revision is checked again, and taken
    signers.write_text(signers.read_text() + f"content@example.org {other.with_suffix('.pub').read_text()}")
    assert kiosk.sync().returncode == 0
    repo.edit("osten/pack.yaml", "Respekt!", "Respekt")
    repo.edit("osten/pack.yaml", "Respekt", "Respekt und Vertrauen")
    git(repo.work, "add", "-A")
    git(repo.work, *signing, "commit", "--quiet", "-S", "-m", "Signed")
    git(repo.work, "push", "--quiet", str(repo.remote), "main")
    signed = git(repo.work, "rev-parse", "HEAD")
    assert signed != unsigned
    done = kiosk.sync()
    assert done.returncode == 0, done.stdout + done.stderr
    assert kiosk.shown() == signed
    assert "Respekt und Vertrauen" in (kiosk.current / "osten" / "pack.yaml").read_text()


def tree_of(repo: Repo, commit: str, pack: str) -> dict:
    names = git(repo.work, "ls-tree", "-r", "--name-only", commit, "--", pack).splitlines()
    return {n: git(repo.work, "show", f"{commit}:{n}") for n in names}


def shown_tree(kiosk: Kiosk, pack: str) -> dict:
    top = kiosk.current
    return {p.relative_to(top).as_posix(): p.read_text().strip() for p in sorted((top / pack).rglob("*")) if p.is_file()}


@pytest.mark.parametrize("point", ["extracted", "renamed", "linked", "swapped"])
def test_a_kill_during_the_swap_leaves_a_whole_revision(repo, tmp_path, point):
    old = repo.commit("Mini packs")
    kiosk = Kiosk(tmp_path / "k", repo)
    assert kiosk.sync().returncode == 0
    repo.edit("osten/offers.yaml", "Wir helfen.", "Wir helfen gern.")
    repo.edit("osten/places.yaml", "Teststraße 1", "Teststraße 2")
    new = repo.commit("Two files changed")
    proc = subprocess.Popen(
        [sys.executable, "-m", "kiosk", "sync", "--config", str(kiosk.config)],
        env={**kiosk.env, "KIOSK_SYNC_PAUSE": point}, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    for line in proc.stdout:  # blocks until the process says where it stands
        if line.strip() == f"sync paused: {point}":
            break
    else:
        pytest.fail(f"kiosk sync ended without pausing at {point}: {proc.wait()}")
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    shown = kiosk.shown()
    assert shown == (new if point == "swapped" else old)
    assert shown_tree(kiosk, "osten") == tree_of(repo, shown, "osten")  # whole: every file of one revision
    assert kiosk.run("check").returncode == 0
    # the next cycle tidies what the kill left and ends on the head
    assert kiosk.sync().returncode == 0
    assert kiosk.shown() == new
    assert shown_tree(kiosk, "osten") == tree_of(repo, new, "osten")
    sync = kiosk.state / "sync"
    assert not list(sync.glob("current.tmp-*")) and not list((sync / "revs").glob("*.tmp"))


def test_old_revisions_are_pruned(repo, tmp_path):
    from kiosk.sync import KEEP

    kiosk = Kiosk(tmp_path / "k", repo)
    for n in range(KEEP + 2):
        repo.edit("osten/pack.yaml", "Respekt", f"Respekt {n}")
        repo.commit(f"Change {n}")
        assert kiosk.sync().returncode == 0
    revs = sorted(p.name for p in (kiosk.state / "sync" / "revs").iterdir())
    assert len(revs) == KEEP and kiosk.shown() in revs


def test_the_running_kiosk_takes_a_good_revision_and_names_a_refused_one(kiosk, repo, tmp_path, monkeypatch):
    from conftest import BREAKING
    from kiosk.settings import load_settings
    from kiosk.sync import Background, Syncer

    monkeypatch.setenv("KIOSK_STATE_DIR", str(tmp_path / "state"))
    first = repo.commit("Mini packs")
    config = tmp_path / "kiosk.yaml"
    config.write_text(f"content:\n  source: {{git: {repo.remote}, interval: 60}}\n  pack: osten\n"
                      f"plugins:\n  blocked: [{', '.join(BREAKING)}]\n")
    app = kiosk.app
    settings = load_settings(config)
    app.settings = app.host.settings = settings
    background = Background.start(app)  # the thread's first cycle runs at once
    try:
        kiosk.until(lambda: background.last is not None, limit=6000)
    finally:
        background.stop()
    assert background.last.swapped, background.last
    kiosk.frames(2)
    kiosk.until(lambda: not app.watcher.busy)
    kiosk.frames(3)
    assert app.pack.path == str(tmp_path / "state" / "sync" / "revs" / first / "osten")
    assert "Mini" in kiosk.texts()  # the home screen shows the pack from git
    shown = app.pack
    repo.edit("osten/offers.yaml", "category:", "categori:")
    broken = repo.commit("A typo")
    result = Background(app, Syncer(app.settings, kinds=app.host.content_kinds)).run_once()
    assert result.refused and not result.swapped
    kiosk.frames(3)
    assert app.pack is shown
    app.admin.open_panel()
    kiosk.frames(3)
    texts = "\n".join(kiosk.texts())
    assert f"Revision {broken[:10]} wird nicht gezeigt" in texts
    assert "osten/offers.yaml:" in texts and "categori" in texts
    assert f"Revision {first[:10]}" in texts
    app.close_overlays()
    # mended and taken by `kiosk sync` at the terminal: the kiosk's next cycle shows it
    repo.edit("osten/offers.yaml", "categori:", "category:")
    fixed = repo.commit("Typo fixed")
    done = subprocess.run([sys.executable, "-m", "kiosk", "sync", "--config", str(config)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    result = Background(app, Syncer(app.settings, kinds=app.host.content_kinds)).run_once()
    assert not result.swapped and result.shown == fixed
    kiosk.frames(2)
    kiosk.until(lambda: not app.watcher.busy)
    kiosk.frames(3)
    assert app.pack.path == str(tmp_path / "state" / "sync" / "revs" / fixed / "osten")


def test_status_reads_what_the_running_kiosk_writes(kiosk, tmp_path):
    from kiosk import status
    from kiosk.settings import load_settings

    app = kiosk.app
    writer = status.StatusFile(app, tmp_path)
    try:
        data = status.read(app.settings, tmp_path)
    finally:
        writer._event.cancel()
    assert data["running"] is True and data["pid"] == os.getpid()
    assert data["uptime"] is not None and data["uptime"] >= 0
    assert data["pack"] == "leipziger-osten" and data["revision"] is None
    assert {"name": "offers", "state": "active", "error": ""} in data["plugins"]
    assert data["plugins"] == [{"name": i.name, "state": i.state, "error": i.error or ""} for i in app.host.all()]
    words = "\n".join(status.lines(data))
    assert "running: yes" in words and "offers active" in words
    # a kiosk that stopped: its file stays, but it is not running
    stale = json.loads((tmp_path / "status.json").read_text()) | {"pid": 2 ** 22 + 1}
    (tmp_path / "status.json").write_text(json.dumps(stale))
    assert status.read(load_settings(app.settings.path), tmp_path)["running"] is False
