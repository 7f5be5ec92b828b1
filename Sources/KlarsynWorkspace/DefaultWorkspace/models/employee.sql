-- One row per person who has had an employment, with the first and last day employed.
SELECT
    employee_id,
    MAX(birth_year) AS birth_year,
    MAX(gender) AS gender,
    MIN(valid_from) AS first_day,
    CASE
        WHEN SUM(CASE WHEN valid_to IS NULL THEN 1 ELSE 0 END) > 0 THEN NULL
        ELSE MAX(valid_to)
    END AS last_day,
    COUNT(*) AS periods
FROM (
    SELECT
        e.employee_id,
        e.birth_year,
        e.gender,
        e.valid_from,
        e.valid_to,
        ROW_NUMBER() OVER (
            PARTITION BY e.employee_id, e.valid_from
            ORDER BY f.delivery_date DESC, f.file_name DESC, e.line_no DESC
        ) AS version_rank
    FROM stg_pdc_employments e
    JOIN landing_files f ON f.file_id = e.file_id
) current_periods
WHERE version_rank = 1
GROUP BY employee_id
