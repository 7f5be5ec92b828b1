-- Unit periods as the payroll vendor last delivered them: the organisation's history.
-- A period is identified by unit_id + valid_from; a later delivery of the same period
-- replaces the earlier one (delivery order: delivery date, then file name).
WITH versions AS (
    SELECT
        u.unit_id,
        u.parent_unit_id AS parent_id,
        u.unit_name AS name,
        u.unit_type,
        u.valid_from,
        u.valid_to,
        u.file_id,
        u.line_no,
        ROW_NUMBER() OVER (
            PARTITION BY u.unit_id, u.valid_from
            ORDER BY f.delivery_date DESC, f.file_name DESC, u.line_no DESC
        ) AS version_rank
    FROM stg_pdc_org_units u
    JOIN landing_files f ON f.file_id = u.file_id
)
SELECT
    unit_id,
    parent_id,
    name,
    unit_type,
    valid_from,
    valid_to,
    CASE WHEN valid_to IS NULL THEN 1 ELSE 0 END AS is_open,
    file_id AS source_file_id,
    line_no AS source_line_no
FROM versions
WHERE version_rank = 1
