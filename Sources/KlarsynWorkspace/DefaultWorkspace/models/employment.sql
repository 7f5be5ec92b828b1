-- Employment periods as the payroll vendor last delivered them. A period is identified by
-- employee_id + valid_from; its newest delivery replaces earlier ones (an open period is
-- delivered again when it changes or ends).
WITH versions AS (
    SELECT
        e.employee_id,
        e.valid_from,
        e.valid_to,
        e.employment_type AS employment_form,
        e.weekly_hours,
        e.unit_id,
        e.occupation_code,
        e.occupation_title AS occupation,
        e.termination_reason AS leaver_reason,
        e.file_id,
        e.line_no,
        ROW_NUMBER() OVER (
            PARTITION BY e.employee_id, e.valid_from
            ORDER BY f.delivery_date DESC, f.file_name DESC, e.line_no DESC
        ) AS version_rank
    FROM stg_pdc_employments e
    JOIN landing_files f ON f.file_id = e.file_id
)
SELECT
    employee_id,
    valid_from,
    valid_to,
    employment_form,
    weekly_hours,
    weekly_hours / 37.0 AS fte,
    unit_id,
    occupation_code,
    occupation,
    leaver_reason,
    CASE WHEN employment_form IN ('Fastansat', 'Tidsbegrænset') THEN 1 ELSE 0 END AS in_core_population,
    file_id AS source_file_id,
    line_no AS source_line_no
FROM versions
WHERE version_rank = 1
