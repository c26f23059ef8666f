#!/usr/bin/env bash
# bench/growth.sh: how quizd's cost grows with the work (issue 7).
#
#   1. Start time and memory vs bank size: a synthetic bank of 1,000, 10,000
#      and 100,000 single-choice items (the item shape of quiz-bench's
#      bench.yaml); quizd is started on an empty database (first start: parse,
#      store the bank version), then again on the same database (restart: parse,
#      compare with the stored version), and timed from exec to its
#      "listening on" line; VmRSS and VmHWM are read from /proc/PID/status as
#      soon as it listens.
#   2. SubmitResponse and GetProgress latency with 10,000 vs 1,000,000 stored
#      responses: a template database gets the bench accounts, the bench bank
#      and a fixed history for the bench students (one quiz-bench exam day:
#      64 students x 100 items, answered and finished); copies of it are filled
#      with other users' finished attempts (rows copied from a real attempt the
#      server wrote) up to the total, then quiz-bench --target runs the
#      progress scenario (read-only, so the students' histories are the same
#      for both sizes) and then the submit scenario against each copy, in
#      alternating rounds.
#
# Usage: bench/growth.sh            (from the repository root or anywhere)
# Environment:
#   QUIZD, QUIZ_BENCH     binaries (default build/quizd, build/quiz-bench);
#                         copied to a temp dir before use
#   GROWTH_ITEMS          bank sizes for part 1 (default "1000 10000 100000")
#   GROWTH_RESPONSES      stored responses for part 2 (default "10000 1000000")
#   GROWTH_ROUNDS         alternating rounds in part 2 (default 2)
#   GROWTH_DURATION       seconds per quiz-bench scenario (default 5)
#   GROWTH_CONCURRENCY    quiz-bench --concurrency (default 64)
#   GROWTH_PARTS          "1 2" (default), "1" or "2"
#   GROWTH_KEEP=1         keep the work directory (printed) for inspection
# Needs python3 (standard library only) and Linux /proc. Takes ~5-8 minutes
# on the 2-core dev VM.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
QUIZD=${QUIZD:-$ROOT/build/quizd}
QUIZ_BENCH=${QUIZ_BENCH:-$ROOT/build/quiz-bench}
PY=/usr/bin/python3
[[ -x $PY ]] || PY=python3

WORK=$(mktemp -d "${TMPDIR:-/tmp}/quizd-growth.XXXXXX")
cleanup() {
  if [[ ${GROWTH_KEEP:-0} == 1 ]]; then
    echo "growth: kept $WORK" >&2
  else
    rm -rf "$WORK"
  fi
}
trap cleanup EXIT

# The build directory may be rebuilt under us: wait until both binaries exist
# and have not changed for 5 s, copy them, and check the copies run.
copy_binaries() {
  mkdir -p "$WORK/bin"
  local tries
  for tries in $(seq 1 60); do
    if [[ -x $QUIZD && -x $QUIZ_BENCH ]]; then
      local before after
      before=$(stat -c '%Y %s' "$QUIZD" "$QUIZ_BENCH")
      sleep 5
      after=$(stat -c '%Y %s' "$QUIZD" "$QUIZ_BENCH" 2>/dev/null || true)
      if [[ $before == "$after" ]] &&
         cp "$QUIZD" "$WORK/bin/quizd" && cp "$QUIZ_BENCH" "$WORK/bin/quiz-bench" &&
         "$WORK/bin/quizd" --help >/dev/null 2>&1 &&
         "$WORK/bin/quiz-bench" --help >/dev/null 2>&1; then
        return 0
      fi
    fi
    echo "growth: waiting for $QUIZD and $QUIZ_BENCH (try $tries)" >&2
    sleep 5
  done
  echo "growth: no usable binaries" >&2
  exit 1
}
copy_binaries

echo "growth: quizd $(stat -c '%y' "$QUIZD" | cut -d. -f1), $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$ROOT" diff --quiet -- server 2>/dev/null || echo ' + uncommitted server/ changes'); $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"

export GROWTH_WORK=$WORK
"$PY" - "$@" <<'PYTHON'
import json, os, re, shutil, signal, sqlite3, statistics, subprocess, sys
import threading, time

WORK = os.environ["GROWTH_WORK"]
QUIZD = os.path.join(WORK, "bin", "quizd")
QUIZ_BENCH = os.path.join(WORK, "bin", "quiz-bench")
ITEMS = [int(x) for x in os.environ.get("GROWTH_ITEMS", "1000 10000 100000").split()]
RESPONSES = [int(x) for x in os.environ.get("GROWTH_RESPONSES", "10000 1000000").split()]
ROUNDS = int(os.environ.get("GROWTH_ROUNDS", "2"))
DURATION = os.environ.get("GROWTH_DURATION", "5")
CONCURRENCY = os.environ.get("GROWTH_CONCURRENCY", "64")
PARTS = os.environ.get("GROWTH_PARTS", "1 2").split()
KEEP = os.environ.get("GROWTH_KEEP", "0") == "1"
START_TIMEOUT_S = 600


def say(text):
    print("growth: " + text, file=sys.stderr, flush=True)


def load():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


# ------------------------------------------------------------------- quizd
class Quizd:
    """quizd on 127.0.0.1:0; times its stderr lines from exec."""

    def __init__(self, db, banks=None):
        args = [QUIZD, "--listen", "127.0.0.1:0", "--db", db]
        if banks:
            args += ["--banks", banks]
        self.lines = []  # (seconds since exec, line)
        self.t0 = time.monotonic()
        self.proc = subprocess.Popen(args, stdin=subprocess.DEVNULL,
                                     stdout=subprocess.DEVNULL,
                                     stderr=subprocess.PIPE, text=True)
        self.port = None
        self.listen_s = None
        listening = threading.Event()

        def read():
            for line in self.proc.stderr:
                self.lines.append((time.monotonic() - self.t0, line.rstrip()))
                m = re.search(r"listening on [0-9.]+:([0-9]+)", line)
                if m and self.port is None:
                    self.listen_s = time.monotonic() - self.t0
                    self.port = int(m.group(1))
                    listening.set()
            listening.set()

        threading.Thread(target=read, daemon=True).start()
        if not listening.wait(START_TIMEOUT_S) or self.port is None:
            self.stop(signal.SIGKILL)
            raise RuntimeError("quizd did not start: " +
                               "\n".join(l for _, l in self.lines))

    def status(self):
        fields = {}
        with open(f"/proc/{self.proc.pid}/status") as f:
            for line in f:
                key, _, value = line.partition(":")
                fields[key] = value.strip()
        kb = lambda k: int(fields[k].split()[0])
        return kb("VmRSS") / 1024.0, kb("VmHWM") / 1024.0

    def phases(self):
        """Seconds from exec to each startup line, keyed by a short name."""
        out = {}
        for t, line in self.lines:
            if "quizd: database" in line:
                out["db"] = t
            elif re.search(r"quizd: bank \S+ version", line):
                out["bank"] = t
            elif "available" in line:
                out["catalog"] = t
            elif "listening on" in line:
                out["listen"] = t
        return out

    def stop(self, sig=signal.SIGTERM):
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


# ----------------------------------------------- part 1: start vs bank size
TOPICS = ["Claims and EDI", "Remittance", "ICD-10-CM conventions",
          "CPT modifiers", "HCPCS Level II"]
OPTIONS = ["a", "b", "c", "d"]


def q(text):
    return json.dumps(text)  # a JSON string is a YAML double-quoted scalar


def write_bank(path, items):
    """The item shape of bench/synthetic_bank.cc, with one exam quiz."""
    width = max(4, len(str(items - 1)))
    with open(path, "w") as out:
        w = out.write
        w("id: growth\n")
        w("title: quiz-bench growth bank\n")
        w("description: Generated by bench/growth.sh.\n")
        w("topics:\n")
        for t, title in enumerate(TOPICS):
            w(f"  - id: topic-{t}\n    title: {q(title)}\n")
        w("items:\n")
        for i in range(items):
            keyed = i % 4
            w(f"  - id: bench-{i:0{width}d}\n")
            w(f"    topic: topic-{i % 5}\n")
            w(f"    difficulty: {1 + i % 3}\n")
            w("    stem: " + q(
                f"Synthetic question {i} on {TOPICS[i % 5]}. A patient is seen "
                "in the office for a follow-up visit; the claim is built from "
                "the coded charges and sent to the payer, which adjudicates it "
                "and returns a remittance. Which of the following statements "
                "about this encounter is the one keyed as correct?") + "\n")
            w("    single_choice:\n      options:\n")
            for o, oid in enumerate(OPTIONS):
                w(f"        - id: {oid}\n")
                w("          text: " + q(
                    f"Statement {oid} about the claim, the remittance and the "
                    f"patient's balance for question {i}") + "\n")
                if o == keyed:
                    w("          correct: true\n")
                    w("          feedback: "
                      + q("Correct. This is the keyed statement.") + "\n")
                else:
                    w("          feedback: " + q(
                        "Incorrect. Re-read the remittance and the claim "
                        "before choosing.") + "\n")
            w("    rationale: " + q(
                "Generated for load testing: the keyed option is fixed by the "
                "item's position in the bank, and the rationale is sized like "
                "a real one so that replies weigh what they do in "
                "production.") + "\n")
            w("    references:\n      - citation: "
              + q("quiz-bench synthetic bank") + "\n")
        w("quizzes:\n")
        w("  - id: growth-exam\n")
        w("    title: growth exam\n")
        w("    mode: QUIZ_MODE_EXAM\n")
        w("    access: QUIZ_ACCESS_OPEN\n")
        w("    time_limit_seconds: 7200\n")
        w("    pass_percent: 70\n")
        w("    shuffle_items: true\n")
        w("    shuffle_options: true\n")
        w("    selections:\n      - count: 100\n")


def part1():
    rows = []
    for items in ITEMS:
        d = os.path.join(WORK, f"start-{items}")
        os.makedirs(os.path.join(d, "banks"))
        bank = os.path.join(d, "banks", "growth.yaml")
        write_bank(bank, items)
        yaml_mb = os.path.getsize(bank) / 1e6
        db = os.path.join(d, "quizd.db")
        row = {"items": items, "yaml_mb": yaml_mb, "load": load()}
        for run in ("first", "restart"):
            say(f"start: {items} items, {run} start (load {load()})")
            server = Quizd(db, os.path.join(d, "banks"))
            rss, hwm = server.status()
            row[run] = {"s": server.listen_s, "rss_mb": rss, "hwm_mb": hwm,
                        "phases": server.phases()}
            server.stop()
        db_mb = sum(os.path.getsize(os.path.join(d, f)) for f in os.listdir(d)
                    if f.startswith("quizd.db")) / 1e6
        row["db_mb"] = db_mb
        rows.append(row)
        if not KEEP:
            shutil.rmtree(d)

    print()
    print("### Start time and memory vs bank size")
    print()
    print("| items | YAML MB | first start s | restart s | RSS MB | peak MB "
          "| restart RSS MB | restart peak MB |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in rows:
        f, s = r["first"], r["restart"]
        print(f"| {r['items']:,} | {r['yaml_mb']:.1f} | {f['s']:.2f} | "
              f"{s['s']:.2f} | {f['rss_mb']:.0f} | {f['hwm_mb']:.0f} | "
              f"{s['rss_mb']:.0f} | {s['hwm_mb']:.0f} |")
    print()
    print("Where the start goes (seconds from exec to each stderr line: "
          "database open, bank stored/compared, catalog built, listening):")
    print()
    print("| items | start | db open | bank line | catalog | listening |")
    print("| ---: | --- | ---: | ---: | ---: | ---: |")
    for r in rows:
        for run in ("first", "restart"):
            p = r[run]["phases"]
            g = lambda k: f"{p[k]:.2f}" if k in p else "-"
            print(f"| {r['items']:,} | {run} | {g('db')} | {g('bank')} | "
                  f"{g('catalog')} | {g('listen')} |")
    big = rows[-1]
    print()
    def verdict(run, label):
        r = big[run]
        met = r["s"] < 1 and r["hwm_mb"] < 200
        return (f"{label} {r['s']:.2f} s, {r['hwm_mb']:.0f} MB peak: "
                + ("MET" if met else "NOT MET"))
    print(f"Target (issue 7) at {big['items']:,} items: start under 1 s and "
          f"under 200 MB. " + verdict("restart", "Restart (bank files as "
          "stored, the usual start):") + "; " +
          verdict("first", "first start of a new file:") + ".")
    sizes = ", ".join(f"{r['items']:,} items {r['db_mb']:.0f} MB" for r in rows)
    print(f"(database after the starts: {sizes})")
    sys.stdout.flush()
    return rows


# ------------------------------------- part 2: latency vs stored responses
def bench(port, db, scenario):
    args = [QUIZ_BENCH, "--target", f"127.0.0.1:{port}", "--db", db,
            "--scenario", scenario, "--duration", DURATION,
            "--concurrency", CONCURRENCY, "--json"]
    if scenario == "examday":
        args += ["--students", "64", "--items", "100"]
    p = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       text=True)
    if p.returncode != 0:
        raise RuntimeError(f"quiz-bench {scenario} failed ({p.returncode}):\n"
                           + p.stderr[-3000:] + p.stdout[-3000:])
    return json.loads(p.stdout)


def row_of(report, name):
    for r in report["scenarios"]:
        if r["name"] == name:
            return r
    raise KeyError(name)


def checkpoint(db):
    con = sqlite3.connect(db)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()


def make_template():
    d = os.path.join(WORK, "template")
    os.makedirs(d)
    db = os.path.join(d, "quizd.db")
    server = Quizd(db)
    try:
        say(f"template: exam day of 64 students x 100 items (load {load()})")
        bench(server.port, db, "examday")
    finally:
        server.stop()
    checkpoint(db)
    return db


def fill(template, total, db):
    """Copies `template` to `db` and adds other users' finished attempts,
    copied from one finished attempt the server wrote, until the database
    holds `total` response rows."""
    shutil.copy(template, db)
    con = sqlite3.connect(db)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=OFF")
    have = con.execute("SELECT COUNT(*) FROM responses").fetchone()[0]
    proto = con.execute(
        "SELECT a.id, a.quiz_id, a.bank_id, a.bank_version, a.seed,"
        " a.state, a.start_time_ms, a.deadline_ms, a.finish_time_ms,"
        " a.item_ids, a.result FROM attempts a WHERE a.result IS NOT NULL"
        " ORDER BY a.start_time_ms LIMIT 1").fetchone()
    (src_id, quiz_id, bank_id, bank_version, seed, state, start_ms,
     deadline_ms, finish_ms, item_ids, result) = proto
    responses = con.execute(
        "SELECT item_id, has_response, response, outcome, flagged,"
        " update_time_ms FROM responses WHERE attempt_id = ?"
        " ORDER BY item_id", (src_id,)).fetchall()
    per_attempt = len(responses)
    user_row = con.execute(
        "SELECT role, password_hash FROM users WHERE username ="
        " 'bench-student-0000'").fetchone()
    need = max(0, total - have)
    attempts = -(-need // per_attempt)
    per_user = 10  # attempts per filler user
    users = -(-attempts // per_user)
    now = int(time.time() * 1000)
    con.execute("BEGIN")
    con.executemany(
        "INSERT INTO users(username, role, password_hash, create_time_ms)"
        " VALUES(?, ?, ?, ?)",
        ((f"growth-user-{u:06d}", user_row[0], user_row[1], now)
         for u in range(users)))
    first_uid = con.execute(
        "SELECT id FROM users WHERE username = 'growth-user-000000'"
    ).fetchone()[0] if users else 0
    day = 86400 * 1000
    added = 0
    for a in range(attempts):
        aid = f"growth{a:014d}"  # 20 characters, like the server's ids
        t = start_ms - (attempts - a) * 60000 - day
        con.execute(
            "INSERT INTO attempts(id, user_id, quiz_id, bank_id, bank_version,"
            " seed, state, start_time_ms, deadline_ms, finish_time_ms,"
            " item_ids, result) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (aid, first_uid + a // per_user, quiz_id, bank_id, bank_version,
             seed + a, state, t, t + (deadline_ms - start_ms),
             t + (finish_ms - start_ms), item_ids, result))
        rows = responses[:min(per_attempt, need - added)]
        con.executemany(
            "INSERT INTO responses(attempt_id, item_id, has_response,"
            " response, outcome, flagged, update_time_ms)"
            " VALUES(?, ?, ?, ?, ?, ?, ?)",
            ((aid, r[0], r[1], r[2], r[3], r[4], t + 1000) for r in rows))
        added += len(rows)
    con.execute("COMMIT")
    count = con.execute("SELECT COUNT(*) FROM responses").fetchone()[0]
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    return {"responses": count, "filler_attempts": attempts,
            "filler_users": users, "template_responses": have,
            "db_mb": os.path.getsize(db) / 1e6}


def part2():
    template = make_template()
    filled = {}
    for total in RESPONSES:
        db = os.path.join(WORK, f"filled-{total}.db")
        t = time.monotonic()
        filled[total] = fill(template, total, db)
        filled[total]["path"] = db
        say(f"filled {total:,}: {filled[total]} in {time.monotonic() - t:.1f} s")
    results = {total: [] for total in RESPONSES}
    for rnd in range(ROUNDS):
        order = RESPONSES if rnd % 2 == 0 else list(reversed(RESPONSES))
        for total in order:
            d = os.path.join(WORK, f"run-{total}-{rnd}")
            os.makedirs(d)
            db = os.path.join(d, "quizd.db")
            shutil.copy(filled[total]["path"], db)
            server = Quizd(db)
            try:
                l0 = load()
                say(f"round {rnd + 1}: {total:,} responses, progress then "
                    f"submit (load {l0})")
                progress = row_of(bench(server.port, db, "progress"), "progress")
                submit = row_of(bench(server.port, db, "submit"), "submit")
                rss, hwm = server.status()
            finally:
                server.stop()
            results[total].append({"progress": progress, "submit": submit,
                                   "load": l0, "rss_mb": rss})
            shutil.rmtree(d)

    print()
    print("### SubmitResponse and GetProgress vs stored responses")
    print()
    print(f"quiz-bench --target, concurrency {CONCURRENCY}, {DURATION} s per "
          f"scenario, {ROUNDS} alternating rounds; each bench student has the "
          "same history in both databases (one finished 100-item exam).")
    print()
    print("| stored responses | DB MB | round | load | progress req/s | "
          "progress p50 ms | progress p99 ms | submit req/s | submit p50 ms | "
          "submit p99 ms | errors |")
    print("| ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | "
          "---: | ---: |")
    for total in RESPONSES:
        for i, r in enumerate(results[total]):
            p, s = r["progress"], r["submit"]
            print(f"| {filled[total]['responses']:,} | "
                  f"{filled[total]['db_mb']:.0f} | {i + 1} | {r['load']} | "
                  f"{p['rps']:.0f} | {p['p50_ms']:.2f} | {p['p99_ms']:.2f} | "
                  f"{s['rps']:.0f} | {s['p50_ms']:.2f} | {s['p99_ms']:.2f} | "
                  f"{p['errors'] + s['errors']} |")
    lo, hi = RESPONSES[0], RESPONSES[-1]
    med = lambda total, sc, k: statistics.median(
        r[sc][k] for r in results[total])
    print()
    print(f"Median over rounds, {hi:,} vs {lo:,} (target: within 1.2x):")
    print()
    print("| RPC | p50 ms lo | p50 ms hi | p50 ratio | p99 ms lo | p99 ms hi | "
          "p99 ratio | met |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    for sc, rpc in (("submit", "SubmitResponse"), ("progress", "GetProgress")):
        a50, b50 = med(lo, sc, "p50_ms"), med(hi, sc, "p50_ms")
        a99, b99 = med(lo, sc, "p99_ms"), med(hi, sc, "p99_ms")
        ok = b50 / a50 <= 1.2 and b99 / a99 <= 1.2
        print(f"| {rpc} | {a50:.2f} | {b50:.2f} | {b50 / a50:.2f}x | "
              f"{a99:.2f} | {b99:.2f} | {b99 / a99:.2f}x | "
              f"{'yes' if ok else 'NO'} |")
    for total in RESPONSES:
        f = filled[total]
        print(f"\n{f['responses']:,} responses = {f['template_responses']:,} "
              f"from the bench exam day + {f['filler_attempts']:,} finished "
              f"attempts of {f['filler_users']:,} other users "
              f"(10 attempts each).", end="")
    print()
    sys.stdout.flush()


t0 = time.monotonic()
if "1" in PARTS:
    part1()
if "2" in PARTS:
    part2()
say(f"done in {time.monotonic() - t0:.0f} s (load {load()})")
PYTHON
