-- Current absence registrations: the newest version of each absence_id, without the ones a
-- later delivery retracted (deleted = 1).
WITH versions AS (
    SELECT
        a.absence_id,
        a.employee_id,
        a."date" AS absence_date,
        a.code,
        a.part,
        a.registered_at,
        a.deleted,
        a.file_id,
        a.line_no,
        ROW_NUMBER() OVER (
            PARTITION BY a.absence_id
            ORDER BY f.delivery_date DESC, f.file_name DESC, a.line_no DESC
        ) AS version_rank
    FROM stg_psc_absences a
    JOIN landing_files f ON f.file_id = a.file_id
)
SELECT
    absence_id,
    employee_id,
    absence_date,
    MONTH_OF(absence_date) AS month,
    code,
    part,
    CASE WHEN part = 'HALF' THEN 0.5 ELSE 1.0 END AS day_fraction,
    registered_at,
    DATE_DIFF_DAYS(absence_date, SUBSTR(registered_at, 1, 10)) AS registration_lag_days,
    file_id AS source_file_id,
    line_no AS source_line_no
FROM versions
WHERE version_rank = 1 AND deleted = 0
