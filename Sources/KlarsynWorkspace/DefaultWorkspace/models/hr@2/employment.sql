-- hr@2: the employment contract per period (form, hours, FTE) as the payroll vendor last
-- delivered it; where and as what the person works is the position (position.sql).
WITH versions AS (
    SELECT
        e.employee_id,
        e.valid_from,
        e.valid_to,
        e.employment_type,
        e.weekly_hours,
        e.unit_id,
        e.occupation_code,
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
    employment_type AS contract_form,
    weekly_hours,
    CASE WHEN weekly_hours > 37 THEN 1.0 ELSE weekly_hours / 37.0 END AS fte,
    CASE WHEN employment_type IN ('Fastansat', 'Tidsbegrænset') THEN 1 ELSE 0 END AS in_core_population,
    employee_id || '/' || COALESCE(unit_id, '-') || '/' || COALESCE(occupation_code, '-') AS position_id,
    file_id AS source_file_id,
    line_no AS source_line_no
FROM versions
WHERE version_rank = 1
