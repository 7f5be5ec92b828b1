-- hr@2: positions (stillinger) — where and as what a person works: one row per person, unit and
-- occupation, with the first and last day of the employment periods in which they held it.
WITH versions AS (
    SELECT
        e.employee_id,
        e.valid_from,
        e.valid_to,
        e.unit_id,
        e.occupation_code,
        e.occupation_title,
        ROW_NUMBER() OVER (
            PARTITION BY e.employee_id, e.valid_from
            ORDER BY f.delivery_date DESC, f.file_name DESC, e.line_no DESC
        ) AS version_rank
    FROM stg_pdc_employments e
    JOIN landing_files f ON f.file_id = e.file_id
)
SELECT
    employee_id || '/' || COALESCE(unit_id, '-') || '/' || COALESCE(occupation_code, '-') AS position_id,
    employee_id,
    unit_id,
    occupation_code,
    MAX(occupation_title) AS occupation,
    MIN(valid_from) AS first_day,
    COUNT(*) AS periods
FROM versions
WHERE version_rank = 1
GROUP BY employee_id, unit_id, occupation_code
