#!/usr/bin/env bash
# Gongzhi against PostGraphile 4.14.1 on the same PostgreSQL database, with wrk.
#
#   bench/peer.sh [article|large]
#
# Seeds a fresh database, starts both servers on loopback, checks that each
# query gives the same data on both sides, then runs every query at each
# concurrency, Gongzhi and PostGraphile in turn (interleaved, so machine noise
# hits both alike), for several rounds. Prints req/s, the ratio
# Gongzhi/PostGraphile, and CPU per request of the server process and of the
# PostgreSQL backends serving the database. Not part of CI.
#
# Settings (environment):
#   PEER_SECONDS=5          length of one run
#   PEER_ROUNDS=3           interleaved rounds
#   PEER_CONCURRENCY="1 8 32"
#   PEER_QUERIES="overview members tree"   (files in bench/peer/queries/)
#   PEER_ADMIN_URL=postgres://postgres@127.0.0.1/postgres   the server to create the database on
#   PEER_DB=gongzhi_peer
#   PEER_GONGZHI_PORT=18080  PEER_POSTGRAPHILE_PORT=15000
#   PEER_POSTGRAPHILE_ARGS=""   extra PostGraphile options (default: none; PostGraphile
#                               then logs every query, e.g. --disable-query-log stops that)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PEER=$ROOT/bench/peer
SCALE=${1:-article}
SECONDS_PER_RUN=${PEER_SECONDS:-5}
ROUNDS=${PEER_ROUNDS:-3}
CONCURRENCY=${PEER_CONCURRENCY:-1 8 32}
QUERIES=${PEER_QUERIES:-overview members tree}
ADMIN_URL=${PEER_ADMIN_URL:-postgres://postgres@127.0.0.1/postgres}
DB=${PEER_DB:-gongzhi_peer}
DB_URL=${ADMIN_URL%/*}/$DB
GONGZHI_PORT=${PEER_GONGZHI_PORT:-18080}
POSTGRAPHILE_PORT=${PEER_POSTGRAPHILE_PORT:-15000}
WORK=$ROOT/target/peer
GONGZHI=$ROOT/target/release/gongzhi
HZ=$(getconf CLK_TCK)
SERVER_PIDS=()

log() { printf '== %s\n' "$*" >&2; }
die() { printf 'peer.sh: %s\n' "$*" >&2; exit 1; }

stop_servers() {
    local pid
    for pid in "${SERVER_PIDS[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    for pid in "${SERVER_PIDS[@]}"; do
        wait "$pid" 2>/dev/null || true
    done
    SERVER_PIDS=()
}
trap stop_servers EXIT

check_tools() {
    [[ $SCALE == article || $SCALE == large ]] || die "the scale is article or large, not '$SCALE'"
    command -v wrk >/dev/null || die "wrk is missing: apt-get install wrk"
    command -v node >/dev/null || die "node (20) is missing"
    command -v python3 >/dev/null || die "python3 is missing"
}

ensure_postgres() {
    if ! pg_isready -q -h 127.0.0.1; then
        log "starting PostgreSQL"
        pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start
        pg_isready -q -h 127.0.0.1 -t 30 || die "PostgreSQL does not answer on 127.0.0.1"
    fi
}

ensure_postgraphile() {
    if [[ ! -d $PEER/node_modules/postgraphile ]]; then
        log "installing PostGraphile (npm ci)"
        (cd "$PEER" && npm ci --no-audit --no-fund)
    fi
}

build_gongzhi() {
    log "building gongzhi (release)"
    (cd "$ROOT" && cargo build --release -q -p gongzhi-server)
}

seed_database() {
    log "seeding $DB at the $SCALE scale"
    psql -q "$ADMIN_URL" -c "drop database if exists $DB with (force)" -c "create database $DB"
    rm -rf "$WORK" && mkdir -p "$WORK/data"
    "$GONGZHI" seed --scale "$SCALE" --database-url "$DB_URL" --data-dir "$WORK/data"
    psql -q "$DB_URL" -c "vacuum analyze"
}

start_servers() {
    log "starting gongzhi on :$GONGZHI_PORT and PostGraphile on :$POSTGRAPHILE_PORT"
    "$GONGZHI" serve --database-url "$DB_URL" --data-dir "$WORK/data" \
        --bind "127.0.0.1:$GONGZHI_PORT" >"$WORK/gongzhi.log" 2>&1 &
    GONGZHI_PID=$!
    SERVER_PIDS+=("$GONGZHI_PID")
    # shellcheck disable=SC2086 # PEER_POSTGRAPHILE_ARGS is a list of options
    node "$PEER/node_modules/postgraphile/cli.js" -c "$DB_URL" --schema public \
        --host 127.0.0.1 --port "$POSTGRAPHILE_PORT" ${PEER_POSTGRAPHILE_ARGS:-} \
        >"$WORK/postgraphile.log" 2>&1 &
    POSTGRAPHILE_PID=$!
    SERVER_PIDS+=("$POSTGRAPHILE_PID")
    wait_for gongzhi "$GONGZHI_PID"
    wait_for postgraphile "$POSTGRAPHILE_PID"
}

url_of() {
    case $1 in
        gongzhi) echo "http://127.0.0.1:$GONGZHI_PORT/graphql" ;;
        postgraphile) echo "http://127.0.0.1:$POSTGRAPHILE_PORT/graphql" ;;
    esac
}

pid_of() {
    case $1 in
        gongzhi) echo "$GONGZHI_PID" ;;
        postgraphile) echo "$POSTGRAPHILE_PID" ;;
    esac
}

# Only Gongzhi checks tokens; PostGraphile runs with no authorization (and
# gets a header that means nothing to it, so both requests carry one).
auth_header() {
    [[ $1 == gongzhi ]] && echo "authorization: Bearer $TOKEN" || echo "x-peer: none"
}

wait_for() {
    local side=$1 pid=$2 _
    for _ in $(seq 120); do
        kill -0 "$pid" 2>/dev/null || die "$side exited; see $WORK/$side.log"
        if curl -sf -o /dev/null "$(url_of "$side")" -H 'content-type: application/json' \
            -d '{"query":"{ __typename }"}'; then
            return
        fi
        sleep 0.5
    done
    die "$side does not answer; see $WORK/$side.log"
}

mint_token() {
    TOKEN=$("$GONGZHI" token --role DISTRICT_ADMIN --area 八公山区 \
        --database-url "$DB_URL" --data-dir "$WORK/data")
}

# The request bodies, one wrk script per query and side.
prepare_requests() {
    local query side auth
    for query in $QUERIES; do
        for side in gongzhi postgraphile; do
            auth=$(auth_header "$side")
            python3 "$PEER/peer.py" body "$PEER/queries/$query.$side.graphql" >"$WORK/$query.$side.json"
            cat >"$WORK/$query.$side.lua" <<EOF
wrk.method = "POST"
wrk.headers["content-type"] = "application/json"
wrk.headers["${auth%%: *}"] = "${auth#*: }"
wrk.body = [==[$(cat "$WORK/$query.$side.json")]==]
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %d %d %d\\n", summary.requests, summary.duration,
    e.connect + e.read + e.write + e.status + e.timeout))
end
EOF
        done
    done
}

# Each query once per side: no errors, the same data on both, and its size.
check_answers() {
    local query side size rows
    for query in $QUERIES; do
        for side in gongzhi postgraphile; do
            curl -sf "$(url_of "$side")" -H 'content-type: application/json' -H "$(auth_header "$side")" \
                --data-binary "@$WORK/$query.$side.json" -o "$WORK/$query.$side.answer.json" \
                || die "$side refused the $query query"
        done
        rows=$(python3 "$PEER/peer.py" same "$WORK/$query.gongzhi.answer.json" "$WORK/$query.postgraphile.answer.json") \
            || die "the $query query does not give the same data on both sides"
        for side in gongzhi postgraphile; do
            size=$(wc -c <"$WORK/$query.$side.answer.json")
            log "$query on $side: $size bytes, $rows objects, the same data"
        done
    done
}

# CPU ticks (user + system) of one process, all its threads.
ticks_of() {
    local stat fields
    stat=$(cat "/proc/$1/stat" 2>/dev/null) || { echo 0; return; }
    # The fields after "(comm) ", from the state (field 3): utime is field 14, stime 15.
    read -ra fields <<<"${stat##*) }"
    echo $((fields[11] + fields[12]))
}

# CPU ticks of each PostgreSQL backend connected to the benchmark database, as "pid ticks" lines.
postgres_ticks() {
    local pid
    for pid in $(pgrep -f "^postgres: .* $DB " || true); do
        echo "$pid $(ticks_of "$pid")"
    done
}

# The ticks the backends spent between two snapshots: per backend, so that a
# backend closed meanwhile (a pool letting an idle connection go) subtracts nothing.
postgres_ticks_since() {
    local -A before=()
    local pid ticks total=0
    while read -r pid ticks; do before[$pid]=$ticks; done <<<"$1"
    while read -r pid ticks; do
        [[ -n $pid ]] && total=$((total + ticks - ${before[$pid]:-0}))
    done < <(postgres_ticks)
    echo "$total"
}

# One wrk run; appends a line to results.tsv.
measure() {
    local query=$1 side=$2 conc=$3 round=$4 seconds=$5
    local threads=$((conc < 2 ? conc : 2)) server0 pg0 out requests micros errors
    server0=$(ticks_of "$(pid_of "$side")")
    pg0=$(postgres_ticks)
    out=$(wrk -t "$threads" -c "$conc" -d "${seconds}s" --timeout 10s -s "$WORK/$query.$side.lua" "$(url_of "$side")")
    read -r requests micros errors < <(sed -n 's/^RESULT //p' <<<"$out")
    [[ $errors == 0 ]] || die "$side failed $errors requests of $query at $conc clients: $out"
    [[ $round == warm-up ]] && return
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$query" "$side" "$conc" "$round" "$requests" \
        "$(awk -v us="$micros" 'BEGIN { print us / 1e6 }')" \
        $(($(ticks_of "$(pid_of "$side")") - server0)) "$(postgres_ticks_since "$pg0")" "$HZ" \
        >>"$WORK/results.tsv"
    log "round $round: $query $side c=$conc: $requests requests in ${seconds}s"
}

run_rounds() {
    local round query conc side sides
    : >"$WORK/results.tsv"
    log "warming up"
    for query in $QUERIES; do
        for side in gongzhi postgraphile; do
            measure "$query" "$side" 8 warm-up 2
        done
    done
    for round in $(seq "$ROUNDS"); do
        # Alternate who goes first, so neither always follows the other.
        sides="gongzhi postgraphile"
        ((round % 2 == 0)) && sides="postgraphile gongzhi"
        for query in $QUERIES; do
            for conc in $CONCURRENCY; do
                for side in $sides; do
                    measure "$query" "$side" "$conc" "$round" "$SECONDS_PER_RUN"
                done
            done
        done
    done
}

main() {
    check_tools
    ensure_postgres
    ensure_postgraphile
    build_gongzhi
    seed_database
    mint_token
    start_servers
    prepare_requests
    check_answers
    run_rounds
    echo
    echo "Gongzhi / PostGraphile 4.14.1, $SCALE scale, $(nproc) cores, wrk on the same cores:"
    echo
    python3 "$PEER/peer.py" table "$WORK/results.tsv"
}

main
