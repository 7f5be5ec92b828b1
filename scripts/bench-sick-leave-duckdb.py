#!/usr/bin/env python3
"""The sick-leave definition (version 1 of definitions/sick-leave.md) computed independently in
DuckDB SQL from the delivery files, for scripts/bench-sick-leave.

    bench-sick-leave-duckdb.py compute INBOX OUT.duckdb
        reads psc_absences, pdc_employments and pdc_org_units straight from the files and writes
        the tables sick_spell, sick_leave_employee_month, sick_leave_unit_month into OUT.duckdb;
        prints the seconds it took.
    bench-sick-leave-duckdb.py compare OUT.duckdb KLARSYN_EXPORT_DIR
        compares them row for row with Klarsyn's tables (exported as CSV by the shell script).

Semantics as sick-leave.md and docs/sick-leave-engine.md: newest version of each absence_id
(delivery date, then file name) wins, deleted = 1 retracts, codes, weight min(1, sum of parts);
employment periods newest per (employee, valid_from), open ones end at the horizon, overlaps
resolved per day (counted form first, then the latest start); spells by gaps and islands with
bridging (link_gap_days); retroactive classification on the span; FTE weighting; attribution to
the home unit and its ancestors in the unit tree as it was on each date (a unit absent from the
tree that day counts for itself alone). Horizon: the end of the last complete month before the
last delivery of absences or employments (ADR 0076). Months before the first absence month are
left out.
"""
import re
import sys
import time
from pathlib import Path

import duckdb

# Version 1 of definitions/sick-leave.md (the region default).
CODES = ["SYG"]
POPULATION = ["Fastansat", "Tidsbegrænset"]
HALF_DAY_WEIGHT = 0.5
LINK_GAP_DAYS = 2
THRESHOLD = 28  # long-term when span > 28
FULL_TIME_HOURS = 37.0
VERSION = 1


def horizon_of(inbox: Path) -> str:
    dates = []
    for p in inbox.iterdir():
        m = re.match(r"(psc_absences|pdc_employments)_(\d{6}|\d{8})\.csv$", p.name)
        if m:
            d = m.group(2)
            dates.append(d + "01" if len(d) == 6 else d)
    last = max(dates)
    # the day before the first of the last delivery's month
    return f"{last[0:4]}-{last[4:6]}-01"


def sql_list(values):
    return ", ".join("'" + v.replace("'", "''") + "'" for v in values)


def compute(inbox: Path, out: Path) -> None:
    started = time.time()
    first_of_last_month = horizon_of(inbox)
    con = duckdb.connect(str(out))
    con.execute("SET threads = 2")
    con.execute("SET preserve_insertion_order = false")
    q = con.execute
    file_date = "CASE WHEN length(regexp_extract(filename, '_(\\d+)\\.csv$', 1)) = 6 THEN regexp_extract(filename, '_(\\d+)\\.csv$', 1) || '01' ELSE regexp_extract(filename, '_(\\d+)\\.csv$', 1) END"
    file_name = "regexp_extract(filename, '[^/]+$')"
    q(f"CREATE TEMP TABLE params AS SELECT DATE '{first_of_last_month}' - 1 AS h")
    q(f"""
        CREATE TEMP TABLE abs AS
        SELECT employee_id, absence_id, "date" AS d, code, part, deleted, {file_date} AS ddate, {file_name} AS fname
        FROM read_csv('{inbox}/psc_absences_*.csv', header = true, filename = true, delim = ',',
            columns = {{'absence_id': 'VARCHAR', 'employee_id': 'VARCHAR', 'date': 'DATE', 'code': 'VARCHAR',
                        'part': 'VARCHAR', 'registered_at': 'VARCHAR', 'deleted': 'INTEGER'}})
    """)
    q("CREATE TEMP TABLE first_month AS SELECT date_trunc('month', min(d))::DATE AS m FROM abs")
    q(f"""
        CREATE TEMP TABLE sick AS
        SELECT employee_id, d, least(1.0, sum(CASE WHEN part = 'FULL' THEN 1.0 ELSE {HALF_DAY_WEIGHT} END)) AS w
        FROM (SELECT * FROM abs QUALIFY row_number() OVER (PARTITION BY employee_id, absence_id ORDER BY ddate DESC, fname DESC) = 1)
        WHERE deleted = 0 AND code IN ({sql_list(CODES)})
        GROUP BY employee_id, d
    """)
    q(f"""
        CREATE TEMP TABLE emp AS
        SELECT employee_id, vf, least(coalesce(vt, (SELECT h FROM params)), (SELECT h FROM params)) AS ve, form, hours, unit
        FROM (
            SELECT "MedarbejderID" AS employee_id, strptime("Gyldig_fra", '%d-%m-%Y')::DATE AS vf,
                CASE WHEN coalesce("Gyldig_til", '') = '' THEN NULL ELSE strptime("Gyldig_til", '%d-%m-%Y')::DATE END AS vt,
                "Ansættelsesform" AS form, replace("Ugentlige_timer", ',', '.')::DOUBLE AS hours, "EnhedID" AS unit,
                {file_date} AS ddate, {file_name} AS fname
            FROM read_csv('{inbox}/pdc_employments_*.csv', header = true, filename = true, delim = ';',
                all_varchar = true, encoding = 'latin-1')
        )
        QUALIFY row_number() OVER (PARTITION BY employee_id, vf ORDER BY ddate DESC, fname DESC) = 1
    """)
    q("DELETE FROM emp WHERE ve < vf")
    # Employees whose periods overlap need the per-day choice; the others take their periods as they are.
    q("""
        CREATE TEMP TABLE overlapping AS
        SELECT DISTINCT a.employee_id FROM emp a JOIN emp b
        ON a.employee_id = b.employee_id AND a.vf < b.vf AND b.vf <= a.ve
    """)
    # Counted employment as segments (no row per day): periods as delivered, except for employees
    # whose periods overlap, resolved day by day (counted form first, then the latest start).
    q(f"""
        CREATE TEMP TABLE seg AS
        SELECT employee_id, vf AS s, ve AS t, hours / {FULL_TIME_HOURS} AS fte, round(hours * 100)::BIGINT AS h100, unit FROM emp
        WHERE form IN ({sql_list(POPULATION)}) AND employee_id NOT IN (SELECT employee_id FROM overlapping)
        UNION ALL
        SELECT employee_id, d AS s, d AS t, hours / {FULL_TIME_HOURS} AS fte, round(hours * 100)::BIGINT AS h100, unit FROM (
            SELECT * FROM (
                SELECT e.employee_id, unnest(generate_series(e.vf, e.ve, INTERVAL 1 DAY))::DATE AS d, e.form, e.hours, e.unit, e.vf
                FROM emp e WHERE e.employee_id IN (SELECT employee_id FROM overlapping)
            )
            QUALIFY row_number() OVER (PARTITION BY employee_id, d ORDER BY (form IN ({sql_list(POPULATION)})) DESC, vf DESC) = 1
        ) WHERE form IN ({sql_list(POPULATION)})
    """)
    # Segments cut at month ends.
    q("""
        CREATE TEMP TABLE segm AS
        SELECT employee_id, fte, h100, unit, greatest(s, m)::DATE AS s, least(t, (m + INTERVAL 1 MONTH - INTERVAL 1 DAY)::DATE) AS t,
            strftime(m, '%Y-%m') AS month
        FROM (SELECT *, unnest(generate_series(date_trunc('month', s), date_trunc('month', t), INTERVAL 1 MONTH))::DATE AS m FROM seg)
    """)
    # Counted sick dates, spells (gaps and islands with bridging), classification.
    q(f"""
        CREATE TEMP TABLE sd AS
        SELECT employee_id, d, w, fte, h100, unit,
            sum(CASE WHEN prev IS NULL OR d - prev - 1 > {LINK_GAP_DAYS} THEN 1 ELSE 0 END)
                OVER (PARTITION BY employee_id ORDER BY d ROWS UNBOUNDED PRECEDING) AS spell_no,
            prev IS NULL OR d - prev - 1 > {LINK_GAP_DAYS} AS starts
        FROM (
            SELECT s.employee_id, s.d, s.w, g.fte, g.h100, g.unit, lag(s.d) OVER (PARTITION BY s.employee_id ORDER BY s.d) AS prev
            FROM sick s JOIN seg g ON g.employee_id = s.employee_id AND s.d BETWEEN g.s AND g.t
        )
    """)
    q(f"""
        CREATE TABLE sick_spell AS
        SELECT employee_id, spell_no, min(d) AS first_date, max(d) AS last_date, (max(d) - min(d) + 1) AS span_days,
            count(*) AS sick_days, sum(w) AS days_lost, CASE WHEN max(d) - min(d) + 1 > {THRESHOLD} THEN 1 ELSE 0 END AS is_long_term,
            {VERSION} AS definition_version
        FROM sd GROUP BY employee_id, spell_no
    """)
    q("""
        CREATE TEMP TABLE sdl AS
        SELECT sd.employee_id, sd.d, strftime(sd.d, '%Y-%m') AS month, sd.w, sd.fte, sd.h100, sd.unit, sd.starts, sp.is_long_term = 1 AS long
        FROM sd JOIN sick_spell sp ON sp.employee_id = sd.employee_id AND sp.spell_no = sd.spell_no
    """)
    q(f"""
        CREATE TABLE sick_leave_employee_month AS
        SELECT a.employee_id, a.month, coalesce(l.short_days, 0) AS short_days, coalesce(l.long_days, 0) AS long_days,
            round(coalesce(l.lost, 0), 4) AS fte_days_lost, round(a.available, 4) AS fte_days_available,
            {VERSION} AS definition_version
        FROM (SELECT employee_id, month, sum((t - s + 1) * fte) AS available FROM segm GROUP BY ALL) a
        LEFT JOIN (
            SELECT employee_id, month, sum(CASE WHEN NOT long THEN w ELSE 0 END) AS short_days,
                sum(CASE WHEN long THEN w ELSE 0 END) AS long_days, sum(w * fte) AS lost
            FROM sdl GROUP BY ALL
        ) l ON l.employee_id = a.employee_id AND l.month = a.month
        WHERE a.month >= strftime((SELECT m FROM first_month), '%Y-%m')
    """)
    # The unit tree through time: epochs between period boundaries, the chain of every unit per epoch.
    q(f"""
        CREATE TEMP TABLE ou AS
        SELECT unit_id, parent_id, vf, vt FROM (
            SELECT "EnhedID" AS unit_id, nullif("Overordnet", '') AS parent_id, strptime("Gyldig_fra", '%d-%m-%Y')::DATE AS vf,
                CASE WHEN coalesce("Gyldig_til", '') = '' THEN NULL ELSE strptime("Gyldig_til", '%d-%m-%Y')::DATE END AS vt,
                {file_date} AS ddate, {file_name} AS fname
            FROM read_csv('{inbox}/pdc_org_units_*.csv', header = true, filename = true, delim = ';', all_varchar = true,
                encoding = 'latin-1')
        )
        QUALIFY row_number() OVER (PARTITION BY unit_id, vf ORDER BY ddate DESC, fname DESC) = 1
    """)
    q("""
        CREATE TEMP TABLE epochs AS
        SELECT row_number() OVER (ORDER BY b) AS e, b AS e_start
        FROM (SELECT DATE '0001-01-01' AS b UNION SELECT vf FROM ou UNION SELECT vt + 1 FROM ou WHERE vt IS NOT NULL)
    """)
    q("""
        CREATE TEMP TABLE parent_in AS
        SELECT e.e, o.unit_id, o.parent_id FROM epochs e JOIN ou o ON o.vf <= e.e_start AND (o.vt IS NULL OR o.vt >= e.e_start)
        QUALIFY row_number() OVER (PARTITION BY e.e, o.unit_id ORDER BY o.vf DESC) = 1
    """)
    q("""
        CREATE TEMP TABLE chain AS
        WITH RECURSIVE c(e, unit_id, anc, depth) AS (
            SELECT e, unit_id, unit_id, 0 FROM parent_in
            UNION ALL
            SELECT c.e, c.unit_id, p.unit_id, c.depth + 1
            FROM c JOIN parent_in cur ON cur.e = c.e AND cur.unit_id = c.anc
            JOIN parent_in p ON p.e = c.e AND p.unit_id = cur.parent_id
            WHERE c.depth < 64
        )
        SELECT e, unit_id, anc FROM c
    """)
    # Per unit, month and tree epoch first (small), then up the chains.
    q("""
        CREATE TEMP TABLE epoch_range AS
        SELECT e, e_start, (coalesce(lead(e_start) OVER (ORDER BY e_start), DATE '9999-12-31') - 1) AS e_end FROM epochs
    """)
    q("""
        CREATE TEMP TABLE unit_epoch AS
        SELECT unit, month, e, sum(available) AS available, sum(lost) AS lost, sum(short) AS short, sum(long) AS long,
            sum(spells) AS spells, sum(a2h) AS a2h, sum(l2h) AS l2h
        FROM (
            SELECT g.unit, g.month, r.e, (least(g.t, r.e_end) - greatest(g.s, r.e_start) + 1) * g.fte AS available,
                0.0 AS lost, 0.0 AS short, 0.0 AS long, 0 AS spells,
                ((least(g.t, r.e_end) - greatest(g.s, r.e_start) + 1) * 2 * g.h100)::HUGEINT AS a2h, 0::HUGEINT AS l2h
            FROM segm g JOIN epoch_range r ON r.e_start <= g.t AND r.e_end >= g.s
            UNION ALL
            SELECT l.unit, l.month, r.e, 0.0, l.w * l.fte, CASE WHEN NOT l.long THEN l.w ELSE 0 END,
                CASE WHEN l.long THEN l.w ELSE 0 END, CASE WHEN l.starts THEN 1 ELSE 0 END,
                0::HUGEINT, round(l.w * 2 * l.h100)::HUGEINT
            FROM sdl l ASOF JOIN epoch_range r ON l.d >= r.e_start
        )
        GROUP BY ALL
    """)
    q(f"""
        CREATE TABLE sick_leave_unit_month AS
        SELECT coalesce(ch.anc, ue.unit) AS unit_id, ue.month, round(sum(ue.lost), 4) AS fte_days_lost,
            round(sum(ue.available), 4) AS fte_days_available,
            -- the exact ratio of the sums (half-day weights x hundredths of hours are integers), half away from zero
            CASE WHEN sum(ue.a2h) > 0 THEN ((sum(ue.l2h) * 20000 + sum(ue.a2h)) // (2 * sum(ue.a2h))) / 100.0 END AS rate_pct,
            sum(ue.short) AS short_days, sum(ue.long) AS long_days, sum(ue.spells)::BIGINT AS spells_started,
            {VERSION} AS definition_version
        FROM unit_epoch ue LEFT JOIN chain ch ON ch.e = ue.e AND ch.unit_id = ue.unit
        WHERE ue.month >= strftime((SELECT m FROM first_month), '%Y-%m')
        GROUP BY ALL
    """)
    con.close()
    counts = duckdb.connect(str(out), read_only=True)
    n = [counts.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in
         ["sick_spell", "sick_leave_employee_month", "sick_leave_unit_month"]]
    print(f"duckdb: {n[0]} spells, {n[1]} employee-months, {n[2]} unit-months in {time.time() - started:.2f} s")


def compare(out: Path, export: Path) -> int:
    con = duckdb.connect(str(out), read_only=True)
    specs = {
        "sick_spell": (["employee_id", "spell_no"],
                       ["first_date", "last_date", "span_days", "sick_days", "days_lost", "is_long_term"], {}),
        "sick_leave_employee_month": (["employee_id", "month"],
                                      ["short_days", "long_days", "fte_days_lost", "fte_days_available"], {}),
        "sick_leave_unit_month": (["unit_id", "month"],
                                  ["fte_days_lost", "fte_days_available", "rate_pct", "short_days", "long_days",
                                   "spells_started"], {}),
    }
    failed = 0
    for table, (key, values, _) in specs.items():
        k = con.execute(f"SELECT * FROM read_csv('{export}/{table}.csv', header = true, all_varchar = true)")
        con.execute(f"CREATE TEMP TABLE k_{table} AS SELECT * FROM read_csv('{export}/{table}.csv', header = true, all_varchar = true)")
        del k
        keys = " AND ".join(f"k.{c} = d.{c}::VARCHAR" for c in key)
        # Numbers compared as numbers (a REAL read back as text may differ in its last digits).
        diffs = []
        for c in values:
            if c in ("first_date", "last_date"):
                diffs.append(f"k.{c} IS DISTINCT FROM d.{c}::VARCHAR")
            else:
                diffs.append(f"(k.{c} IS NULL) <> (d.{c} IS NULL) OR abs(k.{c}::DOUBLE - d.{c}::DOUBLE) > 1e-9")
        row = con.execute(f"""
            SELECT count(*) FILTER (WHERE d.{key[0]} IS NULL) AS only_klarsyn,
                   count(*) FILTER (WHERE k.{key[0]} IS NULL) AS only_duckdb,
                   count(*) FILTER (WHERE d.{key[0]} IS NOT NULL AND k.{key[0]} IS NOT NULL AND ({' OR '.join(diffs)})) AS differing,
                   count(*) AS total
            FROM (SELECT * FROM k_{table} WHERE definition_version = '{VERSION}') k
            FULL OUTER JOIN {table} d ON {keys}
        """).fetchone()
        same = row[0] == 0 and row[1] == 0 and row[2] == 0
        failed += 0 if same else 1
        print(f"{table}: {row[3]} rows; only in Klarsyn {row[0]}, only in DuckDB {row[1]}, differing {row[2]} -> "
              + ("IDENTICAL" if same else "DIFFERENT"))
        if not same:
            sample = con.execute(f"""
                SELECT k.*, d.* FROM (SELECT * FROM k_{table} WHERE definition_version = '{VERSION}') k
                FULL OUTER JOIN {table} d ON {keys}
                WHERE d.{key[0]} IS NULL OR k.{key[0]} IS NULL OR {' OR '.join(diffs)} LIMIT 3
            """).fetchall()
            for s in sample:
                print("   ", s)
    return failed


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "compute":
        compute(Path(sys.argv[2]).resolve(), Path(sys.argv[3]))
    elif len(sys.argv) == 4 and sys.argv[1] == "compare":
        sys.exit(1 if compare(Path(sys.argv[2]), Path(sys.argv[3]).resolve()) else 0)
    else:
        print(__doc__)
        sys.exit(2)
