-- Shifts as planned and worked: the newest version of each shift_id (by last_changed, then
-- delivery order). Duration is measured between instants, so DST changes count correctly;
-- night hours are the hours on the wall clock between 23:00 and 06:00.
WITH versions AS (
    SELECT
        s.shift_id,
        s.employee_id,
        s.unit_id,
        s."start" AS start_time,
        s."end" AS end_time,
        s.start_utc AS start_time_utc,
        s.end_utc AS end_time_utc,
        s.shift_type,
        s.status,
        s.overtime_minutes,
        s.last_changed,
        s.file_id,
        s.line_no,
        ROW_NUMBER() OVER (
            PARTITION BY s.shift_id
            ORDER BY s.last_changed_utc DESC, f.delivery_date DESC, f.file_name DESC, s.line_no DESC
        ) AS version_rank
    FROM stg_psc_shifts s
    JOIN landing_files f ON f.file_id = s.file_id
),
current_shifts AS (
    SELECT
        v.*,
        CAST(SUBSTR(start_time, 12, 2) AS INTEGER) * 60 + CAST(SUBSTR(start_time, 15, 2) AS INTEGER) AS start_minute,
        DATE_DIFF_DAYS(SUBSTR(start_time, 1, 10), SUBSTR(end_time, 1, 10)) * 1440
            + CAST(SUBSTR(end_time, 12, 2) AS INTEGER) * 60 + CAST(SUBSTR(end_time, 15, 2) AS INTEGER) AS end_minute
    FROM versions v
    WHERE version_rank = 1
)
SELECT
    c.shift_id,
    c.employee_id,
    c.unit_id,
    SUBSTR(c.start_time, 1, 10) AS shift_date,
    c.start_time,
    c.end_time,
    (c.end_time_utc - c.start_time_utc) / 3600.0 AS duration_hours,
    (
        CASE WHEN c.start_minute < 360 THEN (CASE WHEN c.end_minute < 360 THEN c.end_minute ELSE 360 END) - c.start_minute ELSE 0 END
        + CASE
            WHEN c.end_minute > 1380 AND c.start_minute < 1800
            THEN (CASE WHEN c.end_minute < 1800 THEN c.end_minute ELSE 1800 END)
                - (CASE WHEN c.start_minute > 1380 THEN c.start_minute ELSE 1380 END)
            ELSE 0
        END
    ) / 60.0 AS night_hours,
    CASE WHEN DAY_OF_WEEK(SUBSTR(c.start_time, 1, 10)) >= 6 THEN 1 ELSE 0 END AS is_weekend,
    c.shift_type,
    c.status,
    c.overtime_minutes,
    c.last_changed,
    c.file_id AS source_file_id,
    c.line_no AS source_line_no
FROM current_shifts c
